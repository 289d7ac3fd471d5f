"""Browser tests' plumbing: a built site served on 127.0.0.1 under a sub-path, and Debian's
Chromium."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site under `prefix`, as GitHub Pages serves a project site under /<repo>/."""

    prefix = "/"

    def log_message(self, format, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.exists():  # like GitHub Pages: the site's own 404 page
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve(site: Path, prefix: str):
    """Start a server for `site` under `prefix`; returns (base URL, server)."""
    handler = type("Handler", (SubPathHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{prefix}", server


def launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run tools/install-test-tools")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
