"""Files → model: edition.yaml, each text's text.yaml and language files.

Every value is checked as it is read; problems go to the shared Diagnostics and
loading carries on, so that an editor sees all of them at once.
"""

from __future__ import annotations

import datetime
import hashlib
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .cores import fork_context
from .localize import INTERFACES
from .markdown import PASSAGE_ID, plain_text, prose_link_problems
from .model import (
    GLOSS_MARKS,
    TEXT_KINDS,
    Block,
    Diagnostics,
    EditionConfig,
    Footnote,
    Image,
    Language,
    Link,
    Localized,
    Location,
    TermFound,
    TextMeta,
    Version,
    language_code,
)
from .sentences import sentences_of
from .textfile import read_bytes, read_text, shown
from .yamlfile import Mapping, Sequence, load_yaml, timestamp

UNDEFINED_NOTE = re.compile(r"\[\^[^\]\s]+\]")
SLUG = re.compile(r"[a-z0-9-]+\Z")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]+)*\Z")
HTML_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*\Z")
EDITION_KEYS = {
    "title",
    "description",
    "editor",
    "license",
    "languages",
    "source_language",
    "texts",
    "site_url",
    "gloss_marks",
    "interface",
}
TEXT_KEYS = {
    "title",
    "short_title",
    "author",
    "published",
    "publication",
    "original_url",
    "kind",
    "notes",
    "partial",
    "moved",
    "languages",
    "versions",
}
VERSION_KEYS = {"label", "translator", "note", "partial", "default"}
VERSION_NAME = re.compile(r"[a-z0-9-]+\Z")
RESERVED_SLUGS = ("glossary", "pagefind", "search", "static", "texts")
"""Names the site uses itself: its top-level folders, and `glossary`, which the search page takes
for the glossary's own results."""
BLOCK_KINDS = {
    "paragraph_open": "paragraph",
    "heading_open": "heading",
    "blockquote_open": "blockquote",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "fence": "code",
    "code_block": "code",
}


def content_folder_of(text_file: Path) -> Path:
    """The content folder of a file in texts/<slug>/: content is read from inside it only."""
    return text_file.parents[2]


PATH_NAME = re.compile(r"[\w.~-]+\Z")
Choice = TypeVar("Choice", bound=str)


def base_path_problem(path: str) -> str | None:
    """Why `path` cannot be the path a site is served under, or None. 404.html loads the site's
    scripts from it, so it must be a plain path on the site's own host, such as /repo/."""
    if not path.startswith("/"):
        return "must be a path starting with /, such as /repo/"
    if "//" in path:
        return "may not contain //: a path starting with // names another host"
    if "\\" in path:
        return "may not contain a backslash"
    names = [name for name in path.split("/") if name]
    if any(name in (".", "..") for name in names):
        return "may not contain . or .. between slashes"
    if not all(PATH_NAME.match(name) for name in names):
        return "may hold only letters, digits, - . _ and ~ between its slashes"
    return None


