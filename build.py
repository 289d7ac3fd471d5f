#!/usr/bin/env python3
"""Build an annotated bilingual reading edition: content/ + glossary.yaml → site/.

    python build.py                       build (the same as `build`)
    python build.py build [--content DIR] [--glossary FILE] [--out DIR] [--base-url /repo/]
                          [--site-url URL] [--strict]
    python build.py check [--content DIR] [--glossary FILE] [--strict]
    python build.py serve [--port 8000] [--content DIR] [--glossary FILE] [--out DIR]
                          [--base-url /repo/]
    python build.py stamp FILE...
    python build.py new DIR [--source zh] [--target en]
    python build.py import SLUG [FILE] [--lang CODE FILE]... [--content DIR] [--title T] [--partial]

Problems are printed as `path:line: error: message`; the exit code is 1 on an
error (or, with --strict, a warning) and 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

COMMANDS = ("build", "check", "serve", "stamp", "new", "import")


def port_number(value: str) -> int:
    """A TCP port; 0 lets the system choose a free one."""
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"'{value}' is not a port number (0 to 65535)")
    return int(value)


def base_url(value: str) -> str:
    """--base-url: the path the site is served under, such as /repo/ (never another host)."""
    from edition.load import base_path_problem

    problem = base_path_problem(value) if value else None
    if problem:
        raise argparse.ArgumentTypeError(f"'{value}' {problem}")
    return value


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="build.py", description="Build an annotated bilingual reading edition."
    )
    commands = main.add_subparsers(dest="command", metavar="{build,check,serve,stamp,new,import}")

    def inputs(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--content",
            type=Path,
            default=Path("content"),
            help="the edition's content folder (default: content)",
        )
        command.add_argument(
            "--glossary",
            type=Path,
            default=None,
            help="the glossary file (default: glossary.yaml beside the content folder, if any)",
        )

    build = commands.add_parser("build", help="build the site")
    inputs(build)
    build.add_argument(
        "--out", type=Path, default=Path("site"), help="the output folder (default: site)"
    )
    build.add_argument(
        "--base-url",
        type=base_url,
        default="",
        help="the path the site is served under, such as /repo/ (default: site_url's path, or /)",
    )
    build.add_argument(
        "--site-url",
        default="",
        help="where the site is published; overrides edition.yaml's site_url",
    )
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")

    check = commands.add_parser("check", help="validate the edition without writing anything")
    inputs(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")

    serve = commands.add_parser(
        "serve", help="build, serve on 127.0.0.1 and rebuild on every change"
    )
    inputs(serve)
    serve.add_argument(
        "--out", type=Path, default=Path("site"), help="the output folder (default: site)"
    )
    serve.add_argument(
        "--base-url", type=base_url, default="", help="the path the site is served under"
    )
    serve.add_argument(
        "--port", type=port_number, default=8000, help="the port on 127.0.0.1 (default: 8000)"
    )

    stamp = commands.add_parser(
        "stamp", help="give every block that lacks one a fresh passage id, in place"
    )
    stamp.add_argument("files", nargs="+", type=Path, metavar="FILE")

    new = commands.add_parser("new", help="make a minimal edition in an empty or new folder")
    new.add_argument("folder", type=Path, metavar="DIR")
    new.add_argument(
        "--source",
        type=language_code,
        default="zh",
        help="the source language's code (default: zh)",
    )
    new.add_argument(
        "--target",
        type=language_code,
        default="en",
        help="the translation's language code (default: en)",
    )

    imported = commands.add_parser("import", help="add a text from its files (text, CSV, TSV)")
    imported.add_argument(
        "slug", type=slug, metavar="SLUG", help="the text's folder name and address: [a-z0-9-]+"
    )
    imported.add_argument(
        "table",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="one CSV or TSV file whose first row names the languages",
    )
    imported.add_argument(
        "--lang",
        nargs=2,
        action="append",
        default=[],
        metavar=("CODE", "FILE"),
        help="a plain-text or Markdown file in language CODE (once per language)",
    )
    imported.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="the edition's content folder (default: content)",
    )
    imported.add_argument(
        "--title",
        default="",
        metavar="T",
        help="the text's title (default: the files' first headings, or the slug)",
    )
    imported.add_argument(
        "--partial",
        action="store_true",
        help="pair what there is; passages a translation lacks stay untranslated",
    )
    return main


def slug(value: str) -> str:
    from edition.load import SLUG

    if not SLUG.match(value):
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a slug: use lower-case letters, digits and hyphens ([a-z0-9-]+)"
        )
    return value


def language_code(value: str) -> str:
    from edition.load import LANGUAGE_CODE

    if not LANGUAGE_CODE.match(value):
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a language code: lower-case letters such as zh, en or lzh"
        )
    return value


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
    if args.command == "new":
        from edition.scaffold import new_edition

        if args.source == args.target:
            usage_error("new", "--source and --target must be two different languages")
        return report(new_edition(args.folder, args.source, args.target), strict=False)
    if args.command == "import":
        return import_text(args)
    options = pipeline.Options(
        content=args.content,
        # Beside the content folder, never the working folder's: `check --content other/content`
        # must not take whatever glossary.yaml happens to be where the command is typed.
        glossary=args.glossary or args.content.parent / "glossary.yaml",
        glossary_required=args.glossary is not None,
        out=getattr(args, "out", Path("site")),
        base_url=getattr(args, "base_url", ""),
        site_url=getattr(args, "site_url", ""),
        strict=getattr(args, "strict", False),
    )
    if args.command == "check":
        diagnostics, summary = pipeline.check(options)
        status = report(diagnostics, options.strict)
        if status == 0:
            print(summary)
        return status
    if args.command == "serve":
        from edition.serve import serve

        return serve(options, args.port)
    diagnostics = pipeline.build(options)
    status = report(diagnostics, options.strict)
    if status == 0:
        print(f"built {options.out}/")
    return status


def usage_error(command: str, message: str) -> None:
    """Report a usage error as argparse does (the command's usage, then the message; exit 2)."""
    actions = parser()._actions
    commands = next(a for a in actions if isinstance(a, argparse._SubParsersAction))
    commands.choices[command].error(message)


def import_text(args: argparse.Namespace) -> int:
    """Check the shape of the command line (exit 2), then import (exit 1 on a problem)."""
    from edition.importer import import_text

    usage = None
    if args.table is not None and args.lang:
        usage = "give either one CSV/TSV FILE or --lang CODE FILE for each language, not both"
    elif args.table is None and not args.lang:
        usage = "give the files to import: --lang zh FILE --lang en FILE, or one CSV/TSV FILE"
    elif args.table is not None and args.table.suffix.lower() not in (".csv", ".tsv"):
        usage = f"{args.table} is not a .csv or .tsv file: give a text file as --lang CODE FILE"
    elif any(Path(name).suffix.lower() in (".csv", ".tsv") for _, name in args.lang):
        usage = "a CSV or TSV table names its languages in its first row: give it alone, as FILE"
    elif len({code for code, _ in args.lang}) < len(args.lang):
        usage = "each language may be given once"
    if usage:
        usage_error("import", usage)
    files = [(code, Path(name)) for code, name in args.lang]
    diagnostics = import_text(args.content, args.slug, files, args.table, args.title, args.partial)
    return report(diagnostics, strict=False)


if __name__ == "__main__":
    import signal

    # Stopped by the system as by Ctrl-C: a half-built folder and the search documents are
    # cleaned up.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        status = main()
    except KeyboardInterrupt:  # Ctrl-C, perhaps while waiting for another build: no traceback
        sys.exit(130)
    # Everything is written, closed and cleaned up by now. Python would free the objects it
    # still holds one by one before exiting (a tenth of a second or more), for nothing.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
