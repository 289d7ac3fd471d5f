#!/usr/bin/env python3
"""The benchmark: our build against Hugo + Pagefind and MkDocs-Material on the same corpora.

    .venv/bin/python bench/run.py [--sizes small,medium,...] [--runs 3] [--no-skip-mkdocs-large]

Installs what it needs (Debian's hugo, MkDocs-Material pinned in a venv under bench/work/),
generates the corpora (bench/generate.py), then, for each size, builds with the three tools in
turn, run after run (the order rotates each run), each build a whole cold process: its output
folder is removed first, and its wall time and peak resident memory are measured by a fresh
wrapper process (getrusage(RUSAGE_CHILDREN) counts the build and everything it waited for, so
our Pagefind stage is included). Prints a Markdown report and writes it to bench/results.md.

No timing is asserted anywhere: the report says which of the issue's targets are met.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402  (the generator sits beside this script)

MKDOCS_MATERIAL = "mkdocs-material==9.8.1"
TOOLS = ("ours", "hugo", "mkdocs")
GB = 1e9
MATERIAL_VERSION = "import importlib.metadata as m; print(m.version('mkdocs-material'))"

# Runs a command, and prints its wall time and peak RSS as JSON. A fresh process per measurement:
# RUSAGE_CHILDREN is per process and only ever grows, so it must start from nothing.
MEASURE = r"""
import json, os, resource, signal, subprocess, sys, time
timeout, log, cwd, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
with open(log, "wb") as out:
    start = time.perf_counter()
    child = subprocess.Popen(
        cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        code, stopped = child.wait(timeout=timeout), False
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)  # the whole group: a build's own children too
        code, stopped = child.wait(), True
    wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "code": code, "stopped": stopped}))
"""


@dataclass
class Sample:
    wall: float
    rss: float  # bytes
    stopped: bool = False
    load: float = (
        0.0  # the 1-minute load average as the build started: other work on the machine skews a run
    )


@dataclass
class Result:
    """The samples of one tool on one size; Hugo's run is two steps, Hugo then Pagefind."""

    steps: dict[str, list[Sample]] = field(default_factory=dict)

    def add(self, step: str, sample: Sample) -> None:
        self.steps.setdefault(step, []).append(sample)

    @property
    def stopped(self) -> Sample | None:
        return next((s for samples in self.steps.values() for s in samples if s.stopped), None)

    def totals(self) -> list[float]:
        """Wall time of each whole run (the steps of one run added up)."""
        return [
            sum(run)
            for run in zip(
                *([s.wall for s in samples] for samples in self.steps.values()), strict=False
            )
        ]

    def median(self, step: str | None = None) -> float:
        return statistics.median([s.wall for s in self.steps[step]] if step else self.totals())

    def peak(self) -> float:
        return max(s.rss for samples in self.steps.values() for s in samples)


# --- installing -----------------------------------------------------------------------------


def run_quiet(cmd: list[str], **kwargs) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs).stdout


