#!/usr/bin/python3
"""Safari's engine, WebKitGTK, for the agreement suite: one long-lived process
that opens pages on request and says what their script got and what WebKit
printed to its console.

Run it with Debian's /usr/bin/python3 (the one with `gi`) under `xvfb-run -a`:
a WebView needs a display, even one nobody sees. tests/lib/webkit.mjs starts it.

The protocol is one JSON object a line. On start-up it writes
    {"ready": true, "version": "2.50.6", "user_agent": "..."}
then reads requests from standard input and answers each, in order:
    {"id": 1, "url": "https://...", "expression": "window.__corsimResult",
     "timeout_ms": 12000, "quiet_ms": 100}
    -> {"id": 1, "result": {...} | null, "error": null | "why",
        "console": [{"source": "SECURITY", "level": "ERROR", "text": "...",
                     "url": null, "line": null, "column": null, "after_ms": -3,
                     "raw": "the line as printed"}],
        "other": ["stderr lines of the case that are not console lines"]}
`result` is the value of `expression` (as JSON) once it is truthy. An empty
line or end of input ends the driver.

Each case gets a fresh WebContext on a persistent WebsiteDataManager in a new
temporary directory, removed afterwards: reusing a context would keep
cached preflights, and an ephemeral one prints no console line at all.

WebKit prints console messages (`enable_write_console_messages_to_stdout`)
from its web process, on standard error, as
    [URL:LINE:COLUMN: ]CONSOLE [SOURCE ]LEVEL MESSAGE
so this process points its own standard error, which the web processes
inherit, at a pipe it reads itself. Cases run one at a time, and the lines
between two markers are the case's: a start marker written here before the
page loads, an end marker logged by the page's own web process once the
result is in and the console has been quiet for `quiet_ms` (so every line
that process printed before it has been read).
"""

import json
import os
import re
import shutil
import sys
import tempfile
import time

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

# The protocol's own channel is the original standard output; the web
# processes' standard output, which they inherit, goes to standard error so
# that nothing they print can break a JSON line.
PROTOCOL = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
ORIGINAL_STDERR = os.dup(2)
os.dup2(ORIGINAL_STDERR, 1)
READ_END, WRITE_END = os.pipe()
os.dup2(WRITE_END, 2)
os.close(WRITE_END)
# Python's own messages (tracebacks) go to the real standard error, not into
# the pipe this process reads.
sys.stderr = os.fdopen(os.dup(ORIGINAL_STDERR), "w", buffering=1, encoding="utf-8", errors="replace")

LEVELS = "LOG|WARN|WARNING|ERROR|DEBUG|INFO"
# The console API's lines name no source (`CONSOLE LOG hello`); the others do
# (`CONSOLE SECURITY ERROR ...`, `CONSOLE JS ERROR ...`).
CONSOLE_LINE = re.compile(
    r"^(?:(?P<url>\S+?):(?P<line>\d+):(?P<column>\d+): )?"
    r"CONSOLE (?:(?!(?:%s) )(?P<source>[A-Z][A-Z_-]*) )?(?P<level>%s) (?P<text>.*)$" % (LEVELS, LEVELS)
)
MARK = "corsim-webkit-driver-mark"
# GLib's own messages, which are never part of a console message.
GLIB_LINE = re.compile(r"^\(\S+:\d+\): ")


