"""The glossary: reading glossary.yaml, and the term matcher used by the gloss rule.

Matching is leftmost-longest and never overlapping. Chinese forms match
anywhere; forms that begin or end with a Latin letter or digit match only on
word boundaries there; English matches case-insensitively except forms written
entirely in capitals (acronyms such as BRI), which match exactly. One
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
from .scripts import is_cjk
from .yamlfile import Mapping, Sequence, load_yaml

ENTRY_ID = re.compile(r"[a-z][a-z0-9-]*\Z")
ENTRY_KEYS = {"zh", "pinyin", "en", "variants", "definition", "see_also", "references"}


def is_word_char(char: str) -> bool:
    """A letter or digit of a script that separates words with spaces."""
    return char.isalnum() and not is_cjk(char)


def is_acronym(form: str) -> bool:
    """Forms written entirely in capitals (BRI, CPC) match exactly, not case-insensitively."""
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and not any(is_cjk(c) for c in letters)


def fold_case(text: str) -> str:
    """Lower-case text without changing its length, so match positions map back one to one."""
    lowered = text.lower()
    if len(lowered) == len(text):  # nearly always; only a few letters (İ) grow when lowered
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def generated_pinyin(headword: str) -> str:
    """Pinyin with tone marks, one syllable group per word the headword is written with."""
    from pypinyin import Style, pinyin  # its dictionaries take a tenth of a second to load: only when needed

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

    def __init__(self, forms: dict[str, str]) -> None:
        """`forms` maps each surface form to the id of the entry that claims it."""
        self._automaton = ahocorasick.Automaton()
        self.empty = not forms
        by_key: dict[str, list[_Form]] = {}
        for form, entry in sorted(forms.items()):
            exact = is_acronym(form)
            by_key.setdefault(fold_case(form), []).append(
                _Form(entry, form, exact, is_word_char(form[0]), is_word_char(form[-1]))
            )
        for key, candidates in by_key.items():
            self._automaton.add_word(key, (len(key), tuple(candidates)))
        if not self.empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in `text`."""
        if self.empty or not text:
            return []
        folded = fold_case(text)
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
    forms = [entry.zh, entry.en]
    for values in entry.variants.values():
        forms.extend(values)
    return [f for f in forms if f]


def build_matcher(entries: tuple[Entry, ...]) -> Matcher:
    forms: dict[str, str] = {}
    for entry in entries:
        for form in surface_forms(entry):
            forms.setdefault(form, entry.id)
    return Matcher(forms)


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
        misread_items = [i for i in sorted(value.written) if value.misread(i)]
        for index in misread_items:
            diagnostics.error(Location(path, value.item_lines[index]), value.misread(index))
        if misread_items:
            return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        diagnostics.error(Location(path, line), f"{what} must be a list of strings")
        return ()
    return tuple(v.strip() for v in value)


def load_glossary(path: Path, shown_path: str, languages: tuple[str, ...], diagnostics: Diagnostics) -> tuple[Entry, ...]:
    """Read and validate glossary.yaml. A missing or empty file is an empty glossary."""
    if not path.exists() and not path.is_symlink():
        return ()
    # The glossary may live beside the content folder: it must be a regular file, but is not
    # held to the content folder.
    data = load_yaml(path, shown_path, diagnostics)
    if data is None:
        return ()
    if not isinstance(data, Mapping):
        diagnostics.error(Location(shown_path, 1), "the glossary must be a mapping from entry id to entry")
        return ()
    entries: list[Entry] = []
    for entry_id, body in data.items():
        line = data.line_of(entry_id)
        here = Location(shown_path, line)
        if not ENTRY_ID.match(entry_id):
            diagnostics.error(here, f"entry id '{entry_id}' must match [a-z][a-z0-9-]*")
        if not isinstance(body, Mapping):
            diagnostics.error(here, f"entry '{entry_id}' must be a mapping with zh, en and definition")
            continue
        for key in body:
            if key not in ENTRY_KEYS:
                diagnostics.error(
                    Location(shown_path, body.line_of(key)),
                    f"unknown key '{key}' in entry '{entry_id}' (allowed: {', '.join(sorted(ENTRY_KEYS))})",
                )
        values: dict[str, str] = {}
        for key in ("zh", "en", "definition", "pinyin"):
            value = body.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                if key != "pinyin":
                    diagnostics.error(here, f"entry '{entry_id}' has no {key}")
                values[key] = ""
            elif not isinstance(value, str):
                diagnostics.error(
                    Location(shown_path, body.line_of(key)),
                    body.misread(key) or f"'{key}' of entry '{entry_id}' must be a string",
                )
                values[key] = ""
            else:
                values[key] = value.strip()
        variants: dict[str, tuple[str, ...]] = {}
        raw_variants = body.get("variants")
        if raw_variants is not None:
            if not isinstance(raw_variants, Mapping):
                diagnostics.error(
                    Location(shown_path, body.line_of("variants")),
                    f"'variants' of entry '{entry_id}' must map a language code to a list of forms",
                )
            else:
                for lang, forms in raw_variants.items():
                    if lang not in languages:
                        diagnostics.error(
                            Location(shown_path, raw_variants.line_of(lang)),
                            f"variants language '{lang}' is not a language of the edition ({', '.join(languages)})",
                        )
                    line_of_lang = raw_variants.line_of(lang)
                    variants[lang] = _string_list(
                        forms, shown_path, line_of_lang, f"variants.{lang}", diagnostics,
                        raw_variants.misread(lang),
                    )
        for key in ("definition",):
            for problem in prose_link_problems(values[key]):
                diagnostics.error(Location(shown_path, body.line_of(key)), f"entry '{entry_id}': {problem}")
        see_also, references = (
            _string_list(
                body.get(key), shown_path, body.line_of(key), key, diagnostics, body.misread(key)
            )
            for key in ("see_also", "references")
        )
        for reference in references:
            for problem in prose_link_problems(reference):
                diagnostics.error(Location(shown_path, body.line_of("references")), f"entry '{entry_id}': {problem}")
        entries.append(
            Entry(
                id=entry_id,
                zh=values["zh"],
                pinyin=values["pinyin"] or (generated_pinyin(values["zh"]) if values["zh"] else ""),
                en=values["en"],
                variants=variants,
                definition=values["definition"],
                see_also=see_also,
                references=references,
                location=here,
            )
        )
    _check_cross_entry(entries, data, shown_path, diagnostics)
    return tuple(entries)


def _check_cross_entry(entries: list[Entry], data: Mapping, shown_path: str, diagnostics: Diagnostics) -> None:
    ids = {e.id for e in entries}
    claimed: dict[str, Entry] = {}
    for entry in entries:
        for target in entry.see_also:
            if target not in ids:
                line = data[entry.id].line_of("see_also")
                diagnostics.error(Location(shown_path, line), f"entry '{entry.id}': see_also names unknown entry '{target}'")
        for form in surface_forms(entry):
            if len(form) == 1 and form.isascii() and form.isalpha():
                # "a" or "I" would gloss a word in every line of English
                diagnostics.warning(
                    entry.location,
                    f"entry '{entry.id}': the form '{form}' is a single letter "
                    "and glosses that letter wherever it stands as a word",
                )
            key = form if is_acronym(form) else fold_case(form)
            other = claimed.get(key)
            if other is not None and other.id != entry.id:
                diagnostics.error(
                    entry.location,
                    f"entry '{entry.id}': the form '{form}' is already claimed by entry '{other.id}' (line {other.location.line})",
                )
            claimed.setdefault(key, entry)
