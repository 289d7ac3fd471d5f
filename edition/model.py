"""The edition as data: what the loader produces and every later stage reads.

Everything an editor wrote carries its source location, so that any stage can
point back at the file and line that caused a problem.
"""

from __future__ import annotations

import datetime
import operator
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Literal, NamedTuple, TypeVar

T = TypeVar("T")
Severity = Literal["error", "warning", "info"]
GlossMarks = Literal["first", "all"]
GLOSS_MARKS: tuple[GlossMarks, ...] = ("first", "all")
TextKind = Literal["source", "commentary"]
TEXT_KINDS: tuple[TextKind, ...] = ("source", "commentary")

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def pickled_by_fields(cls: type[T]) -> type[T]:
    """A frozen dataclass with slots, pickled as the call that makes it. (Dataclasses pickle such
    a class by setting each field in a Python loop; a large edition's texts come back from the
    loading worker as hundreds of thousands of these objects, which this makes a third cheaper.)"""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = operator.attrgetter(*names)

    def __reduce__(self):
        found = values(self)
        return (cls, found if len(names) > 1 else (found,))

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


def printable(text: str) -> str:
    """Text safe to print on a terminal: a control character (ESC would start a terminal
    command, U+202E would turn the line around) is shown as an escape such as \\x1b."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@pickled_by_fields
@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in an editor's file."""

    path: str
    """The file, as the editor would type it (relative to the working folder when possible)."""
    line: int
    """1-based line number; 1 when a problem concerns a whole file."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the input, printed as `path:line: severity: message`."""

    location: Location
    """Where the problem is."""
    severity: Severity
    """`error` stops the build; `warning` stops it only with --strict; `info` never does."""
    message: str
    """What is wrong and, where it helps, how to fix it."""

    def __str__(self) -> str:
        # A message may quote what the editor wrote, and a path may hold any character.
        return printable(f"{self.location}: {self.severity}: {self.message}")


