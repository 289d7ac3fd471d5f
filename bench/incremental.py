"""`serve`'s rebuild after a one-passage edit, against a full build of the same edition, in one
process.

    .venv/bin/python bench/incremental.py [--size medium] [--edits 5]

Copies a generated corpus (bench/generate.py) to bench/work/incremental/, builds it once with a
BuildCache as `serve` does, then, edit after edit, changes one passage of a text and times the
rebuild (the site's pages and data files up to date) and the search index that follows in the
background. For comparison, the same cache builds the whole site again (as after a template
change) between edits. The last site is compared with a full `build.py build` of the same files.
Prints a Markdown table: medians over the edits.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from edition.pipeline import BuildCache, Options, build  # noqa: E402


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="medium")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    corpus = BENCH / "work" / args.size / "ours"
    if not corpus.exists():
        subprocess.run(
            [sys.executable, str(BENCH / "generate.py"), "--sizes", args.size], check=True
        )
    work = BENCH / "work" / "incremental"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(corpus, work)
    options = Options(work / "content", work / "glossary.yaml", work / "site")
    cache = BuildCache()  # as serve keeps between builds
    problems = build(options, cache).errors
    assert not problems, problems
    cache.wait()
    texts = sorted((work / "content" / "texts").iterdir())
    pages, index, full = [], [], []
    for n in range(args.edits):
        # one passage of a text in the middle of the edition gains a sentence
        path = texts[(len(texts) // 2 + n) % len(texts)] / "zh.md"
        source = path.read_text(encoding="utf-8")
        end = source.index("。", source.index("{#p7}"))
        path.write_text(source[:end] + f"，第{n + 1}次修订" + source[end:], encoding="utf-8")
        started = time.perf_counter()
        problems = build(options, cache).errors
        pages.append(time.perf_counter() - started)
        assert not problems, problems
        cache.wait()
        index.append(time.perf_counter() - started)
        started = time.perf_counter()
        build(options, cache, everything=True)
        full.append(time.perf_counter() - started)
    cache.close()
    reference = work / "reference"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "build",
            "--content",
            str(work / "content"),
            "--glossary",
            str(work / "glossary.yaml"),
            "--out",
            str(reference),
        ],
        check=True,
        capture_output=True,
    )
    same = files_of(work / "site") == files_of(reference)
    median = statistics.median
    print(
        "| size | edits | pages up to date | search index up to date | full rebuild (same "
        "process) | pages / full | same as build.py build |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {args.size} | {args.edits} | {median(pages):.2f} s | {median(index):.2f} s | "
        f"{median(full):.2f} s | "
        f"{median(pages) / median(full):.2f}× | {'yes' if same else '**no**'} |"
    )


if __name__ == "__main__":
    main()
