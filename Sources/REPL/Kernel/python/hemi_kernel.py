"""The Hemi kernel for Jupyter.

Built on ipykernel's ``Kernel`` base class (the wrapper-kernel route the Jupyter docs describe):
ipykernel does everything Jupyter's messaging needs (ZeroMQ sockets, HMAC signing, heartbeat,
the control channel, kernel_info, restarts), and this file only translates each request into
the JSON-lines protocol of ``hemi --kernel`` (Sources/REPL/Kernel/PROTOCOL.md) and each of
its messages back into Jupyter messages. The Lua state lives in the one ``hemi`` process this
kernel starts, so globals, plugins and settings persist across cells; a restart starts a new one.

Interrupts: Jupyter signals the kernel's process group (interrupt_mode "signal"), which reaches
``hemi`` too and stops its running cell; an interrupt_request on the control channel
(interrupt_mode "message") is sent to ``hemi`` as its ``interrupt`` request.
"""

import fnmatch
import json
import os
import queue
import shutil
import subprocess
import sys
import threading

from ipykernel.kernelbase import Kernel

__version__ = "1.0"


class HemiProcess:
    """``hemi --kernel`` as a child process: requests written as JSON lines, its messages
    read by a thread into a queue (so waiting for them can be interrupted)."""

    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "--kernel"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
        )
        self.messages = queue.Queue()
        self.lock = threading.Lock()
        self.counter = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.messages.put(json.loads(line))
            except ValueError:
                print("hemi kernel: not a protocol line: %r" % line[:200], file=sys.__stderr__)
        self.messages.put(None)

    def send(self, kind, **fields):
        """Writes one request; returns its id. Safe from any thread."""
        with self.lock:
            self.counter += 1
            rid = str(self.counter)
            line = json.dumps(dict(fields, id=rid, type=kind)) + "\n"
            try:
                self.proc.stdin.write(line.encode("utf-8"))
                self.proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass
            return rid

    def next_message(self, timeout=None):
        """The next message (None at end of output); raises queue.Empty after timeout."""
        return self.messages.get(timeout=timeout)

    def exit_status(self):
        return self.proc.poll()


