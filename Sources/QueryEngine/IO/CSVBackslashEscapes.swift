// TSV's backslash escapes (`\t \n \r \\`), as TSV writers (Hemi's own `to_tsv`, PostgreSQL's
// COPY) spell what a TSV field cannot hold, so that such a file reads back exactly. Only text
// fields are decoded; any other backslash is kept with the byte after it.

enum CSVBackslashEscapes {
    /// The decoded bytes of the `n` bytes at `s`, into `out` (emptied first).
    static func decode(_ s: UnsafePointer<UInt8>, _ n: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = 0
        while i < n {
            let b = s[i]
            if b == UInt8(ascii: "\\"), i + 1 < n {
                switch s[i + 1] {
                case UInt8(ascii: "t"): out.append(9); i += 2; continue
                case UInt8(ascii: "n"): out.append(10); i += 2; continue
                case UInt8(ascii: "r"): out.append(13); i += 2; continue
                case UInt8(ascii: "\\"): out.append(b); i += 2; continue
                default: break
                }
            }
            out.append(b)
            i += 1
        }
    }
}
