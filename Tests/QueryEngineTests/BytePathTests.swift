import Testing
import Foundation
import Glibc
@testable import QueryEngine
import TestSupport

/// File names are bytes (FilePath.swift): an engine path decoded by ByteText reaches the
/// system as the bytes it stands for, in the readers and in every system call of the safe
/// writer (the temporary file beside the target included); messages show such bytes as \xNN.
@Suite struct BytePathTests {
    static let table = try! Table(fields: ["a"], columns: [Column(.int([1, 2]))])

    /// A fresh directory (its own name plain ASCII), removed after `body`.
    func inDirectory(_ body: (String) throws -> Void) throws {
        var template = Array("/tmp/hemi-bytepath-XXXXXX".utf8CString)
        let dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }

    /// The names in `dir` as bytes, sorted.
    func entries(_ dir: String) -> [[UInt8]] { DirectoryEntries.of(dir) }

    /// An engine path: `dir` + "/" + the bytes, decoded by ByteText as a Lua string is.
    func path(_ dir: String, _ name: [UInt8]) -> String { ByteText.string(bytes: Array(dir.utf8) + [0x2F] + name) }

    @Test func withPathHandsOverTheBytes() {
        for name: [UInt8] in [[0xFF], [0xC3, 0xA9], [0xF4, 0x8F, 0xBF, 0xBF], [0x80, 0xE2, 0x82], Array("plain".utf8)] {
            let s = ByteText.string(bytes: name)
            let got = FileIO.withPath(s) { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
            #expect(got == name, "\(name)")
        }
    }

    @Test func shownEscapesBytesAsTheBoxDoes() {
        #expect(FileIO.shown(ByteText.string(bytes: Array("/tmp/a".utf8) + [0xFF] + Array(".csv".utf8))) == "/tmp/a\\xFF.csv")
        #expect(FileIO.shown("caf\u{E9}.csv") == "caf\u{E9}.csv")
        #expect(FileIO.shown("a\nb\u{1B}") == "a\\x0Ab\\x1B")
        #expect(FileIO.shown(ByteText.string(bytes: [0xF4, 0x8F, 0xBF, 0xBF])) == "\\xF4\\x8F\\xBF\\xBF")
    }

    @Test func writersAndReadersUseTheBytes() throws {
        try inDirectory { dir in
            let names: [[UInt8]] = [[0x61, 0xFF], [0xC3, 0xA9], [0xF4, 0x8F, 0xBF, 0xBF], [0x80, 0xE2, 0x82]]
            for name in names {
                try Self.table.write(.csv, to: path(dir, name + Array(".csv".utf8)))
                try Self.table.write(.json, to: path(dir, name + Array(".json".utf8)))
                #expect(try CSVReader.read(path: path(dir, name + Array(".csv".utf8))).rowCount == 2)
                #expect(try JSONReader.read(path: path(dir, name + Array(".json".utf8))).rowCount == 2)
                #expect(try FileIO.readAll(path(dir, name + Array(".csv".utf8))) == Array("a\n1\n2\n".utf8))
            }
            let expected = names.flatMap { [$0 + Array(".csv".utf8), $0 + Array(".json".utf8)] }.sorted { $0.lexicographicallyPrecedes($1) }
            #expect(entries(dir) == expected)
        }
    }

    /// The temporary file is made in the target's folder by its bytes, renamed by them, and
    /// an existing file is replaced whole (its mode kept) with nothing left beside it.
    @Test func theTemporaryFileLivesInAFolderNamedByBytes() throws {
        try inDirectory { dir in
            let folder: [UInt8] = [0x64, 0xFF]
            let made = (Array(dir.utf8) + [0x2F] + folder + [0]).withUnsafeBufferPointer {
                $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: $0.count) { mkdir($0, 0o755) }
            }
            #expect(made == 0)
            let target = path(dir, folder + Array("/x\u{FF}.csv".utf8))   // valid U+00FF in the file name
            try Self.table.write(.csv, to: target)
            #expect(FileIO.withPath(target) { chmod($0, 0o640) } == 0)
            try Table(fields: ["a"], columns: [Column(.int([7]))]).write(.csv, to: target)
            #expect(try FileIO.readAll(target) == Array("a\n7\n".utf8))
            // Listed by its bytes (opendir through withPath).
            let listed = FileIO.withPath(ByteText.string(bytes: Array(dir.utf8) + [0x2F] + folder)) { p -> [[UInt8]] in
                guard let stream = opendir(p) else { return [] }
                defer { closedir(stream) }
                var out: [[UInt8]] = []
                while let e = readdir(stream) {
                    let name = withUnsafeBytes(of: e.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                    if name.first != 0x2E || name.count > 2 { out.append(name) }
                }
                return out
            }
            #expect(listed == [Array("x\u{FF}.csv".utf8)], "no temporary file left beside it")
            var st = stat()
            #expect(FileIO.withPath(target) { stat($0, &st) } == 0 && st.st_mode & 0o777 == 0o640)
        }
    }

    @Test func errorsNameThePathWithHexEscapes() throws {
        try inDirectory { dir in
            let missing = path(dir, [0x6E, 0xFF] + Array(".csv".utf8))
            #expect { try CSVReader.read(path: missing) } throws: { e in
                (e as? EngineError)?.message == "\(dir)/n\\xFF.csv: cannot open (No such file or directory)"
            }
            #expect { try JSONReader.read(path: missing) } throws: { e in
                (e as? EngineError)?.message == "\(dir)/n\\xFF.csv: cannot open (No such file or directory)"
            }
            let inMissingFolder = path(dir, [0x6E, 0xFF] + Array("/x.csv".utf8))
            #expect { try Self.table.write(.csv, to: inMissingFolder) } throws: { e in
                (e as? EngineError)?.message.hasPrefix("\(dir)/n\\xFF/x.csv: cannot create a temporary file in \(dir)/n\\xFF (") == true
            }
        }
    }

    /// A NUL byte would cut the name short and name another file: an error instead.
    @Test func aNameWithANULByteIsRefused() throws {
        try inDirectory { dir in
            #expect { try Self.table.write(.csv, to: dir + "/a\u{0}b.csv") } throws: { e in
                (e as? EngineError)?.message == "\(dir)/a\\x00b.csv: a file name cannot hold a NUL byte"
            }
            #expect { try CSVReader.read(path: dir + "/a\u{0}") } throws: { e in
                (e as? EngineError)?.message.contains("cannot hold a NUL byte") == true
            }
            #expect(entries(dir).isEmpty)
        }
    }
}
