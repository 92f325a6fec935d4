"""Hemi's Jupyter kernel, tested the way other kernels are: jupyter_kernel_test's conformance
suite subclassed for Hemi, then what the suite does not cover — interrupts (SIGINT and
interrupt_request), tables and charts as display data, state across cells, and the example
notebook executed by nbclient. Run by `make jupyter-test` (part of `make test`), with the
kernelspec installed by `hemi kernel install --prefix` into a temporary JUPYTER_PATH."""

import faulthandler
import os
import subprocess
import tempfile
import time
import unittest

import jupyter_kernel_test
import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

# A kernel that never answers must fail this run, not hold CI until its own limit: after 15
# minutes (the whole suite takes one or two) every thread's stack is printed and the run ends.
faulthandler.dump_traceback_later(900, exit=True)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOUR = os.path.join(ROOT, "examples", "notebooks", "tour.ipynb")


class HemiKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = "hemi"
    language_name = "lua"
    file_extension = ".lua"

    code_hello_world = 'print("hello, world")'
    code_stderr = 'io.stderr:write("oops\\n")'
    code_generate_error = 'error("boom")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'a' .. 'b'", "result": "ab"},
        {"code": "x = 20\nx + 1", "result": "21"},
    ]
    code_display_data = [
        {"code": 'display(hemi.table("us_trade"):limit(3))', "mime": "text/html"},
        {"code": 'hemi.table("us_trade"):limit(3):show()', "mime": "text/plain"},
        {"code": 'hemi.table("us_trade"):filter("iso3 == \'MEX\'"):line("us_exports_usd_mn")', "mime": "image/svg+xml"},
    ]
    completion_samples = [
        {"text": "hemi.tab", "matches": {"hemi.table(", "hemi.tables("}},
        {"text": 'hemi.table("countr', "matches": {"countries"}},
        {"text": ".sche", "matches": {".schema"}},
    ]
    complete_code_samples = ["1 + 1", "x = 1", ".schema us_trade", "for i = 1, 2 do print(i) end"]
    incomplete_code_samples = ["for i = 1, 2 do", "function f(x)", "t = {", 's = [[long']
    invalid_code_samples = ["x = = 1", "end", "1 +* 2"]
    code_inspect_sample = "trade_surplus"
    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")