class HemiKernel(Kernel):
    implementation = "hemi"
    implementation_version = __version__
    language = "lua"
    language_info = {
        "name": "lua",
        "version": "5.4",
        "mimetype": "text/x-lua",
        "file_extension": ".lua",
        "pygments_lexer": "lua",
        "codemirror_mode": "lua",
    }
    banner = "Hemi (Lua 5.4)"
    # The session's inputs (and text outputs) for history requests: (line, input, output).
    history = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        binary = os.environ.get("HEMI_BINARY") or shutil.which("hemi") or "hemi"
        self.hemi = HemiProcess(binary)
        self.history = []
        ready = self._wait_for(None, ("ready",), timeout=120)
        if ready is None:
            raise RuntimeError("hemi --kernel (%s) did not start" % binary)
        info = self._request("kernel_info", timeout=60)
        if info:
            self.language_info = info.get("language_info", self.language_info)
            self.banner = info.get("banner", self.banner)
            self.implementation_version = info.get("implementation_version", __version__)

    # --- talking to hemi ---------------------------------------------------------------

    def _wait_for(self, rid, kinds, timeout=None, on_message=None):
        """Reads messages until one of `kinds` for request `rid` (None: any id); others for
        `rid` go to `on_message`. A KeyboardInterrupt (SIGINT while waiting) is passed on to
        hemi as an interrupt request, and the wait goes on: hemi answers the cell itself."""
        while True:
            try:
                msg = self.hemi.next_message(timeout=timeout)
            except queue.Empty:
                return None
            except KeyboardInterrupt:
                self.hemi.send("interrupt")
                continue
            if msg is None:
                return None
            if msg.get("type") in kinds and (rid is None or msg.get("id") == rid):
                return msg
            if on_message is not None and msg.get("id") == rid:
                on_message(msg)
            elif msg.get("type") == "stream":
                print(msg.get("text", ""), end="", file=sys.__stderr__)

    def _request(self, kind, timeout=None, on_message=None, **fields):
        rid = self.hemi.send(kind, **fields)
        return self._wait_for(rid, (kind + "_reply",), timeout=timeout, on_message=on_message)

    def _gone(self):
        status = self.hemi.exit_status()
        return {
            "status": "error",
            "ename": "KernelDied",
            "evalue": "the hemi process ended (exit status %s); restart the kernel" % status,
            "traceback": [],
        }

    # --- Jupyter requests --------------------------------------------------------------

    async def do_execute(self, code, silent, store_history=True, user_expressions=None,
                         allow_stdin=False, *, cell_meta=None, cell_id=None):
        outputs = []

        def forward(msg):
            kind = msg.get("type")
            if kind == "stream":
                if not silent:
                    self.send_response(self.iopub_socket, "stream", {"name": msg["name"], "text": msg["text"]})
            elif kind in ("display_data", "execute_result"):
                content = {"data": msg.get("data", {}), "metadata": msg.get("metadata", {})}
                if kind == "execute_result":
                    content["execution_count"] = self.execution_count
                    outputs.append(msg.get("data", {}).get("text/plain", ""))
                if not silent:
                    self.send_response(self.iopub_socket, kind, content)

        reply = self._request("execute", on_message=forward, code=code, silent=silent,
                              execution_count=self.execution_count)
        if reply is None:
            reply = self._gone()
        if store_history and not silent:
            self.history.append((self.execution_count, code, "\n".join(outputs)))
        if reply.get("status") == "error":
            error = {k: reply.get(k, "") for k in ("ename", "evalue")}
            error["traceback"] = reply.get("traceback", [])
            if not silent:
                self.send_response(self.iopub_socket, "error", error)
            return dict(error, status="error", execution_count=self.execution_count)
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    async def do_complete(self, code, cursor_pos):
        reply = self._request("complete", timeout=30, code=code, cursor_pos=cursor_pos) or {}
        return {
            "status": "ok",
            "matches": reply.get("matches", []),
            "cursor_start": reply.get("cursor_start", cursor_pos),
            "cursor_end": reply.get("cursor_end", cursor_pos),
            "metadata": {},
        }

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        reply = self._request("inspect", timeout=30, code=code, cursor_pos=cursor_pos,
                              detail_level=detail_level) or {}
        return {"status": "ok", "found": reply.get("found", False), "data": reply.get("data", {}), "metadata": {}}

    async def do_is_complete(self, code):
        reply = self._request("is_complete", timeout=30, code=code) or {"status": "unknown"}
        out = {"status": reply.get("status", "unknown")}
        if "indent" in reply:
            out["indent"] = reply["indent"]
        return out

    async def do_history(self, hist_access_type, output, raw, session=None, start=None, stop=None,
                         n=None, pattern=None, unique=False, **kwargs):
        # One session per kernel process (numbered 1); lines are execution counts.
        entries = [(1, line, (code, out) if output else code) for line, code, out in self.history]
        if hist_access_type == "tail":
            entries = entries[-n:] if n else entries
        elif hist_access_type == "range":
            lo = start or 0
            entries = [e for e in entries if e[1] >= lo and (stop is None or e[1] < stop)]
        elif hist_access_type == "search":
            found, seen = [], set()
            for e in reversed(entries):
                code = e[2][0] if output else e[2]
                if fnmatch.fnmatch(code, pattern or "*") and not (unique and code in seen):
                    seen.add(code)
                    found.append(e)
            entries = list(reversed(found[:n] if n else found))
        else:
            entries = []
        return {"status": "ok", "history": entries}

    async def do_shutdown(self, restart):
        self._request("shutdown", timeout=5, restart=restart)
        try:
            self.hemi.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.hemi.proc.kill()
        return {"status": "ok", "restart": restart}

    def _send_interrupt_children(self):
        # interrupt_request on the control channel: hemi's own interrupt request.
        self.hemi.send("interrupt")


if __name__ == "__main__":
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(kernel_class=HemiKernel)
