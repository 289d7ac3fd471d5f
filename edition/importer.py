"""`build.py import SLUG …`: a new text from the files teachers have.

    read    each file's bytes as text: UTF-8 (with or without a byte-order mark), UTF-16
            with a byte-order mark, or GB18030/GBK
    split   into paragraphs: blank-line separated in plain text, Markdown's own blocks in a
            .md file, one row per passage in a CSV or TSV table
    pair    the i-th paragraph of every language is passage p<i>; files whose paragraph counts
            differ are refused, saying where they stop corresponding (unless --partial)
    write   content/texts/<slug>/ (made in a hidden folder, then renamed into place), then
            edition.yaml with the slug added to `texts`, its comments and layout untouched

Nothing is written unless every file was read and paired without a problem.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import os
import re
import shutil
import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .glossary import Matcher
from .load import _block_ranges, load_config
from .markdown import make_markdown
from .model import Diagnostic, Diagnostics, EditionConfig, Location
from .scripts import is_cjk
from .textfile import MAX_BYTES, shown, write_whole

# A line of plain text that Markdown would read as block markup (a heading, a quotation, a
# list, a rule, an attribute block such as {#p1}): a backslash before it keeps it plain text.
BLOCK_MARKUP = re.compile(r"[#>{\[=+*_`~|-]|\d{1,9}[.)]")
ATTRIBUTE_LINE = re.compile(r"\s*\{[^}]*\}\s*\Z")


@dataclass
class Paragraph:
    markdown: str
    """As it is written into <lang>.md."""
    line: int
    """Where it starts in the imported file."""

    @property
    def size(self) -> int:
        return len("".join(self.markdown.split()))


@dataclass
class Version:
    """One language's side of the import."""

    lang: str
    where: str
    """The imported file, as messages name it."""
    paragraphs: list[Paragraph | None]
    """None where a table's cell is empty: the passage is missing in this language."""
    title: str = ""
    notes: str = ""
    """A Markdown file's footnote and link definitions, kept at the end of the file."""
    unit: str = "paragraph"
    """"row" for a table's column: its passages are paired by row already."""

    @property
    def count(self) -> int:
        return sum(p is not None for p in self.paragraphs)


@dataclass
class Request:
    """What the command line asks for."""

    content: Path
    slug: str
    files: list[tuple[str, Path]] = field(default_factory=list)
    table: Path | None = None
    title: str = ""
    partial: bool = False


def import_text(
    content: Path,
    slug: str,
    files: list[tuple[str, Path]],
    table: Path | None,
    title: str = "",
    partial: bool = False,
) -> Diagnostics:
    request = Request(content, slug, files, table, title, partial)
    diagnostics = Diagnostics()
    # Only the languages and the list of texts matter here; the build judges the rest.
    found = Diagnostics()
    config = load_config(content, found)
    if config is None or not config.languages:
        diagnostics.items.extend(found.errors)
        return diagnostics
    edition_yaml = content / "edition.yaml"
    folder = content / "texts" / slug
    texts_line = Location(shown(edition_yaml), config.texts_line)
    if folder.exists():
        diagnostics.error(
            texts_line, f"{shown(folder)}/ already exists; choose another slug or remove it"
        )
    elif slug in config.text_slugs:
        diagnostics.error(
            Location(shown(edition_yaml), config.text_lines[slug]),
            f"'{slug}' is listed in texts already; choose another slug or remove it from texts",
        )
    versions = read_versions(request, config, diagnostics)
    if diagnostics.errors or not versions:
        return diagnostics
    main = main_language(versions, config)
    check_pairing(versions, main, request.partial, diagnostics)
    if diagnostics.errors:
        return diagnostics
    write_text(request, config, versions, main, diagnostics)
    return diagnostics


