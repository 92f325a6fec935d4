import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A write stopped by a signal leaves the old file or the whole new one, and no temporary
/// file, whenever the signal lands (run at a few moments, inside and between writes).
@Suite struct WriteSignalsCLITests {
    static let script = """
    local rows = {}
    for i = 1, 50000 do rows[i] = { id = i, name = "row " .. i, x = i / 7 } end
    local t = hemi.from_rows(rows)
    for i = 1, 200 do t:to_csv("out.csv") end
    """

    @Test(arguments: [(SIGTERM, 1.0), (SIGTERM, 1.7), (SIGTERM, 2.4), (SIGINT, 1.3), (SIGINT, 2.1)])
    func signalledWriteLeavesNoLitter(_ signal: Int32, _ at: Double) throws {
        let dir = HostileRun.scratch()
        defer { HostileRun.remove(dir) }
        _ = FileManager.default.createFile(atPath: dir + "/home/out.csv", contents: Data("old\n".utf8))
        let r = try HostileRun(arguments: ["-e", Self.script], memory: 4 << 30, deadline: 60, signal: (signal, at), directory: dir).run()
        #expect(!r.timedOut, "\(r.summary)")
        if signal == SIGTERM { #expect(r.signalled && r.status == 128 + SIGTERM, "\(r.summary)") }
        else { #expect(r.status == 130 && r.stderr.contains("interrupted!"), "\(r.summary)") }
        let names = HostileRun.files(under: dir).filter { !$0.hasPrefix(".std") }
        #expect(names == ["home/out.csv"], "left behind: \(names)")
        let text = (try? String(contentsOfFile: dir + "/home/out.csv", encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").count
        #expect(text == "old\n" || (lines == 50_001 && text.hasPrefix("id,name,x\n")), "out.csv has \(lines) lines")
    }

    /// SIGTERM sent while a large to_csv (about 100 MB) is being written over an existing
    /// file, the moment its temporary file appears: the process ends by the signal, the old
    /// file is untouched and the temporary file is gone. (Without SignalGuard the default
    /// action kills the process mid-write and leaves the temporary file behind.)
    @Test func sigtermDuringALargeWriteLeavesTheOldFile() throws {
        let dir = HostileRun.scratch()
        defer { HostileRun.remove(dir) }
        let home = dir + "/home"
        _ = FileManager.default.createFile(atPath: home + "/out.csv", contents: Data("old\n".utf8))
        let script = """
            local long = {}
            for k = 1, 10 do long[k] = ("x"):rep(1000) .. k end
            local rows = {}
            for i = 1, 100000 do rows[i] = { id = i, text = long[i % 10 + 1] } end
            hemi.from_rows(rows):to_csv("out.csv")
            print("written")
            """
        // A file other than out.csv in the working directory: the writer's temporary file.
        let tempAppeared = { () -> Bool in
            ((try? FileManager.default.contentsOfDirectory(atPath: home)) ?? []).contains { $0 != "out.csv" }
        }
        let r = try HostileRun(arguments: ["-e", script], memory: 4 << 30, deadline: 120,
                               signalWhen: (SIGTERM, tempAppeared), directory: dir).run()
        #expect(!r.timedOut, "\(r.summary)")
        #expect(r.signalled && r.status == 128 + SIGTERM && !r.stdout.contains("written"), "\(r.summary)")
        let names = HostileRun.files(under: dir).filter { !$0.hasPrefix(".std") }
        #expect(names == ["home/out.csv"], "left behind: \(names)")
        #expect(FileManager.default.contents(atPath: home + "/out.csv") == Data("old\n".utf8))
    }
}
