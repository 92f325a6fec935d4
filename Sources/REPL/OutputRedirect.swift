// `.output FILE` and `.once FILE`: what entries print (results, Lua's print, tables) goes to
// the file. Standard output (fd 1) is pointed at a temporary file beside the target while
// entries run, and back at the terminal while the front end reads a line, so the prompt and the
// typed input never land in the file; the temporary file is renamed over the target when the
// redirection ends, so the target is never half-written.

import QueryEngine
#if canImport(Glibc)
import Glibc
#endif

struct OutputRedirect {
    let target: String
    let temporary: String
    let savedStdout: Int32
    let file: Int32

    /// Starts sending fd 1 to a temporary file beside `target`.
    static func begin(_ target: String) -> Result<OutputRedirect, RedirectError> {
        let temporary = target + ".hemi-tmp-\(getpid())"
        fflush(nil)
        // Names are opened by their bytes (FileIO.withPath): `.output` of a name that is not
        // UTF-8 writes that very file, the temporary one beside it included.
        let fd = FileIO.withPath(temporary) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { return .failure(RedirectError(message: "cannot write \(FileIO.shown(target)): \(String(cString: strerror(errno)))")) }
        let saved = dup(1)
        dup2(fd, 1)
        return .success(OutputRedirect(target: target, temporary: temporary, savedStdout: saved, file: fd))
    }

    /// Standard output back to where it was (the terminal), for the prompt and the echo.
    func suspend() { fflush(nil); dup2(savedStdout, 1) }
    /// Standard output into the file again.
    func resume() { fflush(nil); dup2(file, 1) }

    /// Restores standard output and moves the finished file into place.
    func end() -> RedirectError? {
        fflush(nil)
        dup2(savedStdout, 1)
        close(savedStdout)
        let closed = close(file)
        if closed != 0 || FileIO.withPaths(temporary, target, { rename($0, $1) }) != 0 {
            let reason = String(cString: strerror(errno))
            _ = FileIO.withPath(temporary) { unlink($0) }
            return RedirectError(message: "cannot write \(FileIO.shown(target)): \(reason)")
        }
        return nil
    }
}

struct RedirectError: Error { let message: String }
