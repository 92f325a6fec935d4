// `.output FILE` and `.once FILE`: what entries print (results, Lua's print, tables) goes to
// the file. Standard output (fd 1) is pointed at the file's sink (FileSink: a temporary file
// beside a regular file, renamed over it when the redirection ends, so the target is never
// half-written; a device, FIFO or the process's own stdout written where it stands; a link
// kept a link) while entries run, and back at the terminal while the front end reads a line,
// so the prompt and the typed input never land in the file.

import QueryEngine
#if canImport(Glibc)
import Glibc
#endif

struct OutputRedirect {
    let sink: FileSink
    let savedStdout: Int32

    /// Starts sending fd 1 to the sink for `target`.
    static func begin(_ target: String) -> Result<OutputRedirect, RedirectError> {
        fflush(nil)
        let sink: FileSink
        do throws(EngineError) { sink = try FileSink.open(target) }
        catch { return .failure(RedirectError(message: "cannot write \(error.message)")) }
        let saved = dup(1)
        dup2(sink.fd, 1)
        return .success(OutputRedirect(sink: sink, savedStdout: saved))
    }

    /// Standard output back to where it was (the terminal), for the prompt and the echo.
    func suspend() { fflush(nil); dup2(savedStdout, 1) }
    /// Standard output into the file again.
    func resume() { fflush(nil); dup2(sink.fd, 1) }

    /// Restores standard output and puts the finished file in place.
    func end() -> RedirectError? {
        fflush(nil)
        dup2(savedStdout, 1)
        close(savedStdout)
        do throws(EngineError) { try sink.finish() }
        catch { return RedirectError(message: "cannot write \(error.message)") }
        return nil
    }
}

struct RedirectError: Error { let message: String }