class HemiKernelBehaviour(unittest.TestCase):
    """One kernel for these tests: state persists between them as between cells."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="hemi", startup_timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def reply_to(self, msg_id, timeout=60):
        """The shell reply to request msg_id (replies to earlier requests are skipped)."""
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def run_cell(self, code, timeout=60):
        """(reply content, [iopub messages of the cell]) for one execute request."""
        msg_id = self.kc.execute(code)
        reply = self.reply_to(msg_id, timeout)
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return reply["content"], outputs
            if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
                outputs.append(msg)

    def interrupted_loop(self, interrupt, code="n = 0\nwhile true do n = n + 1 end"):
        msg_id = self.kc.execute(code)
        time.sleep(1.5)
        started = time.monotonic()
        interrupt()
        reply = self.reply_to(msg_id, timeout=20)
        elapsed = time.monotonic() - started
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(elapsed, 5)
        # The kernel lives on, with its state: the loop had counted. ipykernel aborts the
        # requests that reach it while it clears its queue after an error (the reply is sent
        # first), so on a loaded machine a cell sent at once can come back "aborted", as a
        # queued cell does in a notebook: send it again, as a person would.
        for _ in range(10):
            content, outputs = self.run_cell("n > 0")
            if content["status"] != "aborted":
                break
            time.sleep(0.2)
        self.assertEqual(content["status"], "ok")
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "true")

    def test_interrupt_by_signal(self):
        # KernelManager.interrupt_kernel signals the kernel's process group (interrupt_mode "signal").
        self.interrupted_loop(self.km.interrupt_kernel)
        self.interrupted_loop(self.km.interrupt_kernel, code="n = 1\nwhile true do end")

    def test_restart_gives_a_fresh_session(self):
        self.run_cell("before_restart = 1")
        self.km.restart_kernel(now=True)
        self.kc.wait_for_ready(timeout=60)
        content, outputs = self.run_cell("before_restart == nil")
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "true")

    def test_interrupt_by_message(self):
        # interrupt_request on the control channel (interrupt_mode "message").
        def send():
            self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        self.interrupted_loop(send)

    def test_table_is_html_with_types_nulls_and_row_count(self):
        content, outputs = self.run_cell('hemi.table("us_trade")')
        self.assertEqual(content["status"], "ok")
        data = outputs[-1]["content"]["data"]
        self.assertIn("<table", data["text/html"])
        self.assertIn(">string</span>", data["text/html"])
        self.assertIn("rows (20 shown)", data["text/html"])
        self.assertIn("rows (20 shown)", data["text/plain"])
        self.assertIn("Source: U.S. Census Bureau", data["text/html"])
        content, outputs = self.run_cell('hemi.from_rows({{a = 1, b = "x"}, {a = 2}}, {columns = {"a", "b"}})')
        self.assertIn("NULL</em>", outputs[-1]["content"]["data"]["text/html"])
        content, outputs = self.run_cell('display(hemi.table("us_trade"), {rows = 100})')
        self.assertIn("rows (100 shown)", outputs[-1]["content"]["data"]["text/html"])

    def test_mode_applies(self):
        self.run_cell(".mode csv")
        try:
            content, outputs = self.run_cell('hemi.table("us_trade"):filter("year == 2023"):select("iso3", "year"):limit(2)')
            self.assertEqual(outputs[-1]["content"]["data"], {"text/plain": "iso3,year\nABW,2023\nAIA,2023"})
        finally:
            self.run_cell(".mode box")

    def test_state_and_dot_commands(self):
        self.run_cell("kept = 123")
        content, outputs = self.run_cell("kept")
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "123")
        content, outputs = self.run_cell(".schema countries\nprint('after')")
        texts = "".join(o["content"].get("text", "") for o in outputs)
        self.assertIn("countries (country; key iso3)", texts)
        self.assertTrue(texts.endswith("after\n"))

    def test_error_has_caret_and_traceback(self):
        content, outputs = self.run_cell('hemi.table("us_trade"):filter("yeer == 2023")')
        self.assertEqual(content["status"], "error")
        error = [o for o in outputs if o["msg_type"] == "error"][0]["content"]
        # The cell's line, as every error raised at a verb carries it (In[N]: the cell's number).
        self.assertRegex(error["evalue"], r'^In\[\d+\]:1: unknown column "yeer" \(did you mean year\?\)$')
        self.assertEqual(error["traceback"][1:3], ["  yeer == 2023", "  ^"])
        content, outputs = self.run_cell("x = 1\ny = = 2")
        self.assertEqual(content["ename"], "SyntaxError")
        self.assertEqual(content["traceback"][-2:], ["  2 | y = = 2", "    |     ^"])

    def test_completion_inside_expression_string(self):
        code = 'hemi.table("us_trade"):filter("us_ex'
        reply = self.reply_to(self.kc.complete(code, len(code)), timeout=30)["content"]
        self.assertIn("us_exports_usd_mn", reply["matches"])
        self.assertEqual(reply["cursor_end"] - reply["cursor_start"], len("us_ex"))


class TourNotebook(unittest.TestCase):
    def test_tour_runs_to_its_saved_outputs(self):
        saved = nbformat.read(TOUR, as_version=4)
        nb = nbformat.read(TOUR, as_version=4)
        NotebookClient(nb, timeout=120, kernel_name="hemi").execute()
        out_dir = os.environ.get("HEMI_NOTEBOOK_OUT")
        if out_dir:
            nbformat.write(nb, os.path.join(out_dir, "tour.ipynb"))
        html = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code"
                for o in c.outputs if "text/html" in o.get("data", {})]
        mexico = [h for h in html if ">Mexico<" in h and "2023" not in h]
        self.assertTrue(any(">Mexico</td>" in h and ">324,425.9</td>" in h for h in html),
                        "the 2023 table shows Mexico's exports")
        svg = [o["data"]["image/svg+xml"] for c in nb.cells if c.cell_type == "code"
               for o in c.outputs if "image/svg+xml" in o.get("data", {})]
        self.assertTrue(svg and "<svg" in svg[0] and "Source: U.S. Census Bureau" in svg[0])
        del mexico
        # Re-run, each cell gives the kinds of output saved in the file (the text itself follows
        # the data, which other work revises; `make notebooks` refreshes the saved copy).
        for ran, kept in zip(nb.cells, saved.cells):
            if ran.cell_type == "code":
                self.assertEqual(shape(ran.outputs), shape(kept.outputs),
                                 "examples/notebooks/tour.ipynb no longer gives the outputs it shows; if that is "
                                 "meant, run `make notebooks` and commit it. Cell:\n" + ran.source)


class ReportNotebook(unittest.TestCase):
    def test_report_notebook_reruns_to_its_outputs(self):
        hemi = os.environ.get("HEMI", os.path.join(ROOT, ".build", "debug", "hemi"))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "top.ipynb")
            subprocess.run([hemi, "report", os.path.join(ROOT, "examples", "01-top-partners.lua"), "-o", path, "2022"],
                           check=True, cwd=tmp)
            written = nbformat.read(path, as_version=4)
            nbformat.validate(written)
            self.assertEqual(written.cells[0].source, 'arg = { [0] = "%s", "2022" }' % os.path.join(ROOT, "examples", "01-top-partners.lua"))
            self.assertEqual(written.cells[1].cell_type, "markdown")
            kinds = [o["output_type"] for c in written.cells if c.cell_type == "code" for o in c.outputs]
            self.assertIn("display_data", kinds)
            rerun = nbformat.read(path, as_version=4)
            NotebookClient(rerun, timeout=120, kernel_name="hemi").execute()
            for ran, kept in zip(rerun.cells, written.cells):
                if ran.cell_type == "code":
                    self.assertEqual(strip(ran.outputs), strip(kept.outputs), ran.source)


def shape(outputs):
    """Each output's kind, stream name or MIME types, consecutive streams as one."""
    return [(o["output_type"], o.get("name"), sorted(o.get("data", {}))) for o in strip(outputs)]


def strip(outputs):
    """Outputs without what changes between runs: execution counts, and how a stream was cut
    into messages (the kernel flushes printed text every 50 ms)."""
    out = []
    for o in outputs:
        o = dict(o)
        o.pop("execution_count", None)
        if out and o["output_type"] == "stream" and out[-1]["output_type"] == "stream" and out[-1]["name"] == o["name"]:
            out[-1] = dict(out[-1], text=out[-1]["text"] + o["text"])
            continue
        out.append(o)
    return out


if __name__ == "__main__":
    unittest.main()
