// Interns byte strings straight from an input buffer into dictionary codes. Making a Swift
// String per field would cost an allocation and UTF-8 validation a row; here only the first
// occurrence of each distinct value becomes a String.

struct ByteDictionary {
    private(set) var strings: [String] = []
    private var keyStart: [Int] = []
    private var keyLength: [Int] = []
    private var keyBytes: [UInt8] = []
    private var slots: [Int32]
    private var mask: Int
    /// False for a chunk's dictionary that is merged into another by its bytes: no String is
    /// made per distinct value of each chunk.
    private let keepsStrings: Bool
    /// Number of distinct values.
    private(set) var count = 0

    init(keepsStrings: Bool = true) {
        slots = [Int32](repeating: -1, count: 64)
        mask = 63
        self.keepsStrings = keepsStrings
    }

    /// Calls `body` with the bytes of each distinct value, in code order.
    func forEachKey(_ body: (UnsafePointer<UInt8>, Int) -> Void) {
        keyBytes.withUnsafeBufferPointer { buf in
            // An empty key on an empty buffer has no base address: point at any byte.
            let base = buf.baseAddress ?? UnsafePointer(ByteDictionary.oneByte)
            for k in 0..<count { body(base + keyStart[k], keyLength[k]) }
        }
    }

    nonisolated(unsafe) private static let oneByte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    mutating func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        let h = ByteDictionary.hash(p, n)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s < 0 { break }
            let k = Int(s)
            if keyLength[k] == n && keyBytes.withUnsafeBufferPointer({ memeq($0.baseAddress! + keyStart[k], p, n) }) {
                return UInt32(k)
            }
            i = (i + 1) & mask
        }
        let k = count
        keyStart.append(keyBytes.count)
        keyLength.append(n)
        keyBytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        if keepsStrings { strings.append(ByteText.string(p, count: n)) }
        count += 1
        slots[i] = Int32(k)
        if count * 2 > slots.count { grow() }
        return UInt32(k)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        keyBytes.withUnsafeBufferPointer { buf in
            for k in 0..<count {
                var i = Int(truncatingIfNeeded: ByteDictionary.hash(buf.baseAddress! + keyStart[k], keyLength[k])) & mask
                while slots[i] >= 0 { i = (i + 1) & mask }
                slots[i] = Int32(k)
            }
        }
    }

    @inline(__always) private func memeq(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for j in 0..<n where a[j] != b[j] { return false }
        return true
    }

    /// Word-at-a-time multiplicative hash: short keys (country names, ISO codes) dominate.
    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var j = 0
        let raw = UnsafeRawPointer(p)
        while j + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            j += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while j < n { tail |= UInt64(p[j]) << shift; shift += 8; j += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }
}