def ensure_hugo() -> str:
    if not shutil.which("hugo"):
        print("installing Debian's hugo …", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        prefix = [] if os.geteuid() == 0 else ["sudo"]
        run_quiet(prefix + ["apt-get", "update", "-qq"], env=env)
        run_quiet(prefix + ["apt-get", "install", "-y", "-qq", "hugo"], env=env)
    return shutil.which("hugo")


def ensure_mkdocs(work: Path) -> Path:
    """MkDocs-Material, pinned, in its own venv: it must not touch the project's."""
    venv = work / "mkdocs-venv"
    marker = venv / f".installed-{MKDOCS_MATERIAL}"
    if not marker.exists():
        print(f"installing {MKDOCS_MATERIAL} into {venv} …", flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        run_quiet([sys.executable, "-m", "venv", str(venv)])
        run_quiet(
            [
                str(venv / "bin/python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                MKDOCS_MATERIAL,
            ]
        )
        marker.touch()
    return venv / "bin/mkdocs"


def ours_python() -> str:
    venv = REPO / ".venv/bin/python"
    return str(venv) if venv.exists() else sys.executable


def pagefind_path() -> str:
    # The same Pagefind binary our build runs (pagefind[extended] in the project's venv).
    return run_quiet(
        [ours_python(), "-c", "import pagefind_bin_extended as p; print(p.get_executable())"]
    ).strip()


def ours_checkout(commit: str | None, work: Path) -> tuple[Path, str]:
    """The folder to run our build.py from, and how the report names it."""
    git = ["git", "-C", str(REPO)]
    if commit is None:
        head = run_quiet(git + ["rev-parse", "--short", "HEAD"]).strip()
        dirty = run_quiet(git + ["status", "--porcelain", "--untracked-files=no"]).strip()
        return REPO, f"the working tree at {head}{' with uncommitted changes' if dirty else ''}"
    rev = run_quiet(git + ["rev-parse", "--short", commit]).strip()
    folder = work / f"ours-{rev}"
    if not folder.exists():
        # git archive, not a worktree: it leaves the repository itself untouched.
        archive = subprocess.run(git + ["archive", rev], check=True, capture_output=True).stdout
        folder.mkdir(parents=True)
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    subject = run_quiet(git + ["log", "-1", "--format=%s", rev]).strip()
    return folder, f"commit {rev} ({subject})"


# --- measuring ------------------------------------------------------------------------------


def measure(cmd: list[str], cwd: Path, log: Path, timeout: float) -> Sample:
    load = os.getloadavg()[0]
    out = run_quiet([sys.executable, "-c", MEASURE, str(timeout), str(log), str(cwd), *cmd])
    data = json.loads(out)
    if data["code"] != 0 and not data["stopped"]:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        sys.exit(f"failed ({data['code']}): {' '.join(cmd)}\n{tail}")
    return Sample(data["wall"], data["rss_kb"] * 1024, data["stopped"], load)


def clean(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


@dataclass
class Setup:
    ours_dir: Path
    ours_label: str
    hugo: str
    pagefind: str
    mkdocs: Path
    timeout: float


def build_once(tool: str, folder: Path, setup: Setup, result: Result) -> None:
    """One cold build of one tool on the corpus in `folder`."""
    logs = folder / "logs"
    logs.mkdir(exist_ok=True)
    if tool == "ours":
        out = folder / "out-ours"
        clean(out, out.with_name(".out-ours.building"), out.with_name(".out-ours.previous"))
        cmd = [
            ours_python(),
            "build.py",
            "build",
            "--content",
            str(folder / "ours/content"),
            "--glossary",
            str(folder / "ours/glossary.yaml"),
            "--out",
            str(out),
        ]
        result.add("ours", measure(cmd, setup.ours_dir, logs / "ours.log", setup.timeout))
    elif tool == "hugo":
        public = folder / "hugo/public"
        clean(public, folder / "hugo/resources")
        sample = measure(
            [setup.hugo, "--quiet", "--destination", str(public)],
            folder / "hugo",
            logs / "hugo.log",
            setup.timeout,
        )
        result.add("hugo", sample)
        if not sample.stopped:
            result.add(
                "pagefind",
                measure(
                    [setup.pagefind, "--site", str(public), "--quiet"],
                    folder / "hugo",
                    logs / "pagefind.log",
                    setup.timeout,
                ),
            )
    else:
        site = folder / "mkdocs/site"
        clean(site)
        # cwd = the project: pymdownx.snippets finds includes/ relative to it.
        result.add(
            "mkdocs",
            measure(
                [str(setup.mkdocs), "build", "--quiet", "--site-dir", str(site)],
                folder / "mkdocs",
                logs / "mkdocs.log",
                setup.timeout,
            ),
        )


# --- page weight ----------------------------------------------------------------------------

TEXT_PAGE = "texts/text-0001/index.html"
ASSET = re.compile(r'<(?:link[^>]*rel="?stylesheet"?[^>]*href|script[^>]*src)="?([^" >]+)"?', re.I)


def page_weight(site: Path, path: str) -> dict[str, int] | None:
    """Bytes of one page's HTML and of the local CSS and JS it loads (raw and gzipped)."""
    page = site / path
    if not page.exists():
        return None
    html = page.read_bytes()
    assets = []
    for href in dict.fromkeys(ASSET.findall(html.decode("utf-8"))):
        if "://" in href or href.startswith("//"):
            continue
        href = href.split("?")[0].split("#")[0]
        path = (site / href.lstrip("/") if href.startswith("/") else page.parent / href).resolve()
        if path.is_file():
            assets.append(path.read_bytes())
    return {
        "html": len(html),
        "assets": sum(len(a) for a in assets),
        "gzip": len(gzip.compress(html, 6)) + sum(len(gzip.compress(a, 6)) for a in assets),
    }


# The search index and the code that reads it: Pagefind's bundle; our search.js, terms.json and the
# passages' words (search/passages/*.json); MkDocs' search_index.json and search worker.
SEARCH_FILES = re.compile(
    r"/pagefind/|/search/.*\.json$|/search\.js$|/search_index\.json$|/workers/search\.[^/]*\.js$"
)


def first_search_bytes(
    site: Path, search_page: str, query: str, ready: str
) -> dict[str, int] | str:
    """Bytes a browser downloads to open the search page with a query and show results:
    the page itself, its assets and the search data (index chunks, fragments, or a whole index).
    Measured with Debian's Chromium through Playwright from a local server; a note when it cannot
    be."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "not measured (no playwright)"
    chromium = shutil.which("chromium")
    if not chromium:
        return "not measured (no chromium)"
    import functools
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    finished = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page()
            page.on("requestfinished", lambda request: finished.append(request))
            from urllib.parse import quote

            page.goto(f"http://127.0.0.1:{server.server_port}/{search_page}?q={quote(query)}")
            try:
                page.wait_for_selector(ready, timeout=20000)
            except Exception:
                return "not measured (no results appeared)"
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            sizes = [(r.url, r.sizes()["responseBodySize"]) for r in finished]
            browser.close()
    finally:
        server.shutdown()
    search = sum(n for url, n in sizes if SEARCH_FILES.search(url))
    return {"total": sum(n for _, n in sizes), "search": search, "requests": len(sizes)}


# --- reporting ------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def fmt_mb(nbytes: float) -> str:
    return f"{nbytes / 1e6:,.0f} MB"


def fmt_kb(nbytes: int) -> str:
    return f"{nbytes / 1000:,.1f} kB" if nbytes < 10000 else f"{nbytes / 1000:,.0f} kB"


def cell(result: Result | None, note: str = "not run") -> str:
    if result is None or not result.steps:
        return note
    stopped = result.stopped
    if stopped:
        return f"stopped after {stopped.wall:.0f} s"
    return fmt_s(result.median())


def environment(setup: Setup) -> list[str]:
    cpu = next(
        (
            l.split(":", 1)[1].strip()
            for l in Path("/proc/cpuinfo").read_text().splitlines()
            if l.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(l.split()[1]) * 1024
            for l in Path("/proc/meminfo").read_text().splitlines()
            if l.startswith("MemTotal")
        ),
        0,
    )

    def version(cmd):
        try:
            return run_quiet(cmd).strip().splitlines()[0]
        except (OSError, subprocess.CalledProcessError):
            return "?"

    return [
        f"- machine: {os.cpu_count()} cores ({cpu}), {memory / 2**30:.0f} GiB, "
        f"{platform.platform()}",
        f"- ours: {setup.ours_label}, Python {version([ours_python(), '--version']).split()[-1]}",
        f"- Hugo: {version([setup.hugo, 'version'])}",
        f"- Pagefind: {version([setup.pagefind, '--version'])} (extended; the binary our build "
        "uses)",
        "- MkDocs-Material: "
        f"{version([str(setup.mkdocs.with_name('python')), '-c', MATERIAL_VERSION])}, "
        f"{version([str(setup.mkdocs), '--version']).split(' from ')[0]}",
    ]


def report(results: dict[str, dict[str, Result]], weights, searches, args, setup: Setup) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"{datetime.date.today().isoformat()}, `{' '.join(['bench/run.py', *sys.argv[1:]])}`: "
        f"medians of {args.runs} alternating cold runs per tool (after {args.warmup} untimed "
        "warm-up run(s), none on large).",
        "",
        *environment(setup),
        "",
        "## Build time and memory",
        "",
        "| size | passages | G | ours | ms/passage | ours peak | Hugo | Pagefind | Hugo+Pagefind "
        "| H+P peak | MkDocs | MkDocs peak | ours/(H+P) | ours/MkDocs |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, by_tool in results.items():
        texts, passages, _, glossary, _ = generate.SIZES[name]
        ours, hugo, mkdocs = (by_tool.get(t) for t in TOOLS)
        n = texts * passages
        row = [name, f"{n:,}", str(glossary), cell(ours)]
        ok = ours and ours.steps and not ours.stopped
        row += [
            f"{ours.median() / n * 1000:.2f}" if ok else "–",
            fmt_mb(ours.peak()) if ok else "–",
        ]
        hok = hugo and hugo.steps and not hugo.stopped
        row += [
            fmt_s(hugo.median("hugo")) if hok else cell(hugo),
            fmt_s(hugo.median("pagefind")) if hok else "–",
            fmt_s(hugo.median()) if hok else "–",
            fmt_mb(hugo.peak()) if hok else "–",
        ]
        mok = mkdocs and mkdocs.steps and not mkdocs.stopped
        row += [
            cell(mkdocs, "skipped" if name == "large" and args.skip_mkdocs_large else "not run"),
            fmt_mb(mkdocs.peak()) if mok else "–",
        ]
        row += [
            f"{ours.median() / hugo.median():.1f}×" if ok and hok else "–",
            f"{ours.median() / mkdocs.median():.2f}×" if ok and mok else "–",
        ]
        lines.append("| " + " | ".join(row) + " |")
    lines += [
        "",
        "Peak = the largest resident set of any one process of the build (for Hugo+Pagefind: of "
        "either step).",
    ]

    # The targets, each with what was measured and whether it holds.
    def ratio(a, b):
        ra, rb = results.get(a[0], {}).get(a[1]), results.get(b[0], {}).get(b[1])
        if not (ra and rb and ra.steps and rb.steps) or ra.stopped or rb.stopped:
            return None
        return ra.median() / rb.median()

    targets = []
    checks = [
        (
            "medium: ours ≤ 1.5× Hugo+Pagefind",
            ratio(("medium", "ours"), ("medium", "hugo")),
            1.5,
            "×",
        ),
        (
            "medium: ours ≤ 0.2× MkDocs-Material",
            ratio(("medium", "ours"), ("medium", "mkdocs")),
            0.2,
            "×",
        ),
        (
            "medium: parity with Hugo+Pagefind (aim)",
            ratio(("medium", "ours"), ("medium", "hugo")),
            1.0,
            "×",
        ),
        ("large: ours ≤ 2× Hugo+Pagefind", ratio(("large", "ours"), ("large", "hugo")), 2.0, "×"),
        ("large: ours peak memory ≤ 1 GB", None, 1.0, " GB"),
        ("linear: large ≤ 11× medium", ratio(("large", "ours"), ("medium", "ours")), 11.0, "×"),
        (
            "glossary nearly free: G=2000 ≤ 1.2× G=20",
            ratio(("medium-g2000", "ours"), ("medium-g20", "ours")),
            1.2,
            "×",
        ),
    ]
    large = results.get("large", {}).get("ours")
    if large and large.steps and not large.stopped:
        checks[4] = (checks[4][0], large.peak() / GB, 1.0, " GB")
    for label, value, limit, unit in checks:
        if value is None:
            targets.append(f"| {label} | not measured | – |")
        else:
            targets.append(
                f"| {label} | {value:.2f}{unit} | {'yes' if value <= limit else '**no**'} |"
            )
    lines += [
        "",
        "## The issue's targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *targets,
    ]

    lines += [
        "",
        "## Page weight: one text page (texts/text-0001/)",
        "",
        "HTML plus the local CSS and JavaScript it loads, raw; `gzip` = the same compressed (as a "
        "static host serves it).",
        "",
        "| size | tool | HTML | CSS+JS | total | gzip |",
        "|---|---|---|---|---|---|",
    ]
    for name, by_tool in weights.items():
        for tool, w in by_tool.items():
            if w:
                lines.append(
                    f"| {name} | {tool} | {fmt_kb(w['html'])} | {fmt_kb(w['assets'])} | "
                    f"{fmt_kb(w['html'] + w['assets'])} | {fmt_kb(w['gzip'])} |"
                )
    if searches:
        lines += [
            "",
            f"## A first search ({searches.pop('_where')})",
            "",
            "Bytes a fresh browser downloads to open the search page with `?q=` and show results "
            "(uncompressed), "
            "and of those, the search index and its code.",
            "",
            "| tool | total | search index + code | requests |",
            "|---|---|---|---|",
        ]
        for tool, s in searches.items():
            if isinstance(s, dict):
                lines.append(
                    f"| {tool} | {fmt_kb(s['total'])} | {fmt_kb(s['search'])} | {s['requests']} |"
                )
            else:
                lines.append(f"| {tool} | {s} | – | – |")
    lines += [
        "",
        "## Every run",
        "",
        f"Wall seconds, and in brackets the machine's 1-minute load average as each build started "
        f"({os.cpu_count()} cores: a load above that means other work was competing with the "
        "build).",
        "",
    ]
    for name, by_tool in results.items():
        for result in by_tool.values():
            for step, samples in result.steps.items():
                runs = ", ".join(
                    f"{s.wall:.2f}{' stopped' if s.stopped else ''} [{s.load:.1f}]" for s in samples
                )
                lines.append(f"- {name} {step}: {runs}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="small,medium,medium-g20,medium-g2000,large",
        help=f"comma-separated, from {', '.join(generate.SIZES)} (default: all)",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="timed runs per tool and size (default: 3)"
    )
    parser.add_argument(
        "--warmup", type=int, default=1, help="untimed runs per tool and size first (default: 1)"
    )
    parser.add_argument(
        "--skip-mkdocs-large",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="do not run MkDocs on large: it takes more than 10 minutes (default: skip)",
    )
    parser.add_argument(
        "--peers-on-variants",
        action="store_true",
        help="run Hugo and MkDocs on medium-g20/medium-g2000 too (by default only ours: "
        "those two sizes measure our glossary's cost)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=600,
        help="stop any one build after this many seconds (default: 600)",
    )
    parser.add_argument(
        "--commit",
        help="build ours from this commit of the repository (a snapshot under bench/work/), "
        "not from the working tree: others may be changing it while the benchmark runs",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=BENCH / "work",
        help="where corpora and outputs go (default: bench/work)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=BENCH / "results.md",
        help="the report (default: bench/results.md)",
    )
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    for name in sizes:
        if name not in generate.SIZES:
            parser.error(f"unknown size '{name}' (known: {', '.join(generate.SIZES)})")

    args.work.mkdir(parents=True, exist_ok=True)
    ours_dir, ours_label = ours_checkout(args.commit, args.work)
    setup = Setup(
        ours_dir, ours_label, ensure_hugo(), pagefind_path(), ensure_mkdocs(args.work), args.timeout
    )
    os.environ["NO_MKDOCS_2_WARNING"] = (
        "1"  # MkDocs-Material's end-of-life banner, printed on every build
    )

    results: dict[str, dict[str, Result]] = {}
    weights: dict[str, dict[str, dict | None]] = {}
    for name in sizes:
        print(f"generating {name} …", flush=True)
        folder = generate.generate(name, args.work)
        tools = [
            t
            for t in TOOLS
            if not (
                (t == "mkdocs" and name == "large" and args.skip_mkdocs_large)
                or (t != "ours" and name.startswith("medium-g") and not args.peers_on_variants)
            )
        ]
        results[name] = {t: Result() for t in tools}
        # No warm-up on large: its builds take minutes, and generation has just put its files in the
        # page cache.
        for _ in range(args.warmup if name != "large" else 0):
            for tool in tools:
                warmup = Result()
                build_once(tool, folder, setup, warmup)
                if warmup.stopped:
                    # Stopped by the timeout even once: report that, and do not spend the timed runs
                    # on it.
                    results[name][tool] = warmup
                    print(
                        f"  {name} warm-up {tool}: stopped after {warmup.stopped.wall:.0f} s",
                        flush=True,
                    )
        for run in range(args.runs):
            # Alternate, and rotate who goes first, so that no tool always follows the same one.
            for tool in tools[run % len(tools) :] + tools[: run % len(tools)]:
                result = results[name][tool]
                if result.stopped:
                    continue  # once stopped by the timeout, not tried again
                build_once(tool, folder, setup, result)
                last = {step: samples[-1].wall for step, samples in result.steps.items()}
                print(
                    f"  {name} run {run + 1} {tool}: "
                    + ", ".join(f"{k} {v:.2f} s" for k, v in last.items()),
                    flush=True,
                )
        weights[name] = {
            "ours": page_weight(folder / "out-ours", TEXT_PAGE),
            "hugo": page_weight(folder / "hugo/public", TEXT_PAGE) if "hugo" in tools else None,
            "mkdocs": page_weight(folder / "mkdocs/site", TEXT_PAGE) if "mkdocs" in tools else None,
        }

    # A first search, on the largest size all three tools built (the index grows with the corpus).
    searches = {}
    where = next((n for n in ("medium", "small") if n in results and len(results[n]) == 3), None)
    if where:
        folder = args.work / where
        # An English rendering: it occurs, and all three index it (MkDocs' search does not segment
        # Chinese).
        query = generate.make_corpus(where).glossary[0].en.split()[0]
        searches = {
            "_where": f"{where}, query {query}",
            "ours": first_search_bytes(
                folder / "out-ours", "search/", query, "#search_results li, #search_results article"
            ),
            "Hugo + Pagefind UI": first_search_bytes(
                folder / "hugo/public", "search/", query, ".pagefind-ui__result"
            ),
            "MkDocs-Material": first_search_bytes(
                folder / "mkdocs/site", "", query, ".md-search-result__item"
            ),
        }
    text = report(results, weights, searches, args, setup)
    print()
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"written {args.output}")


if __name__ == "__main__":
    main()
