import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C and memory limits reaching inside the engine, in the built binary.
@Suite struct EngineLimitsCLITests {
    /// A join that would run for minutes (every row matching every row): SIGINT after a
    /// second stops it inside the engine, with Lua's own words, and pcall cannot keep it.
    @Test func sigintStopsALongJoinThroughPcall() throws {
        let script = """
        local rows = {}
        for i = 1, 20000 do rows[i] = { k = 1, v = i } end
        local t = hemi.from_rows(rows)
        io.stderr:write("ready\\n")
        local ok, err = pcall(function() return t:join(t, "k"):count() end)
        print("pcall returned", ok, err)
        """
        let r = try HostileRun(arguments: ["-e", script], memory: 4 << 30, deadline: 30, signal: (SIGINT, 2.0)).run()
        #expect(!r.timedOut && r.seconds < 15, "\(r.summary)")
        #expect(r.status == 130 || r.status == 1, "\(r.summary)")
        #expect(r.stderr.contains("interrupted!"), "\(r.summary)")
        #expect(!r.stdout.contains("pcall returned"), "\(r.summary)")
    }

    /// `HEMI_MAX_MEMORY` bounds what a reader takes in: endless inputs end with an error that
    /// names the file and the limit, well inside the address-space cap.
    @Test(arguments: ["read_json", "read_csv"])
    func endlessInputEndsAtTheLimit(_ reader: String) throws {
        let r = try HostileRun(arguments: ["-e", "hemi.\(reader)('/dev/zero')"], environment: ["HEMI_MAX_MEMORY": "64M"],
                               memory: 1 << 30, deadline: 20).run()
        #expect(r.status == 1 && !r.signalled, "\(r.summary)")
        #expect(r.stderr.contains("/dev/zero: reading the input passed the memory limit of 64 MB (set HEMI_MAX_MEMORY"), "\(r.summary)")
        #expect(r.peakBytes < 400 << 20, "\(r.summary)")
    }

    /// -E ignores HEMI_MAX_MEMORY as it does the other HEMI_ variables.
    @Test func dashEIgnoresTheCeilingVariable() throws {
        let script = "local f = io.open('big.csv', 'w') f:write('x\\n', string.rep('1\\n', 600000)) f:close() print(hemi.read_csv('big.csv'):count())"
        let limited = try HostileRun(arguments: ["-e", script], environment: ["HEMI_MAX_MEMORY": "1M"]).run()
        #expect(limited.status == 1 && limited.stderr.contains("big.csv: reading the input passed the memory limit of 1 MB"), "\(limited.summary)")
        let ignored = try HostileRun(arguments: ["-E", "-e", script], environment: ["HEMI_MAX_MEMORY": "1M"]).run()
        #expect(ignored.status == 0 && ignored.stdout == "600000\n", "\(ignored.summary)")
    }

    /// Without the variable the default ceiling follows the address-space limit, so even then
    /// /dev/zero ends with the error, not an abort.
    @Test func endlessInputUnderAnAddressSpaceCapEndsCleanly() throws {
        let r = try HostileRun(arguments: ["-e", "hemi.read_json('/dev/zero')"], memory: 512 << 20, deadline: 20).run()
        #expect(r.status == 1 && !r.signalled, "\(r.summary)")
        #expect(r.stderr.contains("/dev/zero: reading the input passed the memory limit of"), "\(r.summary)")
    }

    /// SIGINT while a reader waits on a FIFO that never delivers an end.
    @Test func sigintStopsAnEndlessRead() throws {
        let r = try HostileRun(arguments: ["-e", "hemi.read_csv('/dev/zero')"], memory: 4 << 30, deadline: 20, signal: (SIGINT, 1.0)).run()
        #expect(r.seconds < 10 && !r.timedOut, "\(r.summary)")
        #expect(r.stderr.contains("interrupted!") || r.stderr.contains("memory limit"), "\(r.summary)")
    }
}