@dataclass
class _Reader:
    """Reads the fields of one YAML mapping, reporting against its file."""

    data: Mapping
    path: str
    diagnostics: Diagnostics
    languages: tuple[str, ...]

    def at(self, key: str) -> Location:
        return Location(self.path, self.data.line_of(key))

    def check_keys(self, allowed: set[str], what: str) -> None:
        for key in self.data:
            if key not in allowed:
                self.diagnostics.error(
                    self.at(key),
                    f"unknown key '{key}' in {what} (allowed: {', '.join(sorted(allowed))})",
                )

    def string(self, key: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.diagnostics.error(Location(self.path, self.data.line), f"'{key}' is required")
            return ""
        if not isinstance(value, str):
            message = self.data.misread(key) or f"'{key}' must be a string"
            self.diagnostics.error(self.at(key), message)
            return ""
        return value.strip()

    def localized(self, key: str, required: bool = False) -> Localized:
        """A per-language mapping {zh: …, en: …}, or one string for every language."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.diagnostics.error(Location(self.path, self.data.line), f"'{key}' is required")
            return {}
        if isinstance(value, str):
            return {lang: value.strip() for lang in self.languages}  # one string for every language
        if not isinstance(value, Mapping) or not value:
            expected = f"'{key}' must be a string or a mapping from language code to string"
            self.diagnostics.error(self.at(key), self.data.misread(key) or expected)
            return {}
        result: Localized = {}
        for lang, text in value.items():
            if lang not in self.languages:
                self.diagnostics.error(
                    Location(self.path, value.line_of(lang)),
                    f"'{key}' has language '{lang}', which is not in edition.yaml languages "
                    f"({', '.join(self.languages)})",
                )
            elif not isinstance(text, str) or not text.strip():
                self.diagnostics.error(
                    Location(self.path, value.line_of(lang)),
                    value.misread(lang) or f"'{key}.{lang}' must be a non-empty string",
                )
            else:
                result[lang] = text.strip()
        return result

    def prose(self, key: str, value: str) -> str:
        """Markdown shown outside passages: its links must lead outside the edition."""
        for problem in prose_link_problems(value):
            self.diagnostics.error(self.at(key), problem)
        return value

    def choice(self, key: str, options: tuple[Choice, ...], default: Choice) -> Choice:
        value = self.data.get(key, default)
        if misread := self.data.misread(key):
            self.diagnostics.error(self.at(key), misread)
            return default
        if value not in options:
            self.diagnostics.error(
                self.at(key), f"'{key}' must be one of: {', '.join(options)} (not '{value}')"
            )
            return default
        return value


def _read_mapping(
    path: Path, content: Path, missing: str, empty: str, not_mapping: str, diagnostics: Diagnostics
) -> Mapping | None:
    """A YAML file of the content folder that must hold a mapping; each way it can fail has its
    own message."""
    where = shown(path)
    if not path.exists() and not path.is_symlink():
        diagnostics.error(Location(where, 1), missing)
        return None
    data = load_yaml(path, where, diagnostics, inside=content)
    if data is None:
        if not any(d.location.path == where for d in diagnostics.items):
            diagnostics.error(Location(where, 1), empty)
        return None
    if not isinstance(data, Mapping):
        diagnostics.error(Location(where, 1), not_mapping)
        return None
    return data


def load_config(
    content: Path, diagnostics: Diagnostics, site_url_override: str = ""
) -> EditionConfig | None:
    path = content / "edition.yaml"
    where = shown(path)
    data = _read_mapping(
        path,
        content,
        "edition.yaml is missing: every edition needs one (see docs/editor-guide.md)",
        "edition.yaml is empty",
        "edition.yaml must be a mapping of settings",
        diagnostics,
    )
    if data is None:
        return None
    languages = _languages(data, where, diagnostics)
    codes = tuple(l.code for l in languages)
    reader = _Reader(data, where, diagnostics, codes)
    reader.check_keys(EDITION_KEYS, "edition.yaml")
    source_language = reader.string("source_language", required=True)
    if source_language and codes and source_language not in codes:
        diagnostics.error(
            reader.at("source_language"),
            f"source_language '{source_language}' is not one of languages ({', '.join(codes)})",
        )
    slugs: list[str] = []
    text_lines: dict[str, int] = {}
    texts = data.get("texts")
    if not isinstance(texts, Sequence) or not texts:
        diagnostics.error(
            reader.at("texts") if "texts" in data else Location(where, data.line),
            "'texts' must list the text folders in reading order",
        )
    else:
        for index, (slug, line) in enumerate(zip(texts, texts.item_lines, strict=True)):
            if misread := texts.misread(index):
                diagnostics.error(Location(where, line), misread)
            elif not isinstance(slug, str) or not SLUG.match(slug):
                diagnostics.error(
                    Location(where, line), f"text slug '{slug}' must match [a-z0-9-]+"
                )
            elif slug in RESERVED_SLUGS:
                diagnostics.error(
                    Location(where, line),
                    f"text slug '{slug}' is a name the site uses itself "
                    f"({', '.join(RESERVED_SLUGS)}); rename the text's folder",
                )
            elif slug in slugs:
                diagnostics.error(Location(where, line), f"text '{slug}' is listed twice")
            else:
                slugs.append(slug)
                text_lines[slug] = line
    site_url = site_url_override or reader.string("site_url")
    if not site_url:
        diagnostics.warning(
            Location(where, 1),
            "site_url is not set: sitemap.xml is not written and link previews have no absolute "
            "address",
        )
    if site_url and not re.match(r"https?://[^/\s]+(/\S*)?\Z", site_url):
        diagnostics.error(
            reader.at("site_url"), f"site_url '{site_url}' must be an absolute http(s) address"
        )
        site_url = ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    if site_url and (problem := base_path_problem(urlsplit(site_url).path)):
        # the base path, when --base-url does not give one
        diagnostics.error(reader.at("site_url"), f"site_url '{site_url}': its path {problem}")
        site_url = ""
    description = reader.localized("description")
    for text in description.values():
        reader.prose("description", text)
    return EditionConfig(
        title=reader.localized("title", required=True),
        description=description,
        editor=reader.string("editor"),
        license=reader.string("license"),
        languages=languages,
        source_language=source_language,
        text_slugs=tuple(slugs),
        text_lines=text_lines,
        texts_line=data.line_of("texts"),
        site_url=site_url,
        gloss_marks=reader.choice("gloss_marks", GLOSS_MARKS, "first"),
        location=Location(where, 1),
        interface=reader.choice("interface", INTERFACES, "en"),
        interface_given="interface" in data,
    )


def _languages(data: Mapping, where: str, diagnostics: Diagnostics) -> tuple[Language, ...]:
    value = data.get("languages")
    if not isinstance(value, Mapping) or not value:
        line = data.line_of("languages")
        diagnostics.error(
            Location(where, line), "'languages' must map each language code to {label, html}"
        )
        return ()
    languages = []
    for code, spec in value.items():
        line = value.line_of(code)
        if not LANGUAGE_CODE.match(code):
            diagnostics.error(
                Location(where, line),
                f"language code '{code}' must be lower-case letters, like zh or en",
            )
            continue
        language = _language(code, spec, Location(where, line), diagnostics)
        if language is not None:
            languages.append(language)
    return tuple(languages)


def _language(
    code: str, spec: Any, here: Location, diagnostics: Diagnostics, default: Language | None = None
) -> Language | None:
    """One language's {label, html}; what it leaves out is `default`'s (else the code)."""
    where = here.path
    if not isinstance(spec, Mapping):
        diagnostics.error(here, f"language '{code}' must be a mapping {{label: …, html: …}}")
        return None
    for key in spec:
        if key not in ("label", "html"):
            diagnostics.error(
                Location(where, spec.line_of(key)),
                f"unknown key '{key}' in language '{code}' (allowed: html, label)",
            )
    misread = [(key, message) for key in ("label", "html") if (message := spec.misread(key))]
    for key, message in misread:
        diagnostics.error(Location(where, spec.line_of(key)), message)
    if misread:
        return None
    label = spec.get("label", default.label if default else code)
    html = spec.get("html", default.html if default else code)
    if not (isinstance(label, str) and isinstance(html, str) and HTML_TAG.match(html)):
        diagnostics.error(
            here,
            f"language '{code}': label must be a string and html a BCP 47 tag such as zh-Hans",
        )
        return None
    return Language(code, label, html)


def load_text_meta(
    folder: Path, config: EditionConfig, diagnostics: Diagnostics
) -> TextMeta | None:
    path = folder / "text.yaml"
    where = shown(path)
    data = _read_mapping(
        path,
        content_folder_of(path),
        "text.yaml is missing: every text folder needs one, with at least a title",
        "text.yaml is empty: it needs at least a title",
        "text.yaml must be a mapping of fields",
        diagnostics,
    )
    if data is None:
        return None
    reader = _Reader(data, where, diagnostics, tuple(l.code for l in config.languages))
    reader.check_keys(TEXT_KEYS, "text.yaml")
    published = data.get("published")
    if isinstance(published, str):  # "2020-03-20" in quotes: the date it would be unquoted
        published = timestamp(published.strip()) or published
    if published is not None and not isinstance(published, (datetime.date, datetime.datetime)):
        diagnostics.error(
            reader.at("published"),
            f"'published' must be an ISO date such as 2020-03-20 (not '{published}')",
        )
        published = None
    partial = data.get("partial", False)
    if not isinstance(partial, bool):
        diagnostics.error(reader.at("partial"), "'partial' must be true or false")
        partial = False
    original_url = reader.string("original_url")
    if original_url and not re.match(r"https?://\S+\Z", original_url):
        diagnostics.error(
            reader.at("original_url"), f"original_url '{original_url}' must be an http(s) address"
        )
        original_url = ""
    moved: dict[str, str] = {}
    moved_lines: dict[str, int] = {}
    raw_moved = data.get("moved")
    if raw_moved is not None:
        if not isinstance(raw_moved, Mapping):
            diagnostics.error(
                reader.at("moved"), "'moved' must map each retired id to the id that replaces it"
            )
        else:
            for old, new in raw_moved.items():
                if misread := raw_moved.misread(old):  # moved: {p1: off}
                    diagnostics.error(Location(where, raw_moved.line_of(old)), misread)
                elif not (PASSAGE_ID.match(old) and isinstance(new, str) and PASSAGE_ID.match(new)):
                    diagnostics.error(
                        Location(where, raw_moved.line_of(old)),
                        f"moved: '{old}: {new}' must map a passage id to a passage id",
                    )
                else:
                    moved[old] = new
                    moved_lines[old] = raw_moved.line_of(old)
    title = reader.localized("title", required=True)
    return TextMeta(
        title=title,
        short_title=reader.localized("short_title") or title,
        author=reader.localized("author"),
        published=published,
        publication=reader.localized("publication"),
        original_url=original_url,
        kind=reader.choice("kind", TEXT_KINDS, "source"),
        notes=reader.prose("notes", reader.string("notes")),
        partial=partial,
        moved=moved,
        moved_lines=moved_lines,
        location=Location(where, 1),
        languages=_text_languages(data, where, config, diagnostics),
        versions=_versions(data, where, config, diagnostics),
        versions_line=data.line_of("versions") if "versions" in data else 1,
    )


def link_shows(meta: TextMeta, source_language: str) -> dict[str, str]:
    """The versions of a text that its page does not show unless asked, each with what a
    cross-reference into it asks for (`zh,en.revised`): a version that is not its language's
    default, and `<lang>.md` when a version of its language is."""
    shows = {}
    chosen = {language_code(v.stem) for v in meta.versions.values() if v.default}
    for stem, version in meta.versions.items():
        if not version.default and ("." in stem or language_code(stem) in chosen):
            shows[stem] = f"{source_language},{stem}"
    for lang in chosen:
        if lang not in meta.versions:
            shows[lang] = f"{source_language},{lang}"
    return shows


def version_problem(stem: str, codes: tuple[str, ...]) -> str:
    """Why a file stem cannot name a rendering of a text ("" when it can): `<lang>` or
    `<lang>.<name>`, the language one of the edition's and the name of [a-z0-9-]+."""
    lang, dot, name = stem.partition(".")
    if lang not in codes:
        return f"'{lang}' is not a language of the edition ({', '.join(codes)})"
    if dot and not VERSION_NAME.match(name):
        return (
            f"'{name}' cannot name a version: a further translation is <lang>.<name>.md with a "
            "name of lower-case letters, digits and hyphens (en.revised.md)"
        )
    return ""


def _versions(
    data: Mapping, where: str, config: EditionConfig, diagnostics: Diagnostics
) -> dict[str, Version]:
    """text.yaml's `versions`: each translation file's label, translator, note, whether it is
    partial and whether it is the one shown by default."""
    if "versions" not in data:
        return {}
    value = data["versions"]
    if not isinstance(value, Mapping):
        diagnostics.error(
            Location(where, data.line_of("versions")),
            "'versions' must map file stems (en, en.revised) to {label: …, translator: …}",
        )
        return {}
    codes = tuple(l.code for l in config.languages)
    versions: dict[str, Version] = {}
    for stem, spec in value.items():
        here = Location(where, value.line_of(stem))
        if problem := version_problem(str(stem), codes):
            diagnostics.error(here, f"versions: {problem}")
            continue
        if language_code(stem) == config.source_language:
            diagnostics.error(
                here,
                f"versions: '{stem}' is in the source language: versions describe translations",
            )
            continue
        if not isinstance(spec, Mapping):
            diagnostics.error(
                here,
                f"versions: '{stem}' must be a mapping such as "
                "{label: Revised translation, translator: …}",
            )
            continue
        reader = _Reader(spec, where, diagnostics, codes)
        reader.check_keys(VERSION_KEYS, f"versions: '{stem}'")
        label = reader.localized("label")
        translator = reader.localized("translator")
        if not label:
            diagnostics.error(here, f"versions: '{stem}' needs a label (what the reader picks)")
        if not translator:
            diagnostics.error(
                here, f"versions: '{stem}' needs a translator (whom a citation names)"
            )
        flags = {}
        for key in ("partial", "default"):
            flag = spec.get(key, False)
            if not isinstance(flag, bool):
                diagnostics.error(
                    reader.at(key), f"versions: '{stem}': '{key}' must be true or false"
                )
                flag = False
            flags[key] = flag
        note = reader.prose("note", reader.string("note"))
        versions[stem] = Version(
            stem, label, translator, note, flags["partial"], flags["default"], here.line
        )
    for lang in codes:
        chosen = [v for v in versions.values() if v.default and language_code(v.stem) == lang]
        for extra in chosen[1:]:
            diagnostics.error(
                Location(where, extra.line),
                f"versions: '{extra.stem}' and '{chosen[0].stem}' are both the default: one "
                "translation into a language is shown by default",
            )
    return versions


def _text_languages(
    data: Mapping, where: str, config: EditionConfig, diagnostics: Diagnostics
) -> dict[str, Language]:
    """text.yaml's `languages`: this text's own tag or label for some of the edition's languages
    (a text in classical Chinese in traditional characters: `zh: {html: zh-Hant, label: 文言}`)."""
    if "languages" not in data:
        return {}
    value = data["languages"]
    line = data.line_of("languages")
    if not isinstance(value, Mapping):
        diagnostics.error(
            Location(where, line), "'languages' must map language codes to {html: …, label: …}"
        )
        return {}
    edition = {language.code: language for language in config.languages}
    overrides = {}
    for code, spec in value.items():
        here = Location(where, value.line_of(code))
        if code not in edition:
            diagnostics.error(
                here,
                f"languages: '{code}' is not a language of the edition ({', '.join(edition)})",
            )
            continue
        language = _language(code, spec, here, diagnostics, edition[code])
        if language is not None:
            overrides[code] = language
    return overrides


def _other_attributes(attrs: dict) -> list[str]:
    """The attributes of a block other than its id and label that are not allowed, as written:
    only the class `verse` is (classes and attributes would let content change the page)."""
    classes = str(attrs.pop("class", "")).split()
    return [f".{name}" for name in classes if name != "verse"] + sorted(attrs)


def _block_ranges(tokens: list[Token]) -> list[tuple[int, int]]:
    """Index ranges [start, end) of the top-level blocks of a token stream."""
    ranges = []
    index = 0
    while index < len(tokens):
        start = index
        if tokens[index].nesting == 1:
            depth = 0
            while True:
                depth += tokens[index].nesting
                index += 1
                if depth == 0:
                    break
        else:
            index += 1
        ranges.append((start, index))
    return ranges


_ATTRIBUTE_LINE = re.compile(r"\s*\{[^{}]*\}\s*$")


def _attribute_line(source_lines: list[str], line: int, holding: str) -> int:
    """The line of the attribute block that holds `holding`, among the `{…}` lines right above
    the block that starts at `line` (the nearest one when none holds it)."""
    nearest = max(line - 1, 1)
    above = nearest
    while above >= 1 and _ATTRIBUTE_LINE.match(source_lines[above - 1]):
        if holding in source_lines[above - 1]:
            return above
        above -= 1
    return nearest


def load_language_file(
    path: Path,
    slug: str,
    lang: str,
    md: MarkdownIt,
    moved: dict[str, dict[str, str]],
    shows: dict[str, dict[str, str]],
    diagnostics: Diagnostics,
) -> list[tuple[str, Block]] | None:
    """Parse one <lang>.md into its blocks, checking that each carries a valid, unique id, and
    render each block to HTML (`md` has the render rules; `moved` is every text's retired ids,
    which cross-references are resolved through; `shows`, for each text, the versions a
    cross-reference must ask to be shown, with what to ask: link_shows)."""
    where = shown(path)
    source = read_text(path, where, diagnostics, inside=content_folder_of(path))
    if source is None:
        return None
    # Forms and texts are compared in NFC (docs/format.md): a word typed with a combining accent
    # is the same word as its precomposed spelling.
    source = unicodedata.normalize("NFC", source)
    env: dict[str, Any] = {"slug": slug, "lang": lang}
    tokens = md.parse(source, env)
    source_lines = source.splitlines()
    if (budget := env.get("gloss_budget", {})).get("dropped"):
        diagnostics.warning(
            Location(where, budget["line"]),
            f"more than {budget['limit']:,} glossary occurrences in this file: the text from this "
            "line "
            "on is not glossed (is a glossary form a common word, or a single letter?)",
        )
    footnote_bodies: dict[int, tuple] = {}
    blocks: list[tuple[str, str, tuple, int]] = []
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for start, end in _block_ranges(tokens):
        first = tokens[start]
        if first.type == "footnote_block_open":
            footnote_bodies.update(_footnote_bodies(tokens[start:end]))
            continue
        if first.type == "hr":
            continue  # a thematic break is decoration, not a citable passage
        line = (first.map[0] + 1) if first.map else 1
        kind = BLOCK_KINDS.get(first.type)
        if kind is None:
            diagnostics.error(
                Location(where, line), f"this kind of block ({first.type}) cannot be a passage"
            )
            continue
        attrs = dict(first.attrs)
        passage_id = attrs.pop("id", None)
        label = attrs.pop("label", None)
        # The attribute lines above the block ({#p5} and {label="5"} may stand on two lines):
        # each problem is reported at the line that holds what it is about.
        id_line = _attribute_line(source_lines, line, f"#{passage_id}")
        label_line = _attribute_line(source_lines, line, "label=")
        if not_allowed := _other_attributes(attrs):
            diagnostics.error(
                Location(where, _attribute_line(source_lines, line, "")),
                "a block attribute may only give an id, a label and .verse, like "
                f'{{#p5-6 label="5–6" .verse}} (not {", ".join(not_allowed)})',
            )
        if label is not None:
            label = " ".join(str(label).split())
            if not label:
                diagnostics.error(
                    Location(where, label_line),
                    'label="" is empty: give the label or leave it out',
                )
        if passage_id is None:
            diagnostics.error(
                Location(where, line),
                "this block has no passage id: put {#id} on the line before it (or run build.py "
                "stamp)",
            )
            continue
        passage_id = str(passage_id)
        if not PASSAGE_ID.match(passage_id):
            diagnostics.error(
                Location(where, id_line),
                f"passage id '{passage_id}' must match [a-z][a-z0-9-]*",
            )
            continue
        if passage_id in seen:
            diagnostics.error(
                Location(where, id_line),
                f"duplicate passage id '{passage_id}' (first used at line {seen[passage_id]})",
            )
            continue
        seen[passage_id] = id_line
        # The id goes on the passage element, not on each language's block.
        first.attrs.pop("id", None)
        first.attrs.pop("label", None)  # shown in the margin, not on the block
        block_tokens = tuple(tokens[start:end])
        blocks.append((passage_id, kind, block_tokens, line))
        labels[passage_id] = label or ""
    numbering: dict[int, int] = {}
    owner: dict[int, str] = {}
    notes_of: list[dict[int, tuple[str, int, tuple, int]]] = []
    for passage_id, _kind, block_tokens, line in blocks:
        notes: dict[int, tuple[str, int, tuple, int]] = {}
        for token in block_tokens:
            for child in token.children or ():
                if child.type == "footnote_ref":
                    footnote_id = child.meta["id"]
                    label = f"[^{child.meta.get('label', '')}]"
                    if owner.setdefault(footnote_id, passage_id) != passage_id:
                        diagnostics.error(
                            Location(where, line),
                            f"footnote {label} belongs to passage '{owner[footnote_id]}' already: "
                            "a note belongs to one passage",
                        )
                        continue
                    number = numbering.setdefault(footnote_id, len(numbering) + 1)
                    child.meta["number"] = number  # the renderer shows this number
                    notes.setdefault(
                        footnote_id,
                        (
                            str(child.meta.get("label", number)),
                            number,
                            footnote_bodies.get(footnote_id, ()),
                            line,
                        ),
                    )
        notes_of.append(notes)
    for key, footnote_id in env.get("footnotes", {}).get("refs", {}).items():
        label = key.removeprefix(":")  # markdown-it keys references as ":label"
        if footnote_id == -1:  # markdown-it drops a definition nobody references
            line = _line_of(source, f"[^{label}]:")
            diagnostics.warning(
                Location(where, line), f"footnote [^{label}] is never referenced from a passage"
            )
    for body in footnote_bodies.values():
        for token in body:
            for child in token.children or ():
                if child.type == "footnote_ref":
                    line = next((t.map[0] + 1 for t in body if t.map), 1)
                    diagnostics.error(
                        Location(where, line),
                        f"a note may not refer to another note ([^{child.meta.get('label', '')}])",
                    )
    for _passage_id, _kind, block_tokens, line in blocks:
        for token in block_tokens:
            for child in token.children or ():
                if child.type in ("text", "glossed") and (
                    missing := UNDEFINED_NOTE.search(child.content)
                ):
                    diagnostics.error(
                        Location(where, line),
                        f"footnote {missing.group(0)} is referenced but never defined",
                    )
    # Rendered now, once: from here on a passage is strings, and its tokens can go.
    render_env = {"root": "../../", "slug": slug, "lang": lang, "moved": moved, "shows": shows}

    def render(tokens: tuple) -> str:
        return md.renderer.render(list(tokens), md.options, render_env).strip()

    result = []
    for (passage_id, kind, block_tokens, line), notes in zip(blocks, notes_of, strict=True):
        footnotes = tuple(
            Footnote(
                label,
                number,
                render(body),
                plain_text(body),
                _links(body),
                _terms(body),
                Location(where, note_line),
            )
            for label, number, body, note_line in notes.values()
        )
        block = Block(
            lang,
            kind,
            render(block_tokens),
            plain_text(block_tokens),
            _links(block_tokens),
            _terms(block_tokens),
            footnotes,
            Location(where, line),
            labels[passage_id],
            sentences_of(block_tokens),
        )
        result.append((passage_id, block))
    if not result and not any(d.location.path == where for d in diagnostics.items):
        diagnostics.error(Location(where, 1), f"{path.name} has no passages")
    return result


def _links(tokens: tuple) -> tuple[Link, ...]:
    """What each link (or image) among the tokens points at, and its line, in order."""
    links = []
    for token in tokens:
        line = token.map[0] + 1 if token.map else 1
        for child in token.children or ():
            if child.type == "link_open":
                links.append(Link(child.meta["target"], child.meta.get("line", line)))
            elif child.type == "image":
                links.append(Link(Image(str(child.attrGet("src") or "")), line))
    return tuple(links)


def _terms(tokens: tuple) -> tuple[TermFound, ...]:
    """The glossary terms the gloss rule found among the tokens, in order."""
    return tuple(found for token in tokens for found in (token.meta or {}).get("glossary", ()))


def digest(path: Path) -> bytes | None:
    """A fingerprint of a file's bytes; None for what is not a readable regular file (never a
    pipe or a device: the loader says why)."""
    data = read_bytes(path, "", Diagnostics())
    return None if data is None else hashlib.blake2b(data).digest()


class LoadCache:
    """What loading made, kept between builds that follow one another (`serve`): a file whose
    bytes have not changed is not read again, a text whose files have not changed is not aligned
    again. Each result is kept with the problems found in making it, which are reported again."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        """False for a single build: what a text was made from is let go once it is aligned (a
        large edition's loaded files would otherwise be held twice, loaded and paired)."""
        self.results: dict[Any, tuple[Any, Any, Any, list]] = {}
        self.setup: Any = None
        self.markdown: MarkdownIt | None = None
        self.aligned: dict[Any, tuple[tuple, Any, list]] = {}
        """Texts aligned by prefetch, by key, until `same` takes them."""

    def remember(
        self, path: Path, depends: Any, make: Callable[[Diagnostics], Any], diagnostics: Diagnostics
    ) -> Any:
        """make(found) for this file, or its result of a former build when the file's bytes and
        `depends` (what else the result is made from) are as they were then."""
        data = digest(
            path
        )  # enough to tell a change, without keeping the bytes; None: `make` says why
        cached = self._fresh(path, data, depends)
        if cached is None:
            found = Diagnostics()
            cached = self.results[path] = (data, depends, make(found), found.items)
        diagnostics.items.extend(cached[3])
        return cached[2]

    def _fresh(self, path: Path, data: bytes | None, depends: Any) -> tuple | None:
        """The cached result for this file, if it was made from these bytes and `depends`."""
        cached = self.results.get(path)
        if data is None or cached is None or cached[0] != data or cached[1] != depends:
            return None
        return cached

    def prefetch(
        self,
        files: list[tuple[Path, str, str]],
        depends: Any,
        moved: dict[str, dict[str, str]],
        shows: dict[str, dict[str, str]],
        align: Align | None = None,
    ) -> None:
        """Load the language files (path, slug, lang) that are not cached yet, and align each text
        whose files all loaded without a problem (`align`), on two cores: this process and a
        forked one take the texts one at a time, in turn as each is free, and the worker hands
        back each text it has done. Parsing and alignment are most of a cold build's loading.
        Where no helper may be forked (cores.fork_context), `remember` and `same` do it all one by
        one instead."""
        todo: dict[str, list[tuple[Path, str, bytes | None]]] = {}
        for path, slug, lang in files:
            data = digest(path)
            if self._fresh(path, data, depends) is None:
                todo.setdefault(slug, []).append((path, lang, data))
        fork = fork_context()
        if fork is None or sum(len(group) for group in todo.values()) < 4:
            return
        groups = list(todo.items())
        taken = fork.Value("i", 0)  # how many texts either process has taken
        receiving, sending = fork.Pipe(duplex=False)
        # The worker writes each text it has done to a file of its own and sends only the file's
        # name: a text is larger than a pipe holds, and a worker waiting for this process to read
        # it would do nothing meanwhile.
        with tempfile.TemporaryDirectory(prefix="edition-loaded-") as name:
            folder = Path(name)
            worker = fork.Process(
                target=self._load_and_send,
                args=(groups, taken, moved, shows, align, folder, sending),
                daemon=True,
            )
            worker.start()
            sending.close()
            while (index := _take(taken)) < len(groups):
                slug, group = groups[index]
                self._keep(self._load_text(slug, group, moved, shows, align), depends)
                self._receive(receiving, folder, depends, wait=False)
            self._receive(receiving, folder, depends, wait=True)
            worker.join()
        receiving.close()
        # Without its last message, the worker died: the texts it did not send are loaded one by
        # one, later.

    def _receive(self, receiving: Any, folder: Path, depends: Any, wait: bool) -> None:
        """Keep the texts the worker has sent so far; with `wait`, every one until its last
        message (or its end, should it die)."""
        try:
            while wait or receiving.poll():
                message = receiving.recv_bytes()
                if message == _END:
                    return
                self._keep(_read_done(folder / message.decode()), depends)
        except (EOFError, OSError):
            return

    def _load_text(
        self,
        slug: str,
        group: list[tuple[Path, str, bytes | None]],
        moved: dict[str, dict[str, str]],
        shows: dict[str, dict[str, str]],
        align: Align | None,
    ) -> tuple[list, Any]:
        """One text's files loaded, and the text aligned when all of them loaded cleanly."""
        assert self.markdown is not None, "markdown_for comes first"
        loaded = []
        for path, lang, data in group:
            found = Diagnostics()
            # The digest before parsing: a file saved meanwhile is seen as changed next time.
            result = load_language_file(path, slug, lang, self.markdown, moved, shows, found)
            loaded.append((path, data, result, found.items))
        aligned = None
        if align is not None and all(r is not None and not items for _, _, r, items in loaded):
            blocks = {lang: r for (_, lang, _), (_, _, r, _) in zip(group, loaded, strict=True)}
            paths = {lang: path for path, lang, _ in group}
            found = Diagnostics()
            done = align(slug, blocks, paths, found)
            if done is not None:
                key = ("text", slug, tuple(sorted(paths.items())))
                aligned = (key, done[0], done[1], found.items)
        return loaded, aligned

    def _keep(self, done: tuple[list, Any], depends: Any) -> None:
        loaded, aligned = done
        for path, data, result, items in loaded:
            self.results[path] = (data, depends, result, items)
        if aligned is not None:
            self.aligned[aligned[0]] = aligned[1:]

    def _load_and_send(self, groups, taken, moved, shows, align, folder, sending) -> None:
        try:
            while (index := _take(taken)) < len(groups):
                slug, group = groups[index]
                # A text's files and its alignment in one file: the aligned text refers to the
                # very blocks kept for its files, which `same` recognises.
                done = self._load_text(slug, group, moved, shows, align)
                name = f"{index}.pickle"
                (folder / name).write_bytes(pickle.dumps(done, pickle.HIGHEST_PROTOCOL))
                sending.send_bytes(name.encode())
            sending.send_bytes(_END)
        except BaseException:  # what was not sent is loaded again in the main process
            pass
        finally:
            sending.close()

    def same(
        self, key: Any, parts: tuple, make: Callable[[Diagnostics], Any], diagnostics: Diagnostics
    ) -> Any:
        """make(found), or its former result when it was made from these very objects."""
        cached = self.results.get(key)
        if (
            cached is None
            or len(cached[1]) != len(parts)
            or any(a is not b for a, b in zip(cached[1], parts, strict=True))
        ):
            early = self.aligned.pop(key, None)
            if early is not None and _made_from(early[0], parts):
                cached = (None, parts, early[1], early[2])
            else:
                found = Diagnostics()
                cached = (None, parts, make(found), found.items)
            if self.keep:
                self.results[key] = cached
        diagnostics.items.extend(cached[3])
        return cached[2]

    def done_with(self, paths: Iterable[Path]) -> None:
        """The files of a text just aligned: let go unless kept for the next build."""
        if not self.keep:
            for path in paths:
                self.results.pop(path, None)

    def markdown_for(self, setup: Any, make: Callable[[], MarkdownIt]) -> MarkdownIt:
        """The markdown-it instance for a glossary and set of retired ids: made anew when they
        change."""
        if self.markdown is None or setup != self.setup:
            self.setup, self.markdown = setup, make()
        return self.markdown


Align = Callable[[str, dict[str, Any], dict[str, Path], Diagnostics], tuple[tuple, Any] | None]
"""Aligns a text: (slug, its loaded language files by language, their paths, diagnostics) →
(what it was made from, as `same` is given it, the text), or None when it cannot be."""


_END = b"end"
"""The worker's last message, after its texts."""


def _read_done(path: Path) -> tuple[list, Any]:
    """A text the worker has done, read from its file, which is then let go."""
    done = pickle.loads(path.read_bytes())
    path.unlink()
    return done


def _take(taken: Any) -> int:
    """The next text for whichever process asks (the count of texts taken, shared by both)."""
    with taken.get_lock():
        index = taken.value
        taken.value += 1
    return index


def _made_from(made: tuple, parts: tuple) -> bool:
    """Whether a text aligned by prefetch from `made` is the one `parts` make (text.yaml's meta,
    the edition's settings, the loaded files): the very same blocks, and settings of the same
    value (the worker's copies of them are other objects)."""
    return (
        len(made) == len(parts)
        and made[0] == parts[0]
        and made[1] == parts[1]
        and all(a is b for a, b in zip(made[2:], parts[2:], strict=True))
    )


def _line_of(source: str, needle: str) -> int:
    index = source.find(needle)
    return source.count("\n", 0, index) + 1 if index >= 0 else 1


def _footnote_bodies(tokens: list[Token]) -> dict[int, tuple]:
    bodies: dict[int, tuple] = {}
    current: list[Token] | None = None
    footnote_id = -1
    for token in tokens:
        if token.type == "footnote_open":
            current, footnote_id = [], token.meta["id"]
        elif token.type == "footnote_close":
            bodies[footnote_id] = tuple(t for t in current or () if t.type != "footnote_anchor")
            current = None
        elif current is not None:
            current.append(token)
    return bodies
