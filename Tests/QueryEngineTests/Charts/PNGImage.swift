// Just enough PNG decoding to look at what rsvg-convert drew: 8-bit RGBA or RGB, not
// interlaced. zlib is reached through dlopen (it is always installed beside librsvg) rather
// than a new package dependency for a test.

import Foundation
import Testing

struct PNGImage {
    struct Pixel {
        let r: UInt8, g: UInt8, b: UInt8, a: UInt8
        /// Transparent counts as the white page.
        var isWhite: Bool { a < 16 || (r > 245 && g > 245 && b > 245) }
        var isDark: Bool { a > 128 && Int(r) + Int(g) + Int(b) < 200 }
    }

    enum Failure: Error, CustomStringConvertible {
        case bad(String)
        var description: String { if case let .bad(s) = self { return s }; return "" }
    }

    let width: Int
    let height: Int
    private let pixels: [Pixel]

    init(contentsOf path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count > 33, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw Failure.bad("\(path): not a PNG file")
        }
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var offset = 8
        var width = 0, height = 0, channels = 0
        var compressed: [UInt8] = []
        while offset + 8 <= bytes.count {
            let length = u32(offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let data = offset + 8
            guard data + length <= bytes.count else { throw Failure.bad("\(path): truncated \(type) chunk") }
            if type == "IHDR" {
                width = u32(data)
                height = u32(data + 4)
                guard bytes[data + 8] == 8, bytes[data + 12] == 0 else { throw Failure.bad("\(path): only 8-bit non-interlaced PNG is read") }
                switch bytes[data + 9] {
                case 6: channels = 4
                case 2: channels = 3
                default: throw Failure.bad("\(path): colour type \(bytes[data + 9]) not read")
                }
            } else if type == "IDAT" {
                compressed += bytes[data..<(data + length)]
            }
            offset = data + length + 4
        }
        guard width > 0, height > 0, channels > 0 else { throw Failure.bad("\(path): no IHDR") }
        let stride = width * channels
        let raw = try Self.inflate(compressed, expected: height * (stride + 1))
        var rows = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            for x in 0..<stride {
                let cur = raw[y * (stride + 1) + 1 + x]
                let a = x >= channels ? Int(rows[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(rows[(y - 1) * stride + x]) : 0
                let c = (x >= channels && y > 0) ? Int(rows[(y - 1) * stride + x - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c)
                default: throw Failure.bad("\(path): bad filter \(filter) on row \(y)")
                }
                rows[y * stride + x] = UInt8((Int(cur) + predictor) & 0xFF)
            }
        }
        self.width = width
        self.height = height
        self.pixels = (0..<(width * height)).map { i in
            let p = i * channels
            return Pixel(r: rows[p], g: rows[p + 1], b: rows[p + 2], a: channels == 4 ? rows[p + 3] : 255)
        }
    }

    func count(where match: (Int, Int, Pixel) -> Bool) -> Int {
        var n = 0
        for y in 0..<height { for x in 0..<width where match(x, y, pixels[y * width + x]) { n += 1 } }
        return n
    }

    func count(rows: Range<Int>, where match: (Pixel) -> Bool) -> Int {
        count { _, y, p in rows.contains(y) && match(p) }
    }

    func count(columns: Range<Int>, where match: (Pixel) -> Bool) -> Int {
        count { x, _, p in columns.contains(x) && match(p) }
    }

    private typealias Uncompress = @convention(c) (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?, UnsafePointer<UInt8>?, UInt) -> Int32

    private static func inflate(_ input: [UInt8], expected: Int) throws -> [UInt8] {
        guard let lib = dlopen("libz.so.1", RTLD_NOW) ?? dlopen("libz.dylib", RTLD_NOW),
              let symbol = dlsym(lib, "uncompress") else {
            throw Failure.bad("zlib (libz.so.1) not found to decode the PNG")
        }
        let uncompress = unsafeBitCast(symbol, to: Uncompress.self)
        var output = [UInt8](repeating: 0, count: expected)
        var size = UInt(expected)
        let status = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { inp in uncompress(out.baseAddress, &size, inp.baseAddress, UInt(inp.count)) }
        }
        guard status == 0, Int(size) == expected else { throw Failure.bad("zlib uncompress failed (\(status)), \(size) of \(expected) bytes") }
        return output
    }
}
