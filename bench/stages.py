#!/usr/bin/env python3
"""Where a cold build's time goes, stage by stage, on the corpora of bench/shapes.py.

    .venv/bin/python bench/stages.py [--shapes base,short] [--output FILE]

Each stage runs in this one process (no forked parser, Pagefind waited for), timed in CPU
seconds, so the stages add up and other work on the machine moves them little. The parse floor
is markdown-it-py with the same plugins and none of our rules, on the same files: what parsing
costs before the project adds anything. Run `bench/shapes.py --generate-only` first.
"""

from __future__ import annotations

import argparse
import gc
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from markdown_it import MarkdownIt  # noqa: E402
from mdit_py_plugins.attrs import attrs_block_plugin  # noqa: E402
from mdit_py_plugins.footnote import footnote_plugin  # noqa: E402

from edition import load, pipeline, search  # noqa: E402
from edition.model import Diagnostics  # noqa: E402
from edition.pages import site_files  # noqa: E402
from edition.render import Renderer  # noqa: E402

STAGES = [
    ("glossary", "glossary.yaml read, checked, pinyin made"),
    ("parse floor", "markdown-it-py with attrs and footnotes, none of our rules"),
    ("our rules", "our core rules on top: links, sentences, glossary terms"),
    ("blocks", "the rest of loading a file: ids checked, each block rendered to HTML"),
    ("align", "passages paired across languages, sentences paired, Chinese words counted"),
    ("links", "text.yaml files, cross-references, glossary occurrences, anchors.lock"),
    ("search documents", "the folding table and Pagefind's input"),
    ("render", "pages and data files made (Jinja, JSON)"),
    ("write", "their bytes written"),
    ("Pagefind", "the index (Pagefind's own CPU seconds)"),
]


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(root: Path) -> Counter:
    spent: Counter = Counter()
    options = pipeline.Options(root / "content", root / "glossary.yaml")
    load.LoadCache.prefetch = lambda *args: None  # type: ignore[method-assign]
    originals = {
        "glossary": pipeline.load_glossary,
        "align": pipeline.align_text,
    }

    def timed(name, function):
        def run(*args, **kwargs):
            started = cpu()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += cpu() - started

        return run

    pipeline.load_glossary = timed("glossary", originals["glossary"])
    pipeline.align_text = timed("align", originals["align"])
    load_file = load.load_language_file
    floor = MarkdownIt("commonmark", {"html": False}).use(attrs_block_plugin).use(footnote_plugin)

    def load_timed(path, slug, lang, md, moved, shows, diagnostics):
        source = path.read_text(encoding="utf-8")
        started = cpu()
        floor.parse(source, {})
        spent["parse floor"] += cpu() - started
        parse = md.parse

        def parse_timed(src, env=None):
            begun = cpu()
            try:
                return parse(src, env)
            finally:
                spent["parse"] += cpu() - begun

        md.parse = parse_timed
        started = cpu()
        try:
            return load_file(path, slug, lang, md, moved, shows, diagnostics)
        finally:
            spent["load"] += cpu() - started
            md.parse = parse

    pipeline.load_language_file = load_timed
    diagnostics = Diagnostics()
    gc.set_threshold(*pipeline.GC_PACE)
    started = cpu()
    edition = pipeline.validate(options, diagnostics)
    validate = cpu() - started
    assert edition is not None, [str(d) for d in diagnostics.errors]
    spent["our rules"] = spent["parse"] - spent["parse floor"]
    spent["blocks"] = spent["load"] - spent["parse"]
    spent["links"] = (
        validate - spent["glossary"] - spent["load"] - spent["align"] - spent["parse floor"]
    )
    del spent["parse"], spent["load"]
    with tempfile.TemporaryDirectory(prefix="stages-") as scratch:
        out = Path(scratch)
        pagefind = children_cpu()  # Pagefind runs beside the rendering, and is waited for
        started = cpu()
        mapping = search.script_map(edition)
        indexer = search.Indexer(edition, out / "pagefind", mapping)
        spent["search documents"] = cpu() - started
        renderer = Renderer(pipeline.make_site(edition, options))
        for site_file in site_files(renderer, mapping):
            started = cpu()
            content = site_file.make()
            data = content if isinstance(content, str) else "".join(content)
            spent["render"] += cpu() - started
            target = out / site_file.path
            started = cpu()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(data, encoding="utf-8")
            spent["write"] += cpu() - started
        indexer.finish(diagnostics)
        spent["Pagefind"] = children_cpu() - pagefind
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shapes", default="base,dense,sparse,short,long,zh-heavy,en-heavy")
    parser.add_argument("--work", type=Path, default=BENCH / "work/shapes")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    names = args.shapes.split(",")
    header = "| stage | " + " | ".join(names) + " | what |"
    lines = [header, "|---|" + "---|" * len(names) + "---|"]
    results = {}
    for name in names:
        # Each shape in a fresh process: no module state or cache carried from the last.
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(args.work / name / "ours")],
            capture_output=True,
            text=True,
            check=True,
        )
        results[name] = dict(line.split("\t") for line in done.stdout.splitlines())
        print(f"{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    for stage, what in STAGES:
        cells = [f"{float(results[n].get(stage, 0)):.2f}" for n in names]
        lines.append(f"| {stage} | " + " | ".join(cells) + f" | {what} |")
    totals = [f"**{sum(float(v) for v in results[n].values()):.2f}**" for n in names]
    lines.append("| total | " + " | ".join(totals) + " | CPU seconds, one process |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        for stage, seconds in measure(Path(sys.argv[2])).items():
            print(f"{stage}\t{seconds:.3f}")
    else:
        main()