def read_versions(
    request: Request, config: EditionConfig, diagnostics: Diagnostics
) -> list[Version]:
    codes = tuple(l.code for l in config.languages)
    edition_yaml = request.content / "edition.yaml"
    languages_line = Location(shown(edition_yaml), _key_line(edition_yaml, "languages"))
    for lang, _path in request.files:
        if lang not in codes:
            diagnostics.error(
                languages_line,
                f"'{lang}' is not a language of this edition ({', '.join(codes)}); "
                "add it under languages first",
            )
    if diagnostics.errors:
        return []
    if request.table is not None:
        text = read_file(request.table, diagnostics)
        if text is None:
            return []
        return table_versions(request.table, text, codes, request.partial, diagnostics)
    versions = []
    for lang, path in request.files:
        text = read_file(path, diagnostics)
        if text is None:
            continue
        if path.suffix.lower() in (".md", ".markdown"):
            paragraphs, title, notes = markdown_paragraphs(text)
        else:
            paragraphs, title, notes = plain_paragraphs(text), "", ""
        if not paragraphs:
            diagnostics.error(Location(shown(path), 1), "the file has no text to import")
            continue
        every: list[Paragraph | None] = list(paragraphs)  # a file's paragraphs are all there
        versions.append(Version(lang, shown(path), every, title, notes))
    return versions


def _key_line(path: Path, key: str) -> int:
    """The line of a top-level key of edition.yaml (the config keeps only that of `texts`)."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


# -- read ---------------------------------------------------------------------------------


def read_file(path: Path, diagnostics: Diagnostics) -> str | None:
    where = shown(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            diagnostics.error(Location(where, 1), "the file is larger than 8 MB")
            return None
        data = path.read_bytes()
    except OSError as problem:
        diagnostics.error(Location(where, 1), f"cannot read the file: {problem.strerror}")
        return None
    text = decode(data, where, diagnostics)
    if text is not None and "\x00" in text:
        diagnostics.error(
            Location(where, text[: text.index("\x00")].count("\n") + 1),
            "the file holds NUL bytes: it is not plain text (UTF-16 without a byte-order mark?); "
            "save it as UTF-8",
        )
        return None
    return text


def decode(data: bytes, where: str, diagnostics: Diagnostics) -> str | None:
    """The text of a teacher's file, whichever of the usual encodings it was saved in."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")  # the byte-order mark says which byte comes first
        except UnicodeDecodeError as problem:
            diagnostics.error(
                Location(where, 1),
                f"the file begins as UTF-16 but byte {problem.start} is not; save it as UTF-8",
            )
            return None
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as problem:
            # Chinese Windows saves "ANSI" text as GBK, which GB18030 contains. Almost any bytes
            # decode as something, so it counts only when Chinese characters come out.
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                text = ""
            if not any(is_cjk(char) for char in text):
                line = data[: problem.start].count(b"\n") + 1
                column = problem.start - data.rfind(b"\n", 0, problem.start)
                diagnostics.error(
                    Location(where, line),
                    "the file is neither UTF-8, UTF-16 nor GB18030 "
                    f"(byte 0x{data[problem.start]:02x} at column {column}); save it as UTF-8",
                )
                return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- split --------------------------------------------------------------------------------


def inert(line: str) -> str:
    """A line of plain text as Markdown that reads exactly as the line."""
    match = BLOCK_MARKUP.match(line)
    if not match:
        return line
    if match.group()[0].isdigit():  # `1. ` would start a list: escape the dot
        return line[: match.end() - 1] + "\\" + line[match.end() - 1 :]
    return "\\" + line


def plain_lines(lines: list[str]) -> str:
    """Plain-text lines as one Markdown paragraph: indentation dropped (four spaces would make
    a code block), each line made inert. A line break between two Chinese characters is
    dropped, as Chinese is written without spaces; other line breaks stay (a space on the page)."""
    result = ""
    for line in (line.strip(" \t") for line in lines):
        if not line:
            continue
        if result and is_cjk(result[-1]) and is_cjk(line[0]):
            result += line  # a Chinese line is never escaped: its first character is not markup
        else:
            result += ("\n" if result else "") + inert(line)
    return result


