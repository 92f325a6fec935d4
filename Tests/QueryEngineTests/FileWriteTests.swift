import Testing
import Foundation
import Glibc
@testable import QueryEngine

/// What a write may and may not replace (FileIO+Write.swift).
@Suite(.serialized) struct FileWriteTests {
    static let table = try! Table(fields: ["a"], columns: [Column(.int([1, 2, 3]))])
    static let csv = "a\n1\n2\n3\n"

    /// A fresh directory, removed after `body`.
    func inDirectory(_ body: (String) throws -> Void) throws {
        var template = Array("/tmp/hemi-write-XXXXXX".utf8CString)
        let dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }

    func mode(_ path: String) -> mode_t { var st = stat(); stat(path, &st); return st.st_mode & 0o7777 }
    func kind(_ path: String) -> mode_t { var st = stat(); lstat(path, &st); return st.st_mode & S_IFMT }
    func contents(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<unreadable>" }
    func names(_ dir: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }

    @Test func aDeviceIsWrittenThroughNotReplaced() throws {
        // /dev/null itself stays a character device, whoever runs the test.
        try Self.table.write(.csv, to: "/dev/null")
        #expect(kind("/dev/null") == S_IFCHR)
        try inDirectory { dir in
            // As root, a private null device shows it directly (the old writer renamed a
            // regular file over the node).
            guard getuid() == 0 else { return }
            let node = dir + "/null"
            #expect(mknod(node, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0)
            try Self.table.write(.csv, to: node)
            #expect(kind(node) == S_IFCHR)
            #expect(names(dir) == ["null"])
        }
    }

    @Test func aFifoIsWrittenThrough() throws {
        try inDirectory { dir in
            let fifo = dir + "/pipe"
            #expect(mkfifo(fifo, 0o644) == 0)
            final class Received: @unchecked Sendable { var text = "" }
            let received = Received()
            let reader = Thread {
                let fd = open(fifo, O_RDONLY)
                var buf = [UInt8](repeating: 0, count: 4096), all: [UInt8] = []
                while true { let n = read(fd, &buf, buf.count); if n <= 0 { break }; all += buf[0..<n] }
                close(fd)
                received.text = String(decoding: all, as: UTF8.self)
            }
            reader.start()
            try Self.table.write(.csv, to: fifo)
            while !reader.isFinished { usleep(1000) }
            #expect(received.text == Self.csv)
            #expect(kind(fifo) == S_IFIFO)
        }
    }

    @Test func aSymbolicLinkKeepsPointingAtItsReplacedTarget() throws {
        try inDirectory { dir in
            mkdir(dir + "/real", 0o755)
            _ = FileManager.default.createFile(atPath: dir + "/real/target.csv", contents: Data("old\n".utf8))
            symlink("real/target.csv", dir + "/link.csv")            // relative
            symlink(dir + "/link.csv", dir + "/link2.csv")           // a chain, absolute
            try Self.table.write(.csv, to: dir + "/link2.csv")
            #expect(kind(dir + "/link.csv") == S_IFLNK && kind(dir + "/link2.csv") == S_IFLNK)
            #expect(contents(dir + "/real/target.csv") == Self.csv)
            // A dangling link: the file is created where it points.
            symlink("made.csv", dir + "/dangling.csv")
            try Self.table.write(.csv, to: dir + "/dangling.csv")
            #expect(kind(dir + "/dangling.csv") == S_IFLNK && contents(dir + "/made.csv") == Self.csv)
            #expect(names(dir) == ["dangling.csv", "link.csv", "link2.csv", "made.csv", "real"])
        }
    }

    @Test func modesAreKeptAndTheUmaskHonoured() throws {
        try inDirectory { dir in
            let secret = dir + "/secret.csv"
            _ = FileManager.default.createFile(atPath: secret, contents: Data("old\n".utf8))
            chmod(secret, 0o600)
            try Self.table.write(.csv, to: secret)
            #expect(mode(secret) == 0o600 && contents(secret) == Self.csv)
            let old = umask(0o027)
            defer { umask(old) }
            try Self.table.write(.csv, to: dir + "/new.csv")
            #expect(mode(dir + "/new.csv") == 0o640)
        }
    }

    @Test func aReadOnlyFileIsNotReplaced() throws {
        guard getuid() != 0 else { return }   // root may write anything
        try inDirectory { dir in
            let path = dir + "/ro.csv"
            _ = FileManager.default.createFile(atPath: path, contents: Data("old\n".utf8))
            chmod(path, 0o444)
            #expect(engineError { try Self.table.write(.csv, to: path) }?.message == "\(path): cannot write (Permission denied)")
            #expect(contents(path) == "old\n")
        }
    }

    /// Documented: the written name gets a new file; another hard link keeps the old one.
    @Test func hardLinksKeepTheOldContents() throws {
        try inDirectory { dir in
            _ = FileManager.default.createFile(atPath: dir + "/a.csv", contents: Data("old\n".utf8))
            link(dir + "/a.csv", dir + "/b.csv")
            try Self.table.write(.csv, to: dir + "/a.csv")
            #expect(contents(dir + "/a.csv") == Self.csv && contents(dir + "/b.csv") == "old\n")
        }
    }

    @Test func aNameAtTheLengthLimitIsWritten() throws {
        try inDirectory { dir in
            let name = String(repeating: "n", count: 250) + ".csv"   // 254 bytes
            try Self.table.write(.csv, to: dir + "/" + name)
            #expect(contents(dir + "/" + name) == Self.csv)
            #expect(names(dir) == [name])
        }
    }

    @Test func anInterruptedWriteLeavesTheFileAndNoTemporary() throws {
        try inDirectory { dir in
            let path = dir + "/out.csv"
            _ = FileManager.default.createFile(atPath: path, contents: Data("old\n".utf8))
            let big = CancellationTests.big
            for fireAt in [1, 2, 3, 5] {
                let (error, _) = withCancellation(firingAt: fireAt) { engineError { try big.write(.csv, to: path) } }
                #expect(error == .interrupted, "fire at \(fireAt)")
                #expect(contents(path) == "old\n")
                #expect(names(dir) == ["out.csv"])
            }
        }
    }

    @Test func aDirectoryIsRefused() throws {
        try inDirectory { dir in
            #expect(engineError { try Self.table.write(.csv, to: dir) }?.message == "\(dir): is a directory, expected a file")
        }
    }
}
