"""Sentence by sentence: each passage's renderings cut into sentences, and the sentences of every
translation paired with the source's.

At load, two markdown-it core rules work on each passage's inline tokens:

- `sentence_markers` takes an editor's corrections out of the text: `<!--/-->` (a sentence ends
  here) and `<!--+-->` (the sentence goes on here, whatever the punctuation says). Both are HTML
  comments, which code hosts do not show; the build removes them, so they never reach the page,
  the plain text, search or edition.json.
- `mark_sentences` finds where sentences end and wraps each in a `sentence_open` /
  `sentence_close` pair, numbered from 1 within the passage's block. A sentence never cuts a
  link, an emphasis, a footnote reference or (since glossing runs after it) a glossary term: an
  end that falls inside one moves to its close, and a footnote reference right after a sentence
  belongs to it.

At align, `pair` pairs the source's sentences with a translation's: in order when the counts
agree, otherwise by length (Gale and Church, "A Program for Aligning Sentences in Bilingual
Corpora", Computational Linguistics 19(1), 1993, the method of NLTK's `gale_church`), with the
glossary entries the sentences hold as anchors. `number_passage` then writes the pairs into the
page: a source sentence keeps its own number, a translation's sentence carries the numbers of the
source sentences it is paired with, so every translation (and every further version of one)
refers to the same numbering.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import replace

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .model import Block, Sentence
from .scripts import is_cjk

MARKER = re.compile(r"<!--[ \t]*([/+])[ \t]*-->")
"""An editor's correction: `<!--/-->` ends a sentence here, `<!--+-->` joins across an end."""

CLOSERS = "\"'”’」』）)]】》〉»›"
"""Closing quotes and brackets that belong to the sentence they follow (。” ends after ”)."""
OPENERS = "\"'“‘「『（([【《〈«‹"
FULL_STOP = re.compile(r"[。！？｡]+[!?！？]*|[!?]+(?=[" + re.escape(CLOSERS) + r"]*[^\x00-\x7f])")
"""Chinese (and Japanese) sentence ends: no space follows them. A ! or ? directly followed by
a CJK character ends one too."""
LATIN_STOP = re.compile(r"(?:\.{3}|…|[.!?])+")
"""Latin sentence ends: they count only when a space and the start of a sentence follow."""
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st mt no nos vol vols pp p fig figs cf vs ca ed eds trans ch chs
    sec para approx dept op cit ibid jr sr inc ltd co corp gen col lt sen rep gov rev hon fr
    jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e""".split()
)
"""Words that a full stop follows without ending the sentence ("Mr. Xi", "No. 3", "cf. Laozi").
A single capital ("J. Legge") and letters with stops between ("U.S.", "P.R.C.") are
abbreviations too."""
_NUMBERING = re.compile(r"(?:\A|[.!?。！？]\s+)\s*\d+\Z")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+\Z")


_WORD_BEFORE = re.compile(r"[\w.]*")
_SPACES = re.compile(r"\s*")
_NOT_CLOSING = re.compile(r"[^" + re.escape(CLOSERS) + r" \n\t]")


def _ends_abbreviation(text: str, stop: int, backwards: str) -> bool:
    """Whether the full stop at text[stop] closes an abbreviation rather than a sentence
    (`backwards` is the text reversed: the word before the stop is read from it, without a
    search through everything before it)."""
    start = len(text) - stop
    word = _WORD_BEFORE.match(backwards, start).group()[::-1]  # type: ignore[union-attr]
    if not word or not word[-1].isalpha():
        return False
    if word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()):
        return True
    return "." in word and bool(_INITIALS.match(word + "."))


def _closed(text: str, end: int) -> int:
    """The end of a sentence moved past the quotes and brackets that close it."""
    while end < len(text) and text[end] in CLOSERS:
        end += 1
    return end


def sentence_ends(text: str) -> list[int]:
    """The offsets where sentences end in `text` (each just after its closing punctuation and
    quotes), not counting the end of the text itself."""
    ends = {_closed(text, match.end()) for match in FULL_STOP.finditer(text)}
    backwards = ""
    for match in LATIN_STOP.finditer(text):
        end = _closed(text, match.end())
        word_start = _SPACES.match(text, end).end()  # type: ignore[union-attr]
        if word_start == end or word_start == len(text):
            continue  # "3.5", "U.S.-China": no space, no sentence end
        following = text[word_start]
        if not (
            following.isupper() or following.isdigit() or following in OPENERS or is_cjk(following)
        ):
            continue
        if match.group() == ".":
            backwards = backwards or text[::-1]
            if _ends_abbreviation(text, match.start(), backwards):
                continue
            stop = match.start()
            # "1. The highest excellence…": a numbered paragraph's number
            if stop and text[stop - 1].isdecimal() and _NUMBERING.search(text, 0, stop):
                continue
        ends.add(end)
    return sorted(end for end in ends if _NOT_CLOSING.search(text, end))


# --- the markdown-it rules ------------------------------------------------------------------


def sentence_markers(state: StateCore) -> None:
    """Take the editor's `<!--/-->` and `<!--+-->` out of the text, each as a `sentence_mark`
    token (break or join) that renders as nothing."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        for token in block.children:
            if token.type != "text" or "<!--" not in token.content:
                children.append(token)
                continue
            position = 0
            for match in MARKER.finditer(token.content):
                if match.start() > position:
                    children.append(_text(token.content[position : match.start()], token.level))
                mark = Token("sentence_mark", "", 0)
                mark.meta = {"join": match.group(1) == "+"}
                children.append(mark)
                position = match.end()
            if position < len(token.content):
                children.append(_text(token.content[position:], token.level))
        block.children = children