class Lines:
    """Standard error of this process and its web processes, a line at a time."""

    def __init__(self):
        self.buffer = b""
        # (time, text, continues): `continues` when the line carries on the
        # console message before it, which had a newline in it.
        self.lines = []
        self.in_console = False
        self.last_at = 0.0
        GLib.io_add_watch(READ_END, GLib.PRIORITY_HIGH, GLib.IO_IN | GLib.IO_HUP, self._read)

    def _read(self, fd, condition):
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        self.buffer += chunk
        *complete, self.buffer = self.buffer.split(b"\n")
        now = time.monotonic()
        for raw in complete:
            text = raw.decode("utf-8", errors="replace")
            console = bool(CONSOLE_LINE.match(text))
            # A console message may hold newlines: what follows it at once,
            # and is neither a console line, nor GLib's, nor a marker, is
            # the rest of it.
            continues = (
                not console
                and self.in_console
                and now - self.last_at < 0.05
                and MARK not in text
                and not GLIB_LINE.match(text)
            )
            self.lines.append((now, text, continues))
            if MARK not in text:
                self.last_at = now
                self.in_console = console or continues
                # Whatever is not a console line is kept in the suite's log too.
                if not console and not continues:
                    os.write(ORIGINAL_STDERR, raw + b"\n")
            else:
                self.in_console = False
        return True

    def mark(self, what):
        """Writes a marker into the stream, from this process."""
        os.write(2, ("%s %s\n" % (MARK, what)).encode())

    def index_of(self, what, start=0):
        needle = "%s %s" % (MARK, what)
        for i in range(start, len(self.lines)):
            if needle in self.lines[i][1]:
                return i
        return -1


def wait_until(predicate, timeout_s):
    """Runs the main loop until `predicate()` holds or `timeout_s` passes."""
    until = time.monotonic() + timeout_s
    context = GLib.MainContext.default()
    while not predicate():
        left = until - time.monotonic()
        if left <= 0:
            return False
        # Wakes the loop at least every 10 ms, to look at the clock.
        fired = []
        source = GLib.timeout_add(min(10, max(1, int(left * 1000))), lambda: fired.append(1) and False)
        context.iteration(True)
        if not fired:
            GLib.source_remove(source)
    return True


def evaluate(view, script, timeout_s=2.0):
    """The value of `script` in the page's main frame, as a string, or raises."""
    box = {}

    def done(v, res):
        try:
            value = v.evaluate_javascript_finish(res)
            box["value"] = None if value.is_null() or value.is_undefined() else value.to_string()
        except GLib.Error as err:
            box["error"] = err.message

    view.evaluate_javascript(script, -1, None, None, None, done)
    if not wait_until(lambda: box, timeout_s):
        raise RuntimeError("no answer from the page after %.1f s" % timeout_s)
    if "error" in box:
        raise RuntimeError(box["error"])
    return box["value"]


