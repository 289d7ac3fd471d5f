"""The glossary: reading glossary.yaml, and the term matcher used by the gloss rule.

Matching is leftmost-longest and never overlapping. Chinese forms match
anywhere, in either script (form and text are both folded to simplified
characters, one for one, so positions do not move); forms that begin or end with
a Latin letter or digit match only on word boundaries there; English matches
case-insensitively except forms written entirely in capitals (acronyms such as
BRI) and forms an entry lists in `exact_case`, which match only as written. One
Aho–Corasick automaton finds every candidate in a single pass, so the cost does
not grow with the number of entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from .markdown import prose_link_problems
from .model import Diagnostics, Entry, Location
from .scripts import HAN, fold_han, is_cjk
from .yamlfile import Mapping, Sequence, load_yaml

ENTRY_ID = re.compile(r"[a-z][a-z0-9-]*\Z")
FIELDS = {"pinyin", "variants", "definition", "see_also", "references", "exact_case"}
"""An entry's keys besides its forms, which are keyed by language code."""
ENTRY_KEYS = FIELDS | {"zh", "en"}
"""The keys of an entry in a zh/en edition (the editor's guide documents each)."""
CHINESE = re.compile(r"(zh|lzh|cmn|yue|wuu|hak|nan|gan|hsn|cjy)(-|\Z)")
"""Codes of Chinese languages: under any of them, the headword may be keyed `zh`."""


def is_word_char(char: str) -> bool:
    """A letter or digit of a script that separates words with spaces."""
    return char.isalnum() and not is_cjk(char)


def is_acronym(form: str) -> bool:
    """Forms written entirely in capitals (BRI, CPC) match exactly, not case-insensitively."""
    letters = [c for c in form if c.isalpha()]
    return (
        bool(letters) and all(c.isupper() for c in letters) and not any(is_cjk(c) for c in letters)
    )


def fold(text: str) -> str:
    """What forms and texts are compared as: one script, one case, of the text's own length."""
    return fold_case(fold_han(text))


def fold_case(text: str) -> str:
    """Lower-case text without changing its length, so match positions map back one to one."""
    lowered = text.lower()
    if len(lowered) == len(text):  # nearly always; only a few letters (İ) grow when lowered
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def generated_pinyin(headword: str) -> str:
    """Pinyin with tone marks, one syllable group per word the headword is written with."""
    from pypinyin import (  # its dictionaries take a tenth of a second to load: only when needed
        Style,
        pinyin,
    )

    return " ".join(s[0] for s in pinyin(headword, style=Style.TONE, errors="default"))


@dataclass(frozen=True)
class Match:
    """A glossary term found in a string."""

    start: int
    end: int
    entry: str


@dataclass(frozen=True)
class _Form:
    entry: str
    form: str
    exact: bool
    bounded_start: bool
    bounded_end: bool


class Matcher:
    """Finds glossary terms in text. Build once per edition, use for every text token."""

    def __init__(self, forms: dict[str, str], exact: frozenset[str] = frozenset()) -> None:
        """`forms` maps each surface form to the id of the entry that claims it; the forms in
        `exact` (and acronyms) match only as written."""
        self._automaton = ahocorasick.Automaton()
        self.empty = not forms
        by_key: dict[str, list[_Form]] = {}
        # Sorted, capitals first: an exact "Way" is tried before another entry's "way".
        for form, entry in sorted(forms.items()):
            exact_form = is_acronym(form) or form in exact
            by_key.setdefault(fold(form), []).append(
                _Form(entry, form, exact_form, is_word_char(form[0]), is_word_char(form[-1]))
            )
        for key, candidates in by_key.items():
            self._automaton.add_word(key, (len(key), tuple(candidates)))
        if not self.empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in `text`."""
        if self.empty or not text:
            return []
        folded = fold(text)
        candidates: list[tuple[int, int, str]] = []
        for end_index, (length, forms) in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            for form in forms:
                if form.exact and text[start:end] != form.form:
                    continue
                if form.bounded_start and start > 0 and is_word_char(text[start - 1]):
                    continue
                if form.bounded_end and end < len(text) and is_word_char(text[end]):
                    continue
                candidates.append((start, -(end - start), form.entry))
                break
        candidates.sort()
        matches: list[Match] = []
        position = 0
        for start, negative_length, entry in candidates:
            if start >= position:
                matches.append(Match(start, start - negative_length, entry))
                position = start - negative_length
        return matches


def surface_forms(entry: Entry) -> list[str]:
    """Every form of an entry, of every language: headword, renderings, variants."""
    forms = [entry.zh, entry.en, *entry.renderings.values()]
    for values in entry.variants.values():
        forms.extend(values)
    return [f for f in dict.fromkeys(forms) if f]


def build_matcher(entries: tuple[Entry, ...]) -> Matcher:
    forms: dict[str, str] = {}
    exact: set[str] = set()
    for entry in entries:
        for form in surface_forms(entry):
            forms.setdefault(form, entry.id)
        exact.update(entry.exact_case)
    return Matcher(forms, frozenset(exact))


@dataclass(frozen=True)
class GlossaryLanguages:
    """How an edition's languages key a glossary entry's forms."""

    source: str
    """The source language: the headword's key."""
    others: tuple[str, ...]
    """The other languages, in display order: each has a rendering under its code."""

    @property
    def headword_keys(self) -> tuple[str, ...]:
        """The keys the headword may be given under: `zh` stays accepted for any Chinese source."""
        if self.source != "zh" and CHINESE.match(self.source) and "zh" not in self.others:
            return (self.source, "zh")
        return (self.source,)

    @property
    def preferred(self) -> str:
        """The one rendering every entry must have: the English one when the edition has
        English, else the first other language's."""
        return "en" if "en" in self.others else next(iter(self.others), "")

    @property
    def keys(self) -> set[str]:
        return FIELDS | set(self.headword_keys) | set(self.others)

    def code_of(self, key: str) -> str:
        """The language a key names (`zh` names a Chinese source such as lzh)."""
        return self.source if key in self.headword_keys else key


