#if canImport(Testing)
#if canImport(Glibc)
import Glibc
#endif

/// The names in a folder as readdir gives them: bytes, not Strings, so a test of file names
/// that are not UTF-8 (or differ only by normalisation) sees exactly what is on disk.
public enum DirectoryEntries {
    /// The names in `dir`, sorted by their bytes; "." and ".." left out; none for a folder that
    /// cannot be opened.
    public static func of(_ dir: String) -> [[UInt8]] {
        guard let stream = opendir(dir) else { return [] }
        defer { closedir(stream) }
        var out: [[UInt8]] = []
        while let e = readdir(stream) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [0x2E] && name != [0x2E, 0x2E] { out.append(name) }
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
#endif
