#!/usr/bin/env python3
"""Build an annotated bilingual reading edition: content/ + glossary.yaml → site/.

    python build.py                       build (the same as `build`)
    python build.py build [--content DIR] [--glossary FILE] [--out DIR] [--base-url /repo/] [--site-url URL] [--strict]
    python build.py check [--content DIR] [--glossary FILE] [--strict]
    python build.py serve [--port 8000] [--content DIR] [--glossary FILE] [--out DIR] [--base-url /repo/]
    python build.py stamp FILE...

Problems are printed as `path:line: error: message`; the exit code is 1 on an
error (or, with --strict, a warning) and 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

COMMANDS = ("build", "check", "serve", "stamp")


def base_url(value: str) -> str:
    """--base-url: the path the site is served under, such as /repo/ (never another host)."""
    from edition.load import base_path_problem

    problem = base_path_problem(value) if value else None
    if problem:
        raise argparse.ArgumentTypeError(f"'{value}' {problem}")
    return value


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="build.py", description="Build an annotated bilingual reading edition.")
    commands = main.add_subparsers(dest="command", metavar="{build,check,serve,stamp}")

    def inputs(command: argparse.ArgumentParser) -> None:
        command.add_argument("--content", type=Path, default=Path("content"), help="the edition's content folder (default: content)")
        command.add_argument("--glossary", type=Path, default=None, help="the glossary file (default: glossary.yaml, if there is one)")

    build = commands.add_parser("build", help="build the site")
    inputs(build)
    build.add_argument("--out", type=Path, default=Path("site"), help="the output folder (default: site)")
    build.add_argument("--base-url", type=base_url, default="",
                       help="the path the site is served under, such as /repo/ "
                       "(default: site_url's path, or /)")
    build.add_argument("--site-url", default="", help="where the site is published; overrides edition.yaml's site_url")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")

    check = commands.add_parser("check", help="validate the edition without writing anything")
    inputs(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")

    serve = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on every change")
    inputs(serve)
    serve.add_argument("--out", type=Path, default=Path("site"), help="the output folder (default: site)")
    serve.add_argument("--base-url", type=base_url, default="",
                       help="the path the site is served under")
    serve.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default: 8000)")

    stamp = commands.add_parser("stamp", help="give every block that lacks one a fresh passage id, in place")
    stamp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    return main


def report(diagnostics, strict: bool) -> int:
    for diagnostic in diagnostics.sorted():
        print(diagnostic, file=sys.stderr)
    failed = bool(diagnostics.errors) or (strict and bool(diagnostics.warnings))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS + ("-h", "--help"):
        argv.insert(0, "build")
    args = parser().parse_args(argv)

    from edition import pipeline

    if args.command == "stamp":
        from edition.stamp import stamp_files

        return report(stamp_files(args.files), strict=False)
    options = pipeline.Options(
        content=args.content,
        glossary=args.glossary or Path("glossary.yaml"),
        glossary_required=args.glossary is not None,
        out=getattr(args, "out", None),
        base_url=getattr(args, "base_url", ""),
        site_url=getattr(args, "site_url", ""),
        strict=getattr(args, "strict", False),
    )
    if args.command == "check":
        return report(pipeline.check(options), options.strict)
    if args.command == "serve":
        from edition.serve import serve

        return serve(options, args.port)
    diagnostics = pipeline.build(options)
    status = report(diagnostics, options.strict)
    if status == 0:
        print(f"built {options.out}/")
    return status


if __name__ == "__main__":
    import signal

    # Stopped by the system as by Ctrl-C: a half-built folder and the search documents are cleaned up.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C, perhaps while waiting for another build: no traceback
        sys.exit(130)