def _text(content: str, level: int) -> Token:
    token = Token("text", "", 0)
    token.content, token.level = content, level
    return token


_PIECE = {"softbreak": "\n", "hardbreak": "\n"}


def mark_sentences(state: StateCore) -> None:
    """Wrap each sentence of every passage in sentence_open/sentence_close, numbered from 1
    within its top-level block. Footnotes are left alone: they are not part of a passage."""
    number = 0
    in_notes = False
    for token in state.tokens:
        if token.type == "footnote_block_open":
            in_notes = True
        elif token.type == "footnote_block_close":
            in_notes = False
        if in_notes:
            continue
        if token.level == 0 and token.nesting != -1:
            number = 0  # a new passage
        if token.type == "inline" and token.children is not None:
            token.children, number = _split(token.children, number)


def _split(children: list[Token], number: int) -> tuple[list[Token], int]:
    """One inline token's children with its sentences wrapped; the last number used."""
    pieces: list[str] = []
    depths: list[int] = []
    marks: list[tuple[int, bool]] = []  # (offset in the text, join) of each editor's marker
    depth = 0
    for token in children:
        if token.nesting == -1:
            depth -= 1
        depths.append(depth)
        if token.nesting == 1:
            depth += 1
        if token.type == "sentence_mark":
            marks.append((sum(len(p) for p in pieces), token.meta["join"]))
        pieces.append(
            token.content
            if token.type in ("text", "code_inline", "image")
            else _PIECE.get(token.type, "")
        )
    flat = "".join(pieces)
    ends = set(sentence_ends(flat))
    for where, join in marks:
        if join:
            ends = {e for e in ends if flat[min(e, where) : max(e, where)].strip(CLOSERS + " \n")}
        elif flat[:where].strip() and flat[where:].strip():
            ends.add(where)
    # Each end as a cut (token index, offset within it), moved out of any link or emphasis.
    starts, offset = [], 0
    for piece in pieces:
        starts.append(offset)
        offset += len(piece)
    cuts: set[tuple[int, int]] = set()
    for end in sorted(ends):
        index = max(i for i, start in enumerate(starts) if start < end and pieces[i])
        cut = (index, end - starts[index])
        if depths[index] > 0 or children[index].type != "text":
            while index + 1 < len(children) and depths[index + 1] > 0:
                index += 1
            if children[index].nesting == 1 or depths[index] > 0:
                index += 1  # the close of the link or emphasis
            cut = (index, len(pieces[index]) if index < len(pieces) else 0)
        while (
            cut[1] == len(pieces[cut[0]])
            and cut[0] + 1 < len(children)
            and children[cut[0] + 1].type == "footnote_ref"
        ):
            cut = (cut[0] + 1, 0)  # a note on the sentence's last word belongs to the sentence
        cuts.add(cut)
    # Cut the tokens: text tokens split at their offset.
    cuts_at: dict[int, list[int]] = {}
    for i, o in sorted(cuts):
        cuts_at.setdefault(i, []).append(o)
    sentences: list[list[Token]] = [[]]
    for index, token in enumerate(children):
        if token.type == "sentence_mark":
            continue
        at = cuts_at.get(index, ())
        if token.type == "text" and at:
            position = 0
            for o in at:
                if o > position:
                    sentences[-1].append(_text(token.content[position:o], token.level))
                sentences.append([])
                position = max(position, o)
            if position < len(token.content):
                sentences[-1].append(_text(token.content[position:], token.level))
        else:
            sentences[-1].append(token)
            if at:
                sentences.append([])
    result: list[Token] = []
    for tokens in sentences:
        lead, body, trail = _trim(tokens)
        result.extend(lead)
        if not _visible(body):  # a footnote reference alone, say: outside any sentence
            result.extend(body)
        elif not lead and result and result[-1].type == "sentence_close" and not _wordy(body):
            # the stop after a link that held the sentence's end: still the same sentence
            result[-1:-1] = body
        else:
            number += 1
            opening = Token("sentence_open", "span", 1)
            opening.meta = {"number": number, "length": _length(body)}
            result.append(opening)
            result.extend(body)
            result.append(Token("sentence_close", "span", -1))
        result.extend(trail)
    return result, number


