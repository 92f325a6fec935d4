// `.output FILE` and `.once FILE`: everything printed (results, Lua's print, tables) goes to
// the file. Standard output (fd 1) is pointed at a temporary file beside the target, and
// renamed over it when the redirection ends, so the target is never half-written.

#if canImport(Glibc)
import Glibc
#endif

struct OutputRedirect {
    let target: String
    let temporary: String
    let savedStdout: Int32

    /// Starts sending fd 1 to a temporary file beside `target`.
    static func begin(_ target: String) -> Result<OutputRedirect, RedirectError> {
        let temporary = target + ".hemi-tmp-\(getpid())"
        fflush(nil)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return .failure(RedirectError(message: "cannot write \(target): \(String(cString: strerror(errno)))")) }
        let saved = dup(1)
        dup2(fd, 1)
        close(fd)
        return .success(OutputRedirect(target: target, temporary: temporary, savedStdout: saved))
    }

    /// Restores standard output and moves the finished file into place.
    func end() -> RedirectError? {
        fflush(nil)
        dup2(savedStdout, 1)
        close(savedStdout)
        if rename(temporary, target) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return RedirectError(message: "cannot write \(target): \(reason)")
        }
        return nil
    }
}

struct RedirectError: Error { let message: String }
