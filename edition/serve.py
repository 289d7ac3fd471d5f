"""`build.py serve`: build, serve on 127.0.0.1, rebuild on every change.

The open page reloads itself after a good rebuild; after a bad one the last
good site stays served and the page shows the problems, as the terminal does.
"""

from __future__ import annotations

import errno
import json
import signal
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from . import pipeline
from .output import base_path

RELOAD_SCRIPT = """(() => {
  let seen = null, box = null;
  const show = (problems) => {
    if (!problems.length) {
      box?.remove();
      box = null;
      return;
    }
    if (!box) {
      box = document.createElement("pre");
      box.className = "serve-problems";
      box.setAttribute("role", "alert");
      document.body.prepend(box);
    }
    const intro = "The last change did not build; this is the last good version.";
    box.textContent = intro + "\\n\\n" + problems.join("\\n");
  };
  const poll = async () => {
    try {
      const state = await (await fetch(STATE, { cache: "no-store" })).json();
      if (seen !== null && state.build !== seen && !state.problems.length) location.reload();
      seen = state.build;
      show(state.problems);
    } catch {
      /* the server restarts: ask again */
    }
    setTimeout(poll, 700);
  };
  poll();
})();
"""


class ServeState:
    """The number of the last good build and the problems of the latest attempt."""

    def __init__(self) -> None:
        self.build = 0
        self.problems: list[str] = []
        self.lock = threading.Lock()


class EditionServer(ThreadingHTTPServer):
    """A thread per request, and room for a class's worth of readers arriving at once: the
    standard library's listen backlog of 5 resets connections beyond a handful."""

    request_queue_size = 1024
    daemon_threads = True


def open_server(port: int, handler) -> EditionServer | str:
    """Bind 127.0.0.1:port before anything is built; a message when that cannot be done."""
    try:
        return EditionServer(("127.0.0.1", port), handler)
    except OSError as problem:
        if problem.errno == errno.EADDRINUSE:
            return (
                f"port {port} on 127.0.0.1 is in use: stop the other server, or choose another "
                "--port"
            )
        return f"cannot listen on 127.0.0.1:{port}: {problem.strerror}"


def make_handler(out: Path, base: str, state: ServeState):
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def log_message(self, format, *args):  # the terminal is for build problems
            pass

        def send_bytes(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not getattr(self, "head_only", False):
                self.wfile.write(body)

        def do_HEAD(self):
            self.do_GET(head=True)

        def do_GET(self, head: bool = False):
            self.head_only = head
            if "\0" in unquote(
                self.path
            ):  # no file name holds one; the file system would refuse it
                return self.send_error(400, "Bad request")
            path = self.path.split("?")[0]
            if path == base + "__serve/state":
                with state.lock:
                    body = json.dumps({"build": state.build, "problems": state.problems})
                return self.send_bytes(body.encode(), "application/json")
            if path == base + "__serve/reload.js":
                script = RELOAD_SCRIPT.replace("STATE", json.dumps(base + "__serve/state"))
                return self.send_bytes(script.encode(), "text/javascript")
            if not path.startswith(base):
                self.send_response(302)
                self.send_header("Location", base)
                self.end_headers()
                return
            self.path = "/" + self.path[len(base) :]
            local = Path(self.translate_path(self.path))
            if local.is_dir():
                local = local / "index.html"
            if local.suffix == ".html" and local.is_file():
                html = local.read_text(encoding="utf-8")
                tag = f'<script src="{base}__serve/reload.js"></script>'
                return self.send_bytes(
                    html.replace("</body>", tag + "</body>").encode(), "text/html; charset=utf-8"
                )
            return super().do_HEAD() if head else super().do_GET()

    return Handler


def rebuild(
    options: pipeline.Options,
    cache: pipeline.BuildCache,
    state: ServeState,
    everything: bool = False,
) -> None:
    started = time.perf_counter()
    diagnostics = pipeline.build(options, cache, everything)
    lines = [str(d) for d in diagnostics.sorted()]
    for line in lines:
        print(line, file=sys.stderr)
    with state.lock:
        if diagnostics.errors:
            state.problems = [str(d) for d in diagnostics.sorted()]
        else:
            state.problems = []
            state.build += 1
            seconds = time.perf_counter() - started
            print(
                f"rebuilt {options.out}/ in {seconds:.2f} s (build {state.build})", file=sys.stderr
            )


def serve(options: pipeline.Options, port: int) -> int:
    from watchfiles import DefaultFilter, watch

    state = ServeState()

    def indexed(problems: list[str]) -> None:
        """The search index of the last rebuild is in place: a search page open on the previous
        index reloads (its index files are gone)."""
        for line in problems:
            print(line, file=sys.stderr)
        with state.lock:
            state.problems = problems
            if not problems:
                state.build += 1

    base = base_path(options.base_url, "")
    server = open_server(port, make_handler(options.out.resolve(), base, state))
    if isinstance(server, str):  # before building: a second serve must not rebuild the site
        print(f"build.py serve: error: {server}", file=sys.stderr)
        return 2
    project = Path(__file__).resolve().parent.parent
    # The glossary's folder, not the file: an editor that saves by writing a new file and renaming
    # it over the old one would leave a watch on the file looking at a file that is gone.
    roots = (options.content, options.glossary.parent, project / "templates", project / "static")
    glossary = options.glossary.resolve()
    inside = tuple(
        p.resolve() for p in (options.content, project / "templates", project / "static")
    )

    ordinary = DefaultFilter()  # editors' swap files, caches, version control

    def relevant(change, path: str) -> bool:
        if not ordinary(change, path):
            return False
        resolved = Path(path).resolve()
        return resolved == glossary or any(r == resolved or r in resolved.parents for r in inside)

    watched = list(dict.fromkeys(p for p in roots if p.exists()))
    # Watching starts before the first build: a file saved while it runs, or as soon as the
    # site is served, is seen and built next (a watcher started after the build missed it).
    changes = watch(
        *watched,
        watch_filter=relevant,
        debounce=200,
        step=50,
        rust_timeout=50,
        yield_on_timeout=True,  # an empty set every 50 ms without a change: it has started
    )
    next(changes)
    cache = pipeline.BuildCache(report=indexed)  # holds the output folder's lock until closed
    try:
        rebuild(options, cache, state)
    except BaseException:
        changes.close()
        cache.close()
        server.server_close()
        raise
    if state.build == 0:
        changes.close()
        cache.close()
        print(
            "the first build failed: fix the problems above, then run serve again", file=sys.stderr
        )
        server.server_close()
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(
        f"serving http://127.0.0.1:{server.server_address[1]}{base} — Ctrl-C to stop",
        file=sys.stderr,
    )
    stopped = {"by": 0}

    def stop(number: int, frame: object) -> None:
        stopped["by"] = number
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        for found in changes:
            if not found:
                continue  # the watcher's pause: nothing changed
            # An edit of the edition's files changes only what depends on it; a template or
            # the stylesheet changes every page.
            edition_files = (options.content.resolve(), options.glossary.resolve())
            everything = any(
                not any(
                    Path(path).resolve() == root or root in Path(path).resolve().parents
                    for root in edition_files
                )
                for _change, path in found
            )
            rebuild(options, cache, state, everything)
    except KeyboardInterrupt:
        pass
    finally:
        changes.close()
        cache.close()
        server.shutdown()
    return 128 + stopped["by"] if stopped["by"] else 0  # stopped by the system: say so