def _trim(tokens: list[Token]) -> tuple[list[Token], list[Token], list[Token]]:
    """Whitespace and line breaks before and after a sentence stay outside it."""
    lead: list[Token] = []
    trail: list[Token] = []
    body = list(tokens)
    while body and (
        body[0].type in _PIECE or (body[0].type == "text" and not body[0].content.strip())
    ):
        lead.append(body.pop(0))
    if body and body[0].type == "text" and body[0].content[:1].isspace():
        content = body[0].content
        stripped = content.lstrip()
        lead.append(_text(content[: len(content) - len(stripped)], body[0].level))
        body[0] = _text(stripped, body[0].level)
    while body and (
        body[-1].type in _PIECE or (body[-1].type == "text" and not body[-1].content.strip())
    ):
        trail.insert(0, body.pop())
    if body and body[-1].type == "text" and body[-1].content[-1:].isspace():
        content = body[-1].content
        stripped = content.rstrip()
        trail.insert(0, _text(content[len(stripped) :], body[-1].level))
        body[-1] = _text(stripped, body[-1].level)
    return lead, body, trail


def _visible(tokens: list[Token]) -> bool:
    return any(t.type in ("text", "code_inline", "image") and t.content.strip() for t in tokens)


def _wordy(tokens: list[Token]) -> bool:
    return any(
        ch.isalnum() for t in tokens if t.type in ("text", "code_inline") for ch in t.content
    )


def _length(tokens: list[Token]) -> int:
    """A sentence's length for pairing: its characters other than spaces."""
    return sum(len("".join(t.content.split())) for t in tokens if t.type in ("text", "code_inline"))


def render_sentence_open(self, tokens, idx, options, env) -> str:
    return f'<span data-s="{tokens[idx].meta["number"]}">'


def render_sentence_close(self, tokens, idx, options, env) -> str:
    return "</span>"


def sentences_of(tokens: Sequence[Token]) -> tuple[Sentence, ...]:
    """The sentences of a block's tokens (after glossing), in order."""
    found: list[Sentence] = []
    for block in tokens:
        length, inside = 0, False
        terms: set[str] = set()
        for token in block.children or ():
            if token.type == "sentence_open":
                length, terms, inside = token.meta["length"], set(), True
            elif token.type == "sentence_close":
                # a tuple, not a set: 80 bytes rather than 216, on every sentence of a text
                found.append(Sentence(length, tuple(sorted(terms))))
                inside = False
            elif inside and token.type == "glossed":
                terms.update(entry for _, _, entry, _ in token.meta["matches"])
    return tuple(found)


# --- pairing -------------------------------------------------------------------------------

Bead = tuple[tuple[int, ...], tuple[int, ...]]
"""Source sentences and the translation's sentences paired with them (indices from 0)."""

BEADS = {
    (1, 1): 0.89,
    (1, 0): 0.0099,
    (0, 1): 0.0099,
    (2, 1): 0.089,
    (1, 2): 0.089,
    (2, 2): 0.011,
    (3, 1): 0.005,
    (1, 3): 0.005,
    (4, 1): 0.001,
    (1, 4): 0.001,
}
"""Each shape of pair and how likely it is: Gale and Church's figures, with 3–1 and 1–3 added
(a long Chinese sentence is often made three English ones)."""
_PRICE = {shape: -math.log(p) for shape, p in BEADS.items()}
VARIANCE = 6.8
"""Gale and Church's variance of a translation's length per character of its source."""
ANCHOR = 1.5
"""What it costs (as −log of a probability) to leave a glossary entry that both renderings of
the passage hold on one side of a pair only."""
UNSURE = 4.0
"""A pairing is a guess when no other pairing costs less than this much more than it."""
BAND = 12
"""How far from the diagonal (in sentences, beyond the difference of the counts) a pairing
may stray."""
PAIR_LIMIT = 400 * 400
"""Beyond this many source × translation sentences, a passage's sentences are spread evenly
rather than paired by length."""