def plain_paragraphs(text: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    lines: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n") + [""], 1):
        if line.strip():
            if not lines:
                start = number
            lines.append(line)
        elif lines:
            paragraphs.append(Paragraph(plain_lines(lines), start))
            lines = []
    return paragraphs


def markdown_paragraphs(text: str) -> tuple[list[Paragraph], str, str]:
    """A Markdown file's top-level blocks (a list or a quotation with blank lines inside stays
    one passage), its first heading, and its footnote and link definitions."""
    tokens = make_markdown(Matcher({})).parse(text, {"slug": "", "lang": ""})
    lines = text.split("\n")
    covered: set[int] = set()
    paragraphs: list[Paragraph] = []
    title = ""
    for start, _end in _block_ranges(tokens):
        first = tokens[start]
        if first.map is None:  # the footnote definitions: kept below with the other lines
            continue
        covered.update(range(*first.map))
        if first.type == "hr":
            continue  # a rule is decoration, not a passage
        if first.type == "heading_open" and not title:
            title = tokens[start + 1].content.strip()
        block = "\n".join(lines[first.map[0] : first.map[1]]).rstrip()
        paragraphs.append(Paragraph(block, first.map[0] + 1))
    # What is left: footnote and link definitions. Ids the file had ({#x}) give way to fresh ones.
    kept: list[str] = []
    for number, line in enumerate(lines):
        if number in covered:
            if kept and kept[-1]:
                kept.append("")
        elif not ATTRIBUTE_LINE.match(line):
            kept.append(line.rstrip())
    notes = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return paragraphs, title, notes


def table_versions(
    path: Path, text: str, codes: tuple[str, ...], partial: bool, diagnostics: Diagnostics
) -> list[Version]:
    """A spreadsheet's export: the first row names each column's language, each further row is
    one passage; a cell may hold several lines."""
    where = shown(path)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(first_line)
    # A tab-separated file has no quoting: a cell that opens with a quotation mark (prose
    # quoting a speaker) is text, not the start of a quoted cell that swallows the rows after it.
    tsv = delimiter == "\t" and path.suffix.lower() == ".tsv"
    if tsv:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as problem:
        diagnostics.error(Location(where, reader.line_num), f"not a readable table: {problem}")
        return []
    if not rows:
        diagnostics.error(Location(where, 1), "the table is empty")
        return []
    header_line, header = rows[0]
    body = rows[1:]
    columns: dict[int, str] = {}
    named = [cell.strip().lower() for cell in header]
    if not any(name in codes for name in named):
        diagnostics.error(
            Location(where, header_line),
            f"the first row must name each column's language by its code ({', '.join(codes)}); "
            f"it reads {', '.join(repr(cell) for cell in header)}",
        )
        return []
    errors = len(diagnostics.errors)
    for index, name in enumerate(named):
        if not name and not any(index < len(row) and row[index].strip() for _, row in body):
            continue  # an empty column a spreadsheet added at the edge
        if name not in codes:
            diagnostics.error(
                Location(where, header_line),
                f"column {index + 1} is headed '{header[index].strip()}', which is not a language "
                f"of this edition ({', '.join(codes)})",
            )
        elif name in columns.values():
            diagnostics.error(Location(where, header_line), f"two columns are headed '{name}'")
        else:
            columns[index] = name
    if len(diagnostics.errors) > errors:
        return []
    versions = {lang: Version(lang, where, [], unit="row") for lang in columns.values()}
    for line, row in body:
        extra = [cell for index, cell in enumerate(row) if index not in columns and cell.strip()]
        if extra:
            diagnostics.error(
                Location(where, line),
                f"this row has text outside the columns the first row names ({', '.join(codes)})",
            )
        for index, lang in columns.items():
            cell = row[index] if index < len(row) else ""
            # A cell is one passage: its blank lines would split it into several.
            markdown = plain_lines(cell.split("\n"))
            versions[lang].paragraphs.append(Paragraph(markdown, line) if markdown else None)
        missing = [lang for index, lang in columns.items() if not versions[lang].paragraphs[-1]]
        if missing and not partial:
            diagnostics.error(
                Location(where, line),
                f"this row has no {' or '.join(missing)} text; "
                "fill it in, or import with --partial",
            )
    return [versions[lang] for lang in columns.values()]


def _delimiter(first_line: str) -> str:
    """A CSV file's separator: a comma, or the semicolon or tab some spreadsheets write."""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


# -- pair ---------------------------------------------------------------------------------


def main_language(versions: list[Version], config: EditionConfig) -> str:
    """The language the text is in: the edition's source language when imported (as align.py
    decides it), otherwise the first imported language in the edition's order."""
    langs = {v.lang for v in versions}
    if config.source_language in langs:
        return config.source_language
    return next(l.code for l in config.languages if l.code in langs)


def check_pairing(
    versions: list[Version], main: str, partial: bool, diagnostics: Diagnostics
) -> None:
    source = next(v for v in versions if v.lang == main)
    for other in versions:
        if other is source:
            continue
        if other.unit == "row":  # a table: each row pairs its cells, by construction
            for mine, theirs in zip(source.paragraphs, other.paragraphs, strict=True):
                if theirs is not None and mine is None:
                    diagnostics.error(
                        Location(other.where, theirs.line),
                        f"this row has {other.lang} text but no {main} text: "
                        f"a translation may only have the source's passages",
                    )
        elif len(other.paragraphs) > len(source.paragraphs) or (
            not partial and len(other.paragraphs) != len(source.paragraphs)
        ):
            diagnostics.items.append(where_they_part(source, other))


def where_they_part(a: Version, b: Version) -> Diagnostic:
    """Where two files with different paragraph counts stop corresponding.

    Each pair's length ratio is compared with the ratio of the whole texts. The files are taken
    to run in step up to some paragraph k and one or more places apart after it (where a
    paragraph was added or lost): k is the point where the pairs fit the whole ratio best.
    """
    present_a = [p for p in a.paragraphs if p]
    present_b = [p for p in b.paragraphs if p]
    sizes_a = [p.size for p in present_a]
    sizes_b = [p.size for p in present_b]
    shift = len(sizes_b) - len(sizes_a)
    count = min(len(sizes_a), len(sizes_b))
    # A few characters more or less must not make a two-character heading look out of place.
    pad_a = max(1.0, statistics.median(sizes_a) / 10)
    pad_b = max(1.0, statistics.median(sizes_b) / 10)
    whole = math.log(sum(sizes_b) / sum(sizes_a))

    def misfit(i: int, j: int) -> float:
        return abs(math.log((sizes_b[j] + pad_b) / (sizes_a[i] + pad_a)) - whole)

    in_step = [misfit(i, i) for i in range(count)]
    apart = [misfit(i, i + shift) if shift > 0 else misfit(i - shift, i) for i in range(count)]
    before = [0.0]
    for value in in_step:
        before.append(before[-1] + value)
    after = [0.0]
    for value in reversed(apart):
        after.append(after[-1] + value)
    after.reverse()
    k = min(range(count + 1), key=lambda k: (before[k] + after[k], k))
    name_a, name_b = Path(a.where).name, Path(b.where).name
    counts = f"{name_a} has {len(sizes_a)} paragraphs, {name_b} {len(sizes_b)}"
    if k == count:
        longer, shorter = (b, a) if shift > 0 else (a, b)
        extra = (present_b if shift > 0 else present_a)[count]
        return Diagnostic(
            Location(longer.where, extra.line),
            "error",
            f"the files stop corresponding here: paragraph {count + 1} of "
            f"{Path(longer.where).name} (line {extra.line}) has no counterpart in "
            f"{Path(shorter.where).name}; {counts}",
        )
    line_a, line_b = present_a[k].line, present_b[k].line
    return Diagnostic(
        Location(a.where, line_a),
        "error",
        f"the files stop corresponding here: paragraph {k + 1} of {name_a} (line {line_a}) and "
        f"paragraph {k + 1} of {name_b} (line {line_b}) differ in length out of proportion; "
        f"{counts}",
    )


# -- write --------------------------------------------------------------------------------


def language_file(version: Version, total: int) -> str:
    blocks = [
        f"{{#p{number}}}\n{paragraph.markdown}"
        for number, paragraph in enumerate(version.paragraphs[:total], 1)
        if paragraph is not None
    ]
    if version.notes:
        blocks.append(version.notes)
    return "\n\n".join(blocks) + "\n"


def readable(slug: str) -> str:
    words = slug.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def text_yaml(request: Request, versions: list[Version], config: EditionConfig) -> str:
    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string

    headings = {v.lang: v.title for v in versions if v.title}
    if request.title:
        title = quoted(request.title)
    elif headings:
        title = "{" + ", ".join(f"{lang}: {quoted(t)}" for lang, t in headings.items()) + "}"
    else:
        title = quoted(readable(request.slug))
    lines = [f"title: {title}"]
    if len(versions) == 1 and versions[0].lang != config.source_language:
        lines.append("kind: commentary")  # a text only in a translation's language: a commentary
    if request.partial:
        lines.append("partial: true")
    return "\n".join(lines) + "\n"


def write_text(
    request: Request,
    config: EditionConfig,
    versions: list[Version],
    main: str,
    diagnostics: Diagnostics,
) -> None:
    edition_yaml = request.content / "edition.yaml"
    raw = edition_yaml.read_bytes()
    bom = raw.startswith(codecs.BOM_UTF8)
    source = raw.decode("utf-8-sig")
    updated = add_to_texts(source, request.slug)
    if updated is None:
        diagnostics.error(
            Location(shown(edition_yaml), config.texts_line),
            f"'texts' is not a list that {request.slug} can be added to; write texts: [...] first",
        )
        return
    total = len(next(v for v in versions if v.lang == main).paragraphs)
    texts = request.content / "texts"
    texts.mkdir(exist_ok=True)
    folder = texts / request.slug
    # The whole folder appears at once or not at all.
    making = Path(tempfile.mkdtemp(prefix=f".{request.slug}.", dir=texts))
    try:
        (making / "text.yaml").write_text(text_yaml(request, versions, config), encoding="utf-8")
        for version in versions:
            body = language_file(version, total)
            (making / f"{version.lang}.md").write_text(body, encoding="utf-8")
        making.chmod(0o777 & ~_umask())
        making.rename(folder)
    except OSError as problem:
        shutil.rmtree(making, ignore_errors=True)
        diagnostics.error(Location(shown(folder), 1), f"cannot write the text: {problem.strerror}")
        return
    try:
        write_whole(edition_yaml, (("\ufeff" if bom else "") + updated).encode("utf-8"))
    except OSError as problem:
        shutil.rmtree(folder, ignore_errors=True)
        diagnostics.error(Location(shown(edition_yaml), 1), f"cannot write: {problem.strerror}")
        return
    counts = ", ".join(f"{v.lang} {v.count}" for v in versions)
    print(
        f"imported {request.slug} into {shown(folder)}/: {total} passages ({counts}); "
        f"added to texts in {shown(edition_yaml)}"
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def add_to_texts(source: str, slug: str) -> str | None:
    """edition.yaml's text with `slug` added at the end of `texts`, every other character kept:
    the editor's comments, spacing and list style stay as they were."""
    newline = "\r\n" if "\r\n" in source else "\n"
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return None
    texts = next((value for key, value in root.value if key.value == "texts"), None)
    if texts is None:  # no list yet: start one at the end
        return source.rstrip("\r\n") + f"{newline}texts: [{slug}]{newline}"
    if not isinstance(texts, yaml.SequenceNode):
        return None
    if texts.flow_style:  # texts: [a, b]
        if not texts.value:
            at = texts.start_mark.index + 1
            return source[:at] + slug + source[at:]
        at = texts.value[-1].end_mark.index
        return source[:at] + f", {slug}" + source[at:]
    # A block list: a new item under the last one, written the same way ("  - ").
    last = texts.value[-1]
    line_start = source.rfind("\n", 0, last.start_mark.index) + 1
    prefix = source[line_start : last.start_mark.index]
    if not re.fullmatch(r"[ \t]*-[ \t]+", prefix):
        return None
    line_end = source.find("\n", last.end_mark.index)
    if line_end == -1:
        return source + newline + prefix + slug + newline
    if source[line_end - 1 : line_end] == "\r":
        line_end -= 1
    return source[:line_end] + newline + prefix + slug + source[line_end:]
