"""The markdown-it setup and the project's own rules.

Two core rules run over the token stream after inline parsing, the way
markdown-it's own linkify and replacements rules do:

- `classify_links` reads each link's href once and records what it points at
  (a passage of this edition, a whole text, an outside address, or something
  that is not allowed) in `token.meta`; the link stage checks the targets and
  the renderer writes the site URL.
- `gloss_terms` finds glossary terms in runs of text and replaces each run that
  holds one by a `glossed` token, which the renderer writes with each marked
  term as a link to its entry and each later occurrence as a plain span;
  text inside links and code is never touched, because only plain `text` tokens
  outside links are looked at.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from typing import Protocol
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .model import ExternalLink, LinkTarget, PassageLink, RefusedLink, TermFound
from .scripts import is_cjk
from .sentences import mark_sentences, sentence_markers


class TermMatch(Protocol):
    """A glossary term found in a string: where, and which entry."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def entry(self) -> str: ...


class TermFinder(Protocol):
    """What the gloss rule needs of the glossary: glossary.Matcher is one."""

    def find(self, text: str) -> Sequence[TermMatch]: ...


PASSAGE_ID = re.compile(r"[a-z][a-z0-9-]*\Z")
GLOSS_LIMIT = 100_000
"""Glossary occurrences glossed in one language file at the most. Each costs some 50 bytes of
page and some memory, so a one-letter form met on every line of a large file would otherwise
make a page of hundreds of megabytes; past the limit the text is left as it is."""
NO_IMAGES = "images are not supported yet: link to the image instead"
"""One rule for every piece of an editor's Markdown: passages, notes, definitions, descriptions."""
SAFE_SCHEMES = {"http", "https", "mailto"}
LANGUAGE_FILE = re.compile(r"([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)(?:\.[a-z0-9-]+)?\.md\Z")
"""A language file's name: `<lang>.md`, or `<lang>.<name>.md` for a further translation."""


def classify_href(href: str, slug: str, lang: str) -> LinkTarget:
    """What a link in texts/<slug>/<lang>.md points at.

    An outside address, a passage (ids "" for a whole text), or a link refused with the reason.
    """
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        if parts.scheme.lower() in SAFE_SCHEMES:
            return ExternalLink(href)
        return RefusedLink(
            f"link scheme '{parts.scheme or '//'}:' is not allowed (use http, https or mailto)"
        )
    fragment = unquote(parts.fragment)
    start, _, end = fragment.partition("..")
    end = end or start
    if not parts.path:
        target_slug, target_lang = slug, lang
    else:
        path = unquote(parts.path)
        if path.startswith("/"):
            return RefusedLink(
                f"link '{href}' is absolute; link to another text as ../<slug>/<lang>.md#<id>"
            )
        resolved = posixpath.normpath(posixpath.join("texts", slug, path))
        pieces = resolved.split("/")
        if len(pieces) == 2 and pieces[0] == "texts":
            target_slug, target_lang = pieces[1], ""
        elif len(pieces) == 3 and pieces[0] == "texts" and LANGUAGE_FILE.match(pieces[2]):
            target_slug, target_lang = pieces[1], pieces[2][:-3]
        else:
            return RefusedLink(
                f"link '{href}' does not point at a text of this edition (expected "
                "../<slug>/<lang>.md#<id>)"
            )
    if fragment and not (PASSAGE_ID.match(start) and PASSAGE_ID.match(end)):
        return RefusedLink(
            f"link '{href}': '#{fragment}' is not a passage id or a range <id>..<id>"
        )
    return PassageLink(target_slug, target_lang, start, end)


_PROSE = MarkdownIt("commonmark", {"html": False})
# see every link, so that a bad one is reported, not dropped
_PROSE.validateLink = lambda url: True  # type: ignore[method-assign]


def prose_link_problems(source: str) -> list[str]:
    """Links in an editor's prose outside passages (notes, descriptions, definitions) must lead
    outside."""
    problems = []
    for block in _PROSE.parse(source):
        for token in block.children or ():
            if token.type == "image":
                problems.append(NO_IMAGES)
            elif token.type == "link_open":
                href = str(token.attrGet("href") or "")
                if urlsplit(href).scheme.lower() not in SAFE_SCHEMES:
                    problems.append(
                        f"link '{href}' is not allowed here: links in notes, descriptions and "
                        "definitions must be http, https or mailto addresses"
                    )
    return problems


def classify_links(state: StateCore) -> None:
    """Record what each link points at, and the line it starts on (the inline block's first
    line and the line breaks before it), so that a broken one is reported where it is. Runs
    before join_cjk_lines, which removes line breaks."""
    slug, lang = state.env.get("slug", ""), state.env.get("lang", "")
    for block in state.tokens:
        line = block.map[0] + 1 if block.map else 1
        for token in block.children or ():
            if token.type in ("softbreak", "hardbreak"):
                line += 1
            elif token.type == "link_open":
                token.meta["target"] = classify_href(str(token.attrGet("href") or ""), slug, lang)
                token.meta["line"] = line


def _runs(children: list[Token]):
    """Group inline tokens into runs of text a term may span: text and soft line breaks outside
    links. Yields (is_run, tokens)."""
    run: list[Token] = []
    depth = 0  # inside a link: never glossed
    for token in children:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            depth -= 1
        if not depth and token.type in ("text", "softbreak"):
            run.append(token)
            continue
        if run:
            yield True, run
            run = []
        yield False, [token]
    if run:
        yield True, run