_ROOT_2 = math.sqrt(2)


class _Costs:
    """What each pair (a run of source sentences and a run of the translation's) costs:
    −log P(shape) − log P(lengths | shape), plus a price for each anchor left unpaired. Each is
    worked out once, from running totals of the lengths, and shared by the programme run
    forwards and the one run backwards."""

    def __init__(
        self,
        source: Sequence[Sentence],
        target: Sequence[Sentence],
        ratio: float,
        shared: frozenset[str],
    ):
        self.ratio, self.shared = ratio, shared
        self.source_sums, self.target_sums = _running(source), _running(target)
        self.source_terms = [shared.intersection(s.terms) for s in source] if shared else []
        self.target_terms = [shared.intersection(s.terms) for s in target] if shared else []
        self.known: dict[tuple[int, int, int, int], float] = {}

    def __call__(self, i: int, di: int, j: int, dj: int) -> float:
        """The pair of source sentences i … i+di−1 and translation sentences j … j+dj−1."""
        key = (i, di, j, dj)
        cost = self.known.get(key)
        if cost is None:
            cost = self.known[key] = self._work_out(i, di, j, dj)
        return cost

    def _work_out(self, i: int, di: int, j: int, dj: int) -> float:
        cost = _PRICE[(di, dj)]
        # in the translation's characters
        length_source = (self.source_sums[i + di] - self.source_sums[i]) * self.ratio
        length_target = self.target_sums[j + dj] - self.target_sums[j]
        if length_source + length_target:
            z = (length_target - length_source) / math.sqrt(
                VARIANCE * (length_source + length_target) / 2
            )
            # the probability of a standard normal variable beyond ±z
            cost -= math.log(max(math.erfc(abs(z) / _ROOT_2), 1e-300))
        if not self.shared:
            return cost
        terms_source = frozenset().union(*self.source_terms[i : i + di])
        terms_target = frozenset().union(*self.target_terms[j : j + dj])
        return cost + ANCHOR * len(terms_source ^ terms_target)


def _running(sentences: Sequence[Sentence]) -> list[int]:
    """The lengths of the first 0, 1, 2, … sentences."""
    return list(itertools.accumulate((s.length for s in sentences), initial=0))