class Diagnostics:
    """Collects problems from every stage, so that all of them are reported together."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, "error", message))

    def warning(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, "warning", message))

    def info(self, location: Location, message: str) -> None:
        """Worth the editor's look, never a problem: it fails nothing, not even --strict."""
        self.items.append(Diagnostic(location, "info", message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        """In file order, so that the report reads like the files."""
        return sorted(set(self.items), key=lambda d: (d.location.path, d.location.line, d.message))


Localized = dict[str, str]
"""A string per language code, e.g. {"zh": "光明日报", "en": "Guangming Daily"}."""


@dataclass(frozen=True)
class Language:
    """A language of the edition, in display order."""

    code: str
    """The code used in file names (`zh` for zh.md)."""
    label: str
    """The name a reader sees in the language switcher."""
    html: str
    """The BCP 47 tag written into lang="" attributes."""


@dataclass(frozen=True)
class EditionConfig:
    """The contents of edition.yaml."""

    title: Localized
    description: Localized
    editor: str
    license: str
    languages: tuple[Language, ...]
    source_language: str
    text_slugs: tuple[str, ...]
    text_lines: dict[str, int]
    """The line of each slug in edition.yaml's `texts`."""
    texts_line: int
    """The line of `texts` itself."""
    site_url: str
    gloss_marks: GlossMarks
    """Mark the first occurrence of each entry in each passage's language, or all of them."""
    location: Location
    interface: str = "en"
    """The language of the site's own words (menus, labels, messages): en, zh-Hans or zh-Hant."""
    interface_given: bool = False
    """Whether edition.yaml says `interface:`: without it, an edition that has no English keeps
    the tag of the language its titles are shown in."""

    @property
    def ui_language(self) -> str:
        """The edition's language that titles and descriptions are shown in beside the site's own
        words: a Chinese one under a Chinese interface (of its script if there are two), else
        English when the edition has it."""
        codes = [language.code for language in self.languages]
        if self.interface.startswith("zh"):
            chinese = [l for l in self.languages if l.html.lower().startswith(("zh", "lzh"))]
            hant = self.interface == "zh-Hant"
            same = [l for l in chinese if ("-hant" in l.html.lower()) == hant]
            if same or chinese:
                return (same or chinese)[0].code
        return "en" if "en" in codes else codes[-1]

    @property
    def interface_tag(self) -> str:
        """The BCP 47 tag of the site's own words, for <html lang>: the edition's own tag for
        English when it has English (en-GB), else the interface's."""
        english = [l.html for l in self.languages if l.code == "en"]
        if self.interface == "en" and english:
            return english[0]
        if self.interface == "en" and not self.interface_given:
            return next((l.html for l in self.languages if l.code == self.ui_language), "en")
        return self.interface


class Sentence(NamedTuple):
    """What pairing needs to know of a sentence of a passage."""

    length: int
    """Its characters other than spaces."""
    terms: tuple[str, ...]
    """The glossary entries it holds, sorted."""


class TermFound(NamedTuple):
    """A glossary term the gloss rule found in a passage or note."""

    entry: str
    """The entry's id."""
    surface: str
    """The words as written."""
    marked: bool
    """Written as a link to its entry (the first in its passage, or all with gloss_marks: all)."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ExternalLink:
    """A link to an address outside the edition (http, https or mailto)."""

    url: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class PassageLink:
    """A cross-reference: a text of the edition, and a passage or range of it."""

    slug: str
    lang: str
    """The language file it names ("" for a link to the text's folder)."""
    start: str
    """The first passage id, or "" for the whole text."""
    end: str
    """The last passage id of a range; equal to `start` for one passage."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class RefusedLink:
    """A link that may not stand (a scheme not allowed, a path outside the edition), and why."""

    message: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Image:
    """An image, which editions do not support yet."""

    src: str


LinkTarget = ExternalLink | PassageLink | RefusedLink | Image


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Link:
    """A link in a passage or note: what it points at, and where it is written."""

    target: LinkTarget
    """What the link points at (see markdown.classify_href)."""
    line: int
    """The line of the file the link starts on."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Footnote:
    """An editor's note referenced from a passage."""

    label: str
    """The label the editor wrote (`pix1` for `[^pix1]`)."""
    number: int
    """The number shown to the reader, in order of first reference within the file."""
    html: str
    """The note's body as HTML."""
    text: str
    """The note's plain text (markup removed, whitespace collapsed)."""
    links: tuple[Link, ...]
    """Each link of the note, in order."""
    terms: tuple[TermFound, ...]
    """Each glossary term found: (entry id, the words as written, marked as a link to its entry)."""
    location: Location


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Block:
    """One language's rendering of a passage: a top-level Markdown block."""

    lang: str
    kind: str
    """paragraph, heading, blockquote, list, code."""
    html: str
    """The block as HTML for its text page: glossary terms marked, cross-references resolved.
    Rendered when the file is loaded, so that a large edition never holds its Markdown tokens."""
    text: str
    """The passage's plain text in this language: what search, edition.json and the concordance
    use."""
    links: tuple[Link, ...]
    """Each link of the block, in order."""
    terms: tuple[TermFound, ...]
    """Each glossary term found: (entry id, the words as written, marked as a link to its entry)."""
    notes: tuple[Footnote, ...]
    """The footnotes referenced from this block, in order."""
    location: Location
    label: str = ""
    """The label its attribute block gives (`{#p5-6 label="5–6"}`), else ""."""
    sentences: tuple[Sentence, ...] = ()
    """Its sentences, in order: their lengths and glossary entries, for pairing them with the
    sentences of the other renderings (edition/sentences.py)."""
    pairing: tuple[tuple[str, ...] | None, bool] | None = None
    """Once its passage's renderings are paired sentence by sentence: the number each of its
    sentences shows (None: its own, for the source) and whether they take the keyboard's focus.
    `html` is left as it was loaded; sentences.shown_html applies this when a page is made, so
    that the loaded and the paired block share their HTML."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Passage:
    """A citable unit: the blocks with one id across the text's languages."""

    id: str
    kind: str
    """The kind of the source-language block."""
    label: str
    """The citation label shown in the margin (`2.1`, `§2`)."""
    blocks: dict[str, Block]
    """Blocks by language code; a language is absent where a partial translation lacks it."""
    moved_here: tuple[str, ...] = ()
    """Retired ids that now land on this passage (text.yaml `moved`)."""


def language_code(version: str) -> str:
    """The language of a rendering named by its file stem: `en` for en.md and en.revised.md."""
    return version.partition(".")[0]


@dataclass(frozen=True)
class Version:
    """One translation file of a text, as text.yaml `versions` describes it."""

    stem: str
    """Its file stem: `en` for en.md, `en.revised` for en.revised.md."""
    label: Localized
    """What the version picker calls it ("Revised translation")."""
    translator: Localized
    """Who made it, as citations and the picker name them."""
    note: str
    """A few words on it, markdown (shown beside the picker)."""
    partial: bool
    """Some passages are not in this file yet."""
    default: bool
    """Shown beside the source when the reader has chosen nothing else."""
    line: int
    """Its line in text.yaml."""


@dataclass(frozen=True)
class TextMeta:
    """The contents of text.yaml."""

    title: Localized
    short_title: Localized
    """What citations, search results and the concordance call the text (default: its title)."""
    author: Localized
    published: datetime.date | datetime.datetime | None
    publication: Localized
    original_url: str
    kind: TextKind
    notes: str
    partial: bool
    moved: dict[str, str]
    """Retired passage id → the id that replaces it."""
    moved_lines: dict[str, int]
    """The line of each `moved` item in text.yaml."""
    location: Location
    languages: dict[str, Language] = field(default_factory=dict)
    """This text's own tag or label of some of the edition's languages (text.yaml `languages`)."""
    versions: dict[str, Version] = field(default_factory=dict)
    """The translation files text.yaml describes (`versions`), by file stem, in its order."""
    versions_line: int = 1
    """The line of `versions` in text.yaml."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class WordCount:
    """The Chinese words of a text, in the order first met, with how often each occurs and the
    glossary entry of each that is a term (edition/dictionary.py counts them). Kept in a few
    strings rather than thousands of objects: a large edition holds every text's words until its
    pages are made."""

    words: str = ""
    """The words, separated by spaces."""
    counts: bytes = b""
    """How often each occurs, as an array("I")."""
    terms: tuple[tuple[str, str], ...] = ()
    """(word, glossary entry) of each word that is a glossary term in the text."""


@dataclass(frozen=True)
class Text:
    """A text of the edition with its passages aligned across languages."""

    slug: str
    meta: TextMeta
    languages: tuple[str, ...]
    """Its renderings, named by file stem (`zh`, `en`, `en.revised`): the languages this text has
    files for in the edition's display order, each language's default version first."""
    main_language: str
    """The language the text is "in": the edition's source language when the text has it."""
    passages: tuple[Passage, ...]
    files: dict[str, Path]
    """The Markdown file of each language."""
    defaults: tuple[str, ...] = ()
    """The renderings shown when the reader has chosen nothing: the main language and each other
    language's default version."""
    sentence_guesses: tuple[tuple[str, str], ...] = ()
    """(passage id, language) of each translation whose sentences were paired by a guess: their
    counts differ and another pairing came close (`check` lists them)."""
    words: WordCount = WordCount()
    """Its Chinese words, for the dictionary and the vocabulary (none when it has no Chinese)."""


@dataclass(frozen=True)
class Entry:
    """A glossary entry."""

    id: str
    zh: str
    """The headword, in the edition's source language."""
    pinyin: str
    en: str
    """The preferred rendering: the English one when the edition has English, else the first."""
    variants: dict[str, tuple[str, ...]]
    """Further forms by language code (a Chinese source's `zh` key read as its own code)."""
    definition: str
    see_also: tuple[str, ...]
    references: tuple[str, ...]
    location: Location
    renderings: dict[str, str] = field(default_factory=dict)
    """The rendering in each language other than the source's, by code (`en` included)."""
    exact_case: frozenset[str] = frozenset()
    """Forms that match only as written ("Way" not "way")."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a glossary entry occurs in the edition."""

    entry: str
    text: str
    passage: str
    lang: str
    surface: str
    """The matched text, as written in the passage."""
    in_note: bool = False


@dataclass(frozen=True, slots=True)
class CrossReference:
    """A link from one passage to another text's passage (or range), resolved."""

    source_text: str
    source_passage: str
    source_lang: str
    target_text: str
    target_start: str
    """First passage id of the target, or "" for a link to the whole text."""
    target_end: str
    """Last passage id of a range; equal to target_start for a single passage."""


@dataclass(frozen=True)
class Edition:
    """Everything the renderer needs, fully validated."""

    config: EditionConfig
    texts: tuple[Text, ...]
    glossary: tuple[Entry, ...]
    occurrences: tuple[Occurrence, ...] = ()
    cross_references: tuple[CrossReference, ...] = ()
    content_dir: Path = field(default=Path("content"))