def glossary_languages(codes: tuple[str, ...], source: str) -> GlossaryLanguages:
    source = source if source in codes else (codes[0] if codes else "zh")
    return GlossaryLanguages(source, tuple(c for c in codes if c != source))


def _string_list(
    value, path: str, line: int, what: str, diagnostics: Diagnostics, misread: str | None = None
) -> tuple[str, ...]:
    """A list of strings (or one string); `misread`: the message for a single plain word that
    YAML read as no text."""
    if value is None:
        return ()
    if misread:
        diagnostics.error(Location(path, line), misread)
        return ()
    if isinstance(value, str):
        value = [value]
    if isinstance(value, Sequence):  # an item YAML read as no text (no, 1984): say to quote it
        misread_items = [(i, m) for i in sorted(value.written) if (m := value.misread(i))]
        for index, message in misread_items:
            diagnostics.error(Location(path, value.item_lines[index]), message)
        if misread_items:
            return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        diagnostics.error(Location(path, line), f"{what} must be a list of strings")
        return ()
    return tuple(v.strip() for v in value)


def load_glossary(
    path: Path, shown_path: str, languages: GlossaryLanguages, diagnostics: Diagnostics
) -> tuple[Entry, ...]:
    """Read and validate glossary.yaml. A missing or empty file is an empty glossary."""
    if not path.exists() and not path.is_symlink():
        return ()
    # The glossary may live beside the content folder: it must be a regular file, but is not
    # held to the content folder.
    data = load_yaml(path, shown_path, diagnostics)
    if data is None:
        return ()
    if not isinstance(data, Mapping):
        diagnostics.error(
            Location(shown_path, 1), "the glossary must be a mapping from entry id to entry"
        )
        return ()
    entries = [
        entry
        for entry_id, body in data.items()
        if (
            entry := _entry(
                entry_id, body, data.line_of(entry_id), shown_path, languages, diagnostics
            )
        )
    ]
    _check_cross_entry(entries, data, shown_path, diagnostics)
    return tuple(entries)