def pair(source: Sequence[Sentence], target: Sequence[Sentence]) -> tuple[list[Bead], bool]:
    """The translation's sentences paired with the source's, and whether the pairing is a
    guess. In order when the counts agree; otherwise the pairing of least cost (Gale and
    Church's dynamic programme over the shapes in BEADS), measured with the passage's own ratio
    of lengths, since a passage and its translation are known to match as wholes."""
    n, m = len(source), len(target)
    if n == m:
        return [((i,), (i,)) for i in range(n)], False
    if not n or not m:
        return [], False
    if n == 1:  # every sentence of the translation renders the one of the source: nothing to weigh
        return [((0,), tuple(range(m)))], False
    total_source = sum(s.length for s in source)
    ratio = sum(s.length for s in target) / total_source if total_source else 1.0
    shared = frozenset().union(*(s.terms for s in source)) & frozenset().union(
        *(s.terms for s in target)
    )
    beads: list[Bead] = []
    if n * m > PAIR_LIMIT:  # a passage of hundreds of sentences: spread them evenly
        beads = [((i,), tuple(range(i * m // n, (i + 1) * m // n))) for i in range(n)]
        return beads, True
    costs = _Costs(source, target, ratio, shared)
    best = _programme(n, m, costs)
    i, j = n, m
    while i or j:
        di, dj = best[i][j][1]
        beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    # One pair holds them all: there is no point where another pairing could part from it.
    if len(beads) == 1:
        return beads, False
    return beads, _is_guess(best, _remaining(n, m, costs), beads)


def _band(i: int, n: int, m: int) -> range:
    """The translation's sentence counts j worth weighing beside i of the source's: those near
    the diagonal (as Gale and Church's own program did), so that a long passage costs time in
    proportion to its length, not to its square."""
    width = BAND + abs(n - m)
    middle = i * m // n if n else 0
    return range(max(0, middle - width), min(m, middle + width) + 1)


def _programme(n: int, m: int, costs: _Costs) -> list[list[tuple[float, tuple[int, int]]]]:
    """best[i][j]: the least cost of pairing the first i source and j translation sentences
    (of n and m), and the shape of the last pair."""
    inf = (math.inf, (0, 0))
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0.0, (0, 0))
    for i in range(n + 1):
        for j in _band(i, n, m):
            for di, dj in BEADS:
                if di > i or dj > j or math.isinf(best[i - di][j - dj][0]):
                    continue
                cost = best[i - di][j - dj][0] + costs(i - di, di, j - dj, dj)
                if cost < best[i][j][0]:
                    best[i][j] = (cost, (di, dj))
    return best


def _remaining(n: int, m: int, costs: _Costs) -> list[list[float]]:
    """after[i][j]: the least cost of pairing the source's sentences from i on with the
    translation's from j on (the programme run from the end)."""
    after = [[math.inf] * (m + 1) for _ in range(n + 1)]
    after[n][m] = 0.0
    for i in range(n, -1, -1):
        for j in reversed(_band(i, n, m)):
            for di, dj in BEADS:
                if i + di > n or j + dj > m or math.isinf(after[i + di][j + dj]):
                    continue
                cost = after[i + di][j + dj] + costs(i, di, j, dj)
                after[i][j] = min(after[i][j], cost)
    return after


def _is_guess(
    best: list[list[tuple[float, tuple[int, int]]]], after: list[list[float]], beads: list[Bead]
) -> bool:
    """Whether another pairing comes close: at some point where the best pairing passes from
    one pair to the next (i source and j translation sentences behind it), the best pairing
    that passes with the same i and another j, or the same j and another i, costs less than
    UNSURE more."""
    n, m = len(best) - 1, len(best[0]) - 1
    total = best[n][m][0]
    i = j = 0
    for sources, targets in beads[:-1]:
        i, j = i + len(sources), j + len(targets)
        others = [best[i][k][0] + after[i][k] for k in range(m + 1) if k != j]
        others += [best[k][j][0] + after[k][j] for k in range(n + 1) if k != i]
        if min(others, default=math.inf) - total < UNSURE:
            return True
    return False


def target_numbers(beads: list[Bead], count: int) -> list[str]:
    """For each of the translation's `count` sentences, the numbers (from 1) of the source
    sentences it is paired with, separated by spaces. A sentence the source lacks (a 0–1 pair)
    goes with the pair before it, or after it at the start."""
    numbers: list[str] = [""] * count
    for source, target in beads:
        words = " ".join(str(i + 1) for i in source)
        for j in target:
            numbers[j] = words
    following = ""
    for j in reversed(range(count)):
        following = numbers[j] or following
    carry = ""
    for j in range(count):
        numbers[j] = numbers[j] or carry or following
        carry = numbers[j]
    return numbers


_SPAN = re.compile(r'<span data-s="(\d+)">')


def renumber(html: str, numbers: Sequence[str] | None, focusable: bool) -> str:
    """A rendering's HTML with each sentence's number replaced by its pair's (`numbers`: None
    for the source, which keeps its own) and, where sentences can be paired, a place in the
    keyboard's order."""
    extra = ' tabindex="0"' if focusable else ""

    def replace(match: re.Match[str]) -> str:
        n = int(match.group(1))
        value = match.group(1) if numbers is None else numbers[n - 1]
        return f'<span data-s="{value}"{extra}>'

    return _SPAN.sub(replace, html)


def pair_renderings(blocks: dict[str, Block], main: str) -> tuple[dict[str, Block], list[str]]:
    """A passage's renderings with their sentences numbered in pairs: the source (`main`) keeps
    its numbers, each translation's sentences take those of the source sentences they pair with.
    Also the translations whose pairing is a guess."""
    source = blocks.get(main)
    if source is None or len(blocks) < 2 or not source.sentences:
        return blocks, []
    focusable = len(source.sentences) > 1
    numbered = {}
    guesses = []
    for lang, block in blocks.items():
        if lang == main:
            numbered[lang] = replace(block, pairing=(None, focusable))
            continue
        beads, guess = pair(source.sentences, block.sentences)
        if guess:
            guesses.append(lang)
        numbers = target_numbers(beads, len(block.sentences))
        numbered[lang] = replace(block, pairing=(tuple(numbers), False))
    return numbered, guesses


def shown_html(block: Block) -> str:
    """A rendering's HTML as its page shows it: each sentence numbered as paired."""
    if block.pairing is None:
        return block.html
    return renumber(block.html, *block.pairing)
