import Testing
@testable import QueryEngine

/// The lossless codec between bytes and engine strings: every byte string comes back exactly,
/// valid UTF-8 decodes to the String Swift itself makes.
@Suite struct ByteTextTests {
    func roundTrip(_ bytes: [UInt8]) -> [UInt8] {
        ByteText.bytes(of: ByteText.string(bytes: bytes))
    }

    /// The edge cases one by one: each comes back byte for byte.
    @Test(arguments: [
        [], [0x41], [0x00], [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF],   // lone continuation, overlong 2-byte
        [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98],                          // truncated sequences
        [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF],                      // overlong 3- and 4-byte
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],                            // UTF-16 surrogates spelled in UTF-8
        [0xF4, 0x90, 0x80, 0x80],                                          // beyond U+10FFFF
        [0xF5], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF],            // bytes that never occur in UTF-8
        [0xF4, 0x8F, 0xBE, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],                // the reserved block itself (U+10FF80, U+10FFFF)
        [0xF4, 0x8F, 0xBE], [0xF4, 0x8F],                                  // truncated reserved
        [0xF4, 0x8F, 0xBD, 0xBF],                                          // U+10FF7F: just below the block, valid
        Array("São Paulo".utf8) + [0xFF] + Array("中国".utf8),
        Array("a,b\n\"c\"".utf8) + [0xC3, 0x28],
    ] as [[UInt8]])
    func edgeCasesComeBackExactly(_ bytes: [UInt8]) {
        #expect(roundTrip(bytes) == bytes)
    }

    /// Random byte strings (biased towards the bytes UTF-8 cares about) all come back.
    @Test func randomBytesComeBackExactly() {
        var rng = DiffRandom(seed: 0x5eed)
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x9F, 0xA0, 0xBE, 0xBF, 0xC0, 0xC2, 0xDF,
                                    0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let n = Int(rng.next() % 24)
            let bytes = (0..<n).map { _ -> UInt8 in
                let r = rng.next()
                return r & 1 == 0 ? interesting[Int((r >> 1) % UInt64(interesting.count))] : UInt8(truncatingIfNeeded: r >> 8)
            }
            // Where Swift finds the bytes valid (and they hold no reserved code point), the
            // codec decodes them to the same String.
            if let v = String(validating: bytes, as: UTF8.self), !v.unicodeScalars.contains(where: { $0.value >= 0x10FF80 }) {
                #expect(ByteText.string(bytes: bytes) == v)
            } else {
                #expect(ByteText.hasEscapes(ByteText.string(bytes: bytes)), "\(bytes)")
            }
            let back = roundTrip(bytes)
            #expect(back == bytes, "\(bytes)")
            if back != bytes { return }
        }
    }

    /// Valid UTF-8 (without the reserved block) decodes exactly as Swift decodes it.
    @Test func validTextIsUnchanged() {
        for s in ["", "plain ascii, longer than eight bytes", "México", "中国 🇧🇷", "\u{10FF7F}", "\u{FFFD}", "e\u{301}"] {
            #expect(ByteText.string(bytes: Array(s.utf8)) == s)
            #expect(ByteText.bytes(of: s) == Array(s.utf8))
            #expect(!ByteText.hasEscapes(s))
        }
    }

    /// Distinct byte strings decode to distinct strings (so grouping and joins keep them
    /// apart), and an invalid byte is one reserved code point.
    @Test func invalidBytesAreEscapedOnePerByte() {
        let s = ByteText.string(bytes: [0x61, 0xFF, 0xFE, 0x62])
        #expect(s.unicodeScalars.map(\.value) == [0x61, 0x10FFFF, 0x10FFFE, 0x62])
        #expect(ByteText.hasEscapes(s))
        #expect(ByteText.displayText(s) == "a\u{FFFD}\u{FFFD}b")
        #expect(ByteText.string(bytes: [0xFF]) != ByteText.string(bytes: [0xFE]))
        // The reserved code point met in valid input is escaped too, so it differs from the
        // byte it would stand for.
        #expect(ByteText.string(bytes: [0xF4, 0x8F, 0xBF, 0xBF]) != ByteText.string(bytes: [0xFF]))
    }

    /// Box and HTML displays mark the bytes; they never show the private-use characters.
    @Test func displayMarksInvalidBytes() {
        let v = Value.string(ByteText.string(bytes: [0x61, 0xFF]))
        #expect(BoxRenderer.cellText(v) == "a\\xFF")
    }
}