def _entry(
    entry_id: str,
    body,
    line: int,
    shown_path: str,
    languages: GlossaryLanguages,
    diagnostics: Diagnostics,
) -> Entry | None:
    """One entry, its problems reported; None when it is not a mapping at all."""
    here = Location(shown_path, line)
    headword_key = languages.headword_keys[0]
    if not ENTRY_ID.match(entry_id):
        diagnostics.error(here, f"entry id '{entry_id}' must match [a-z][a-z0-9-]*")
    if not isinstance(body, Mapping):
        needed = ", ".join((headword_key, *languages.others, "definition"))
        diagnostics.error(here, f"entry '{entry_id}' must be a mapping with {needed}")
        return None
    allowed = languages.keys
    for key in body:
        if key not in allowed:
            diagnostics.error(
                Location(shown_path, body.line_of(key)),
                f"unknown key '{key}' in entry '{entry_id}' "
                f"(allowed: {', '.join(sorted(allowed))})",
            )

    def string(key: str, required: bool) -> str:
        value = body.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                diagnostics.error(here, f"entry '{entry_id}' has no {key}")
            return ""
        if not isinstance(value, str):
            diagnostics.error(
                Location(shown_path, body.line_of(key)),
                body.misread(key) or f"'{key}' of entry '{entry_id}' must be a string",
            )
            return ""
        return value.strip()

    given = [key for key in languages.headword_keys if key in body]
    if len(given) > 1:
        diagnostics.error(
            Location(shown_path, body.line_of(given[1])),
            f"entry '{entry_id}' gives its headword twice ({' and '.join(given)}): keep one",
        )
    headword = string(given[0] if given else headword_key, required=True)
    renderings = {
        code: rendering
        for code in languages.others
        if (rendering := string(code, required=code == languages.preferred))
    }
    definition = string("definition", required=True)
    pinyin = string("pinyin", required=False)
    if not pinyin and HAN.search(headword):
        pinyin = generated_pinyin(headword)
    variants = _variants(entry_id, body, shown_path, languages, diagnostics)
    for problem in prose_link_problems(definition):
        diagnostics.error(
            Location(shown_path, body.line_of("definition")), f"entry '{entry_id}': {problem}"
        )
    see_also, references, exact_case = (
        _string_list(
            body.get(key), shown_path, body.line_of(key), key, diagnostics, body.misread(key)
        )
        for key in ("see_also", "references", "exact_case")
    )
    for reference in references:
        for problem in prose_link_problems(reference):
            diagnostics.error(
                Location(shown_path, body.line_of("references")), f"entry '{entry_id}': {problem}"
            )
    rendering = renderings.get("en") or next(iter(renderings.values()), "")
    entry = Entry(
        id=entry_id,
        zh=headword,
        pinyin=pinyin,
        en=rendering,
        variants=variants,
        definition=definition,
        see_also=see_also,
        references=references,
        location=here,
        renderings=renderings,
        exact_case=frozenset(exact_case),
    )
    forms = surface_forms(entry)
    for form in exact_case:
        if form not in forms:
            diagnostics.error(
                Location(shown_path, body.line_of("exact_case")),
                f"entry '{entry_id}': exact_case names '{form}', which is not a form of this entry "
                f"({', '.join(forms)})",
            )
    return entry


def _variants(
    entry_id: str,
    body: Mapping,
    shown_path: str,
    languages: GlossaryLanguages,
    diagnostics: Diagnostics,
) -> dict[str, tuple[str, ...]]:
    """An entry's further forms, by language code (`zh` read as the Chinese source's code)."""
    variants: dict[str, tuple[str, ...]] = {}
    raw = body.get("variants")
    if raw is None:
        return variants
    if not isinstance(raw, Mapping):
        diagnostics.error(
            Location(shown_path, body.line_of("variants")),
            f"'variants' of entry '{entry_id}' must map a language code to a list of forms",
        )
        return variants
    codes = (languages.source, *languages.others)
    for key, forms in raw.items():
        line = raw.line_of(key)
        if key not in languages.headword_keys and key not in languages.others:
            diagnostics.error(
                Location(shown_path, line),
                f"variants language '{key}' is not a language of the edition ({', '.join(codes)})",
            )
        found = _string_list(
            forms, shown_path, line, f"variants.{key}", diagnostics, raw.misread(key)
        )
        code = languages.code_of(key)
        variants[code] = variants.get(code, ()) + found
    return variants


def _check_cross_entry(
    entries: list[Entry], data: Mapping, shown_path: str, diagnostics: Diagnostics
) -> None:
    ids = {e.id for e in entries}
    claimed: dict[str, tuple[Entry, str]] = {}
    written: dict[str, tuple[Entry, str]] = {}
    for entry in entries:
        for target in entry.see_also:
            if target not in ids:
                line = data[entry.id].line_of("see_also")
                diagnostics.error(
                    Location(shown_path, line),
                    f"entry '{entry.id}': see_also names unknown entry '{target}'",
                )
        for form in surface_forms(entry):
            if len(form) == 1 and form.isascii() and form.isalpha():
                # "a" or "I" would gloss a word in every line of English
                diagnostics.warning(
                    entry.location,
                    f"entry '{entry.id}': the form '{form}' is a single letter "
                    "and glosses that letter wherever it stands as a word",
                )
            # Forms that match only as written are claimed as written; the others as they fold.
            key = form if is_acronym(form) or form in entry.exact_case else fold(form)
            other, other_form = claimed.get(key, (None, ""))
            if other is None or other.id == entry.id:
                # the very same letters are one form however either entry means to match it
                other, other_form = written.get(form, (None, ""))
            if other is not None and other.id != entry.id:
                alike = (
                    f" as '{other_form}' (the same in the other script)"
                    if fold_case(other_form) != fold_case(form)
                    else ""
                )
                diagnostics.error(
                    entry.location,
                    f"entry '{entry.id}': the form '{form}' is already claimed by entry "
                    f"'{other.id}' (line {other.location.line}){alike}",
                )
            claimed.setdefault(key, (entry, form))
            written.setdefault(form, (entry, form))
