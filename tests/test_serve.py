"""`build.py serve`: the port is checked before anything is built, odd requests get an answer,
and a class arriving at once is served, not reset."""

from __future__ import annotations

import http.client
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

from conftest import run


def listening_socket() -> socket.socket:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    return taken


def test_a_port_in_use_is_reported_before_anything_is_built(edition):
    with listening_socket() as taken:
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert (result.code, result.lines) == (
        2,
        [
            f"build.py serve: error: port {port} on 127.0.0.1 is in use: stop the other server, "
            "or choose another --port",
        ],
    )
    assert not (edition / "site").exists()


def test_a_port_out_of_range_is_a_usage_error(edition):
    result = run("serve", "--port", "70000")
    assert result.code == 2
    assert result.lines[-1] == (
        "build.py serve: error: argument --port: '70000' is not a port number (0 to 65535)"
    )


def served_site(edition):
    """The small edition built, and serve's own server for it on a free port (not yet serving)."""
    from edition.serve import ServeState, make_handler, open_server

    assert run("build").code == 0
    server = open_server(0, make_handler(edition / "site", "/", ServeState()))
    return server, server.server_address[1]


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_a_nul_in_the_address_is_a_bad_request_and_serving_goes_on(edition):
    server, port = served_site(edition)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert get(port, "/texts/%00/")[0] == 400
        assert get(port, "/%00")[0] == 400
        status, body = get(port, "/texts/first/")
        assert status == 200 and "新型举国体制" in body.decode()
    finally:
        server.shutdown()
        server.server_close()


def test_two_hundred_readers_arriving_at_once_are_all_served(edition):
    server, port = served_site(edition)
    # Every connection is made before the server accepts any: the listen backlog alone must
    # hold them (with the standard library's backlog of 5, the rest are dropped).
    waiting, serving = [], None
    try:
        for _ in range(200):
            connection = socket.create_connection(("127.0.0.1", port), timeout=2)
            connection.settimeout(10)
            waiting.append(connection)
        for connection in waiting:
            connection.sendall(b"GET /texts/first/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()

        def answer(connection: socket.socket) -> bytes:
            data = b""
            while chunk := connection.recv(65536):
                data += chunk
            return data

        pool = ThreadPoolExecutor(max_workers=200)
        try:
            answers = list(pool.map(answer, waiting, timeout=20))  # a dropped one never answers
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        assert [a.split(b"\r\n", 1)[0] for a in answers] == [b"HTTP/1.0 200 OK"] * 200
        assert all("新型举国体制".encode() in a for a in answers)
    finally:
        for connection in waiting:
            connection.close()
        if serving is not None:
            server.shutdown()
        server.server_close()


def test_head_requests_are_answered_like_get_under_the_base_path(edition):
    from edition.serve import ServeState, make_handler, open_server

    assert run("build").code == 0
    server = open_server(0, make_handler(edition / "site", "/repo/", ServeState()))
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for path, status in [("/repo/", 200), ("/repo/glossary/", 200), ("/repo/%00", 400)]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("HEAD", path)
            response = connection.getresponse()
            assert (path, response.status, response.read()) == (path, status, b"")
            connection.close()
    finally:
        server.shutdown()
        server.server_close()


def test_serve_follows_a_glossary_saved_by_renaming_and_says_when_it_was_stopped(edition):
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    with listening_socket() as probe:
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
        cwd=edition,
        stderr=subprocess.PIPE,
        text=True,
    )

    def glossary_page() -> str:
        try:
            return get(port, "/glossary/")[1].decode()
        except OSError:
            return ""

    def wait_for(words: str) -> None:
        deadline = time.monotonic() + 30
        while words not in glossary_page():
            assert time.monotonic() < deadline, f"the glossary page never showed {words!r}"
            time.sleep(0.2)

    try:
        wait_for("A state-led way of organising research.")
        for n in (1, 2, 3):  # as vim, emacs or `sed -i` save: a new file renamed over the old
            source = (edition / "glossary.yaml").read_text()
            replaced = source.replace("organising research", f"organising research {n}", 1)
            (edition / "glossary.new").write_text(
                replaced.replace(f" {n - 1}", "") if n > 1 else replaced
            )
            os.replace(edition / "glossary.new", edition / "glossary.yaml")
            wait_for(f"A state-led way of organising research {n}.")
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.communicate(timeout=30)
    assert serve.returncode == 128 + signal.SIGTERM
