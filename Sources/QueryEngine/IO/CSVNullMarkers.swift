// Which unquoted CSV fields are null. The test runs for every field, so most fields are
// rejected by two bit tests (a bit per marker length, a bit per marker's first byte) without
// touching the markers.

struct CSVNullMarkers: Sendable {
    private let markers: [[UInt8]]
    private let emptyIsNull: Bool
    private let lengths: UInt64
    private let firstBytes: (UInt64, UInt64, UInt64, UInt64)

    init(_ texts: [String]) {
        markers = texts.map { ByteText.bytes(of: $0) }.filter { !$0.isEmpty }
        emptyIsNull = texts.contains("")
        var lengths: UInt64 = 0
        var first: [UInt64] = [0, 0, 0, 0]
        for m in markers {
            lengths |= m.count < 64 ? 1 << UInt64(m.count) : 1 << 63
            first[Int(m[0]) >> 6] |= 1 << UInt64(m[0] & 63)
        }
        self.lengths = lengths
        firstBytes = (first[0], first[1], first[2], first[3])
    }

    /// Whether the unquoted field of `n` bytes at `s` is a null marker.
    @inline(__always)
    func matches(_ s: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n == 0 { return emptyIsNull }
        if lengths & (1 << UInt64(min(n, 63))) == 0 { return false }
        let b = s[0]
        let word: UInt64
        switch b >> 6 {
        case 0: word = firstBytes.0
        case 1: word = firstBytes.1
        case 2: word = firstBytes.2
        default: word = firstBytes.3
        }
        if word & (1 << UInt64(b & 63)) == 0 { return false }
        for m in markers where m.count == n {
            var same = true
            for j in 0..<n where m[j] != s[j] { same = false; break }
            if same { return true }
        }
        return false
    }
}
