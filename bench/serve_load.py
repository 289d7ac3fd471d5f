"""`serve` under a class arriving at once: 200 concurrent requests of a text page.

    .venv/bin/python bench/serve_load.py [--clients 200] [--rounds 3]

Builds the repository's edition into bench/work/serve-load/, then serves it twice on 127.0.0.1,
one server after the other in this process: with `serve`'s own server (edition.serve), and with
the standard library's ThreadingHTTPServer as it comes (listen backlog 5), the peer. Each round
opens all the clients at once, each asking for the longest text page, and records every
request's time from connecting to the last byte, or a failure (a reset connection, a timeout).
Prints a Markdown table: p50, p95 and the worst time, and failures, for each server.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from edition.pipeline import Options, build  # noqa: E402
from edition.serve import ServeState, make_handler, open_server  # noqa: E402


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def one_request(port: int, path: str, barrier: threading.Barrier) -> float | None:
    barrier.wait()
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            return None
    except OSError:
        return None
    return time.perf_counter() - started


def load(server, clients: int, rounds: int, path: str) -> tuple[list[float], int]:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    times, failures = [], 0
    try:
        for _ in range(rounds):
            barrier = threading.Barrier(clients)
            with ThreadPoolExecutor(max_workers=clients) as pool:
                results = list(
                    pool.map(one_request, [port] * clients, [path] * clients, [barrier] * clients)
                )
            times += [r for r in results if r is not None]
            failures += sum(r is None for r in results)
    finally:
        server.shutdown()
        server.server_close()
    return times, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = BENCH / "work" / "serve-load"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(ROOT / "content", work / "content")
    shutil.copy(ROOT / "glossary.yaml", work / "glossary.yaml")
    site = work / "site"
    diagnostics = build(
        Options(content=work / "content", glossary=work / "glossary.yaml", out=site)
    )
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    largest = max(site.glob("texts/*/index.html"), key=lambda p: p.stat().st_size)
    path = "/" + str(largest.relative_to(site).parent) + "/"
    servers = {
        "serve": lambda: open_server(0, make_handler(site, "/", ServeState())),
        "ThreadingHTTPServer (peer)": lambda: ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(Quiet, directory=str(site))
        ),
    }
    print(
        f"{args.clients} clients at once, {args.rounds} rounds, GET {path} "
        f"({largest.stat().st_size // 1024} KB)\n"
    )
    print("| server | p50 | p95 | worst | failed |")
    print("|---|---|---|---|---|")
    for name, make in servers.items():
        times, failures = load(make(), args.clients, args.rounds, path)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1] if times else float("nan")
        worst = times[-1] if times else float("nan")
        print(
            f"| {name} | {statistics.median(times):.3f} s | {p95:.3f} s | {worst:.3f} s "
            f"| {failures} of {args.clients * args.rounds} |"
        )


if __name__ == "__main__":
    main()