class Driver:
    def __init__(self):
        self.lines = Lines()
        self.version = "%d.%d.%d" % (
            WebKit2.get_major_version(),
            WebKit2.get_minor_version(),
            WebKit2.get_micro_version(),
        )
        # A version-2 page opens another page of the browser with
        # window.open, with no user gesture (src/serve/page/timeline.rs).
        self.settings = WebKit2.Settings(
            enable_write_console_messages_to_stdout=True,
            javascript_can_open_windows_automatically=True,
        )
        self.user_agent = self.settings.get_user_agent()

    def run_case(self, request):
        case = request.get("id")
        url = request["url"]
        expression = request.get("expression", "window.__corsimResult")
        timeout_s = request.get("timeout_ms", 12000) / 1000
        quiet_s = request.get("quiet_ms", 100) / 1000
        directory = tempfile.mkdtemp(prefix="corsim-webkit-case-")
        manager = WebKit2.WebsiteDataManager(base_data_directory=directory, base_cache_directory=directory)
        # corsim serve's certificates come from its own local CA.
        manager.set_tls_errors_policy(WebKit2.TLSErrorsPolicy.IGNORE)
        manager.set_network_proxy_settings(WebKit2.NetworkProxyMode.NO_PROXY, None)
        context = WebKit2.WebContext(website_data_manager=manager)
        view = WebKit2.WebView(web_context=context, settings=self.settings)
        window = Gtk.Window()
        window.set_default_size(800, 600)
        window.add(view)
        window.show_all()
        failures = []
        # Pages the page opens, in the same context and web process, each
        # in a window of its own; their console lines arrive with the case's.
        popups = []

        def open_popup(opener, _action):
            popup = WebKit2.WebView(related_view=opener, settings=self.settings)
            popup_window = Gtk.Window()
            popup_window.set_default_size(800, 600)
            popup_window.add(popup)
            popup.connect("ready-to-show", lambda _v: popup_window.show_all())
            popups.append(popup_window)
            return popup

        view.connect("create", open_popup)
        view.connect("load-failed", lambda v, event, uri, err: failures.append("cannot open %s: %s" % (uri, err.message)) or False)
        view.connect("web-process-terminated", lambda v, reason: failures.append("the web process ended (%s)" % reason.value_nick))

        start = len(self.lines.lines)
        self.lines.mark("start %s" % case)
        wait_until(lambda: self.lines.index_of("start %s" % case, start) != -1, 1.0)
        begin = self.lines.index_of("start %s" % case, start)

        result = None
        error = None
        seen = None
        view.load_uri(url)
        until = time.monotonic() + timeout_s
        probe = "(() => { const v = (%s); return v ? JSON.stringify(v) : null; })()" % expression
        while True:
            try:
                value = evaluate(view, probe)
                if value is not None:
                    result = json.loads(value)
                    seen = time.monotonic()
                    break
            except RuntimeError:
                pass  # no document yet
            if failures:
                error = failures[0]
                break
            if time.monotonic() > until:
                error = "timed out after %.0f s waiting for %s" % (timeout_s, expression)
                break
            wait_until(lambda: False, 0.05)

        # The console lines come with the failure, or just after it.
        if seen is not None:
            wait_until(
                lambda: time.monotonic() - max(seen, self.lines.last_at) >= quiet_s or time.monotonic() - seen > 2.0,
                3.0,
            )
        end_mark = "end %s" % case
        try:
            evaluate(view, "console.log(%s)" % json.dumps("%s %s" % (MARK, end_mark)), 1.0)
        except RuntimeError:
            pass
        if not wait_until(lambda: self.lines.index_of(end_mark, begin) != -1, 1.0):
            self.lines.mark(end_mark)
            wait_until(lambda: self.lines.index_of(end_mark, begin) != -1, 1.0)
        end = self.lines.index_of(end_mark, begin)
        if end == -1:
            end = len(self.lines.lines)

        console = []
        other = []
        for at, text, continues in self.lines.lines[begin + 1 : end]:
            m = CONSOLE_LINE.match(text)
            if continues and console:
                console[-1]["text"] += "\n" + text
                console[-1]["raw"] += "\n" + text
            elif m and MARK not in text:
                console.append(
                    {
                        "source": m.group("source") or "CONSOLE",
                        "level": m.group("level"),
                        "text": m.group("text"),
                        "url": m.group("url"),
                        "line": int(m.group("line")) if m.group("line") else None,
                        "column": int(m.group("column")) if m.group("column") else None,
                        "after_ms": round((at - seen) * 1000) if seen is not None else None,
                        # When it was printed, in milliseconds since the Unix
                        # epoch, to be told apart by the requests' start times.
                        "at_epoch_ms": round((time.time() - time.monotonic() + at) * 1000),
                        "raw": text,
                    }
                )
            elif MARK not in text:
                other.append(text)
        # Forget the lines read so far; later ones belong to later cases.
        del self.lines.lines[: end + 1]

        try:
            view.terminate_web_process()
        except Exception:
            pass
        for popup_window in popups:
            popup_window.destroy()
        window.destroy()
        del view, context, manager
        shutil.rmtree(directory, ignore_errors=True)
        return {"id": case, "result": result, "error": error, "console": console, "other": other}


def main():
    driver = Driver()
    PROTOCOL.write(json.dumps({"ready": True, "version": driver.version, "user_agent": driver.user_agent}) + "\n")
    for line in sys.stdin:
        line = line.strip()
        if not line:
            break
        try:
            request = json.loads(line)
            answer = driver.run_case(request)
        except Exception as err:  # one bad case must not end the driver
            answer = {"id": request.get("id") if isinstance(request, dict) else None, "result": None,
                      "error": "driver: %s: %s" % (type(err).__name__, err), "console": [], "other": []}
        PROTOCOL.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