def _gloss_children(
    children: list[Token],
    matcher: TermFinder,
    seen: set[str],
    mark_all: bool,
    budget: dict[str, int],
) -> tuple[list[Token], list[TermFound]]:
    """Replace each run of text that holds terms by one `glossed` token; return the new children
    and (entry, surface, marked) per match.

    A `glossed` token keeps the run's text (a soft line break as "\n", so that a term wrapped
    across two lines of the Markdown, "new nationwide / system", is still found) and its matches
    as (start, end, entry, marked): one token per run rather than one per piece keeps a large
    edition's parse light. `budget["left"]` is how many more occurrences the file may gloss;
    once it is spent, `budget["dropped"]` is set and the runs that follow are left as text.
    """
    result: list[Token] = []
    found: list[TermFound] = []
    for is_run, tokens in _runs(children):
        if not is_run:
            result.extend(tokens)
            continue
        if budget["dropped"]:  # the file's budget is spent: the rest stays text
            result.extend(tokens)
            continue
        text = "".join("\n" if t.type == "softbreak" else t.content for t in tokens)
        matches = matcher.find(text.replace("\n", " "))
        if len(matches) > budget["left"]:
            budget["dropped"] = len(matches) - budget["left"]
            matches = matches[: budget["left"]]
        budget["left"] -= len(matches)
        if not matches:
            result.extend(tokens)
            continue
        spans = []
        for match in matches:
            # A later occurrence is not a link, but still knows its entry, so that the
            # page can light it up beside its counterpart in the other language.
            marked = mark_all or match.entry not in seen
            seen.add(match.entry)
            found.append(
                TermFound(match.entry, " ".join(text[match.start : match.end].split()), marked)
            )
            spans.append((match.start, match.end, match.entry, marked))
        glossed = Token("glossed", "", 0)
        glossed.content = text
        glossed.level = tokens[0].level
        glossed.meta = {"matches": spans}
        result.append(glossed)
    return result, found


def make_gloss_rule(matcher: TermFinder, mark_all: bool):
    """A core rule marking glossary terms; `mark_all` False marks each entry once per passage."""

    def gloss_terms(state: StateCore) -> None:
        seen: set[str] = set()
        budget = state.env.setdefault(
            "gloss_budget", {"limit": GLOSS_LIMIT, "left": GLOSS_LIMIT, "dropped": 0}
        )
        for token in state.tokens:
            if token.level == 0 and token.nesting != -1 or token.type == "footnote_open":
                seen = set()  # a new passage, or a footnote's body: marking starts afresh
            if token.type == "inline" and token.children:
                token.children, found = _gloss_children(
                    token.children, matcher, seen, mark_all, budget
                )
                if budget["dropped"] and "line" not in budget:
                    budget["line"] = token.map[0] + 1 if token.map else 1  # where glossing stopped
                token.meta = {**(token.meta or {}), "glossary": found}

    return gloss_terms


def join_cjk_lines(state: StateCore) -> None:
    """A line break inside a paragraph between two characters of a script written without
    spaces (Chinese, Japanese) is no space at all: 非常道。 / 名可名 reads 非常道。名可名, on the
    page, in plain text and in search. In a block marked `.verse`, every line break is kept."""
    verse = False
    for token in state.tokens:
        if token.nesting == 1 and token.level == 0:
            verse = "verse" in str(token.attrGet("class") or "").split()
        if token.type != "inline" or not token.children:
            continue
        children = token.children
        if verse:
            for child in children:
                if child.type == "softbreak":
                    child.type, child.tag = "hardbreak", "br"
            continue
        # an editor's sentence marker (sentences.sentence_markers) is not in the way
        words = [child for child in children if child.type != "sentence_mark"]
        dropped = set()
        for index, child in enumerate(words):
            if child.type == "softbreak" and 0 < index < len(words) - 1:
                before, after = words[index - 1], words[index + 1]
                if (
                    before.type == "text"
                    and after.type == "text"
                    and before.content
                    and after.content
                    and is_cjk(before.content[-1])
                    and is_cjk(after.content[0])
                ):
                    dropped.add(id(child))
        token.children = [child for child in children if id(child) not in dropped]


def make_markdown(matcher: TermFinder, mark_all: bool = False) -> MarkdownIt:
    """CommonMark with block ids and footnotes; raw HTML is shown as text, never passed through."""
    md = MarkdownIt("commonmark", {"html": False})
    md.use(attrs_block_plugin).use(footnote_plugin)
    # classify_links refuses unsafe schemes with a message instead
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.core.ruler.push("classify_links", classify_links)
    md.core.ruler.push("sentence_markers", sentence_markers)
    md.core.ruler.push("join_cjk_lines", join_cjk_lines)
    # before glossing, so that a term never spans two sentences
    md.core.ruler.push("mark_sentences", mark_sentences)
    md.core.ruler.push("gloss_terms", make_gloss_rule(matcher, mark_all))
    return md


def plain_text(tokens) -> str:
    """The visible text of block tokens: markup and footnote markers removed, whitespace
    collapsed."""
    pieces: list[str] = []
    for token in tokens:
        if token.type == "inline":
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    pieces.append(child.content)
                elif child.type == "glossed":
                    pieces.append(child.content.replace("\n", " "))
                elif child.type in ("softbreak", "hardbreak"):
                    pieces.append(" ")
                elif child.type == "image":
                    pieces.append(child.content)
        elif token.type in ("fence", "code_block"):
            pieces.append(token.content)
        elif token.nesting != 0 or token.type == "hr":
            pieces.append(" ")  # block boundaries separate words
    return " ".join("".join(pieces).split())
