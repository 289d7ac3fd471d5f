#!/usr/bin/env python3
"""Corpora of several shapes, and our cold build against a lean Hugo + Pagefind on each.

    .venv/bin/python bench/shapes.py [--shapes dense,sparse] [--runs 3] [--warmup 1]
    .venv/bin/python bench/shapes.py --generate-only

A second corpus generator, written apart from generate.py, so that the benchmark does not only
measure the corpus the build was tuned on. Each shape is written under bench/work/shapes/<shape>/
twice: ours/ (our edition format) and hugo/ (a Hugo project with a three-layout theme of its own,
every glossary occurrence a link to its entry with a tooltip). For each shape the two builds run
in turn, run after run (who goes first alternates), each a whole cold process; a Markdown table of
medians is printed and written to bench/results-shapes.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


# --- shapes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    about: str
    texts: int = 100
    passages: int = 100  # per text
    zh_chars: int = 85  # per Chinese passage, punctuation included
    en_words: int = 49  # per English passage
    hits: tuple[int, int] = (2, 4)  # glossary occurrences per passage and language (low, high)
    terms: int = 300
    zh_only: int = 0  # texts in Chinese only
    en_only: int = 0  # texts in English only (commentaries)
    short_en: int = 0  # bilingual texts whose English is a short summary (12 words)


SHAPES: dict[str, Shape] = {
    "base": Shape("the issue's shape: every text bilingual, 2–4 hits a passage"),
    "dense": Shape("8–12 glossary hits a passage", hits=(8, 12)),
    "sparse": Shape("0–1 glossary hit a passage", hits=(0, 1)),
    "short": Shape(
        "short passages: ~20 characters, ~12 words, 0–2 hits", zh_chars=20, en_words=12, hits=(0, 2)
    ),
    # 21 passages of 400 characters ≈ 100 of 85: about the same characters per text as base.
    "long": Shape(
        "long passages: ~400 characters, ~230 words, 10–16 hits; 21 a text",
        passages=21,
        zh_chars=400,
        en_words=230,
        hits=(10, 16),
    ),
    "zh-heavy": Shape(
        "70 texts Chinese only, 30 with a 12-word English summary a passage",
        zh_only=70,
        short_en=30,
    ),
    "en-heavy": Shape("70 English-only commentaries, 30 bilingual texts", en_only=70),
    # Not among the default shapes: a build of it takes minutes.
    "large": Shape("base's shape, ten times as many texts and 2000 terms", texts=1000, terms=2000),
}
MEDIUM = [name for name in SHAPES if name != "large"]

SUMMARY_WORDS = 12  # the English of a zh-heavy bilingual text
XREF_EVERY = 10  # every 10th passage cites a passage of another text
HEADING_EVERY = 10  # a heading before passages 1, 11, 21, …
NOTE_EVERY = 7  # a footnote in passages 4, 11, 18, …

# Real, common Chinese characters. Headwords are made of TERM_HAN only and filler of
# FILLER_HAN only, so filler can never spell a headword: the hit counts are exact.
TERM_HAN = "".join(
    dict.fromkeys(
        "政策经济制度改革发展市场资本产业金融贸易科技创新安全国家社会管理体系结构战略规划农工城乡"
        "区域统筹协调开放合作竞争治理法律财政税收货币投资消费需求供给循环链条核心关键基础能源环境"
        "生态土地人口教育文化医疗卫生交通信息网络数据平台企业民营集体粮食水利盐铁漕运科举官府军"
    )
)
FILLER_HAN = "".join(
    c
    for c in dict.fromkeys(
        "我们在这里看到了一个很大的问题他说今天和明天都会出来做事时候所以因为但是如果虽然还是已经"
        "可以应该能够没有就是这样那些自己大家之后以前现在后来其中方面情况过程问题方法意见看法认为"
        "提出指出表示要求必须继续进一步加强推动实现保持坚持完成形成建立开始成为得到进行作为通过对于"
        "关于根据由于为了并且而且或者以及其他所有每个各种许多一些这种那种同样更加非常十分特别主要"
        "重要一般具体明确全面长期历史时期年代世纪地方中心内部外部上下左右前后东西南北高低远近多少"
    )
    if c not in TERM_HAN
)

# Ordinary English words for filler; no term word is among them, so filler never spells a term.
FILLER_EN = (
    "the of and to in a is that for it as was with be by on not this are or from at which but have "
    "an they were all there would their we been has when who will more no if out so said what up "
    "its about into than them can only other new some could time these two may then do first any "
    "now such like over even most made after also did many before must through back years where "
    "much way well down should because each just those people how too little good very make world "
    "still own see men work long get here between both life being under never day same another "
    "know while last might us great old year off come since against go came right used take three "
    "however although therefore whether during among within without toward upon often later early "
    "writer reader account period question matter view point part place case kind number form "
    "change effect result sense idea fact means purpose level course word line book letter report"
).split()

# Words of glossary renderings: history and policy vocabulary, none of them filler.
TERM_WORDS = (
    "tribute granary ledger prefecture magistrate canal salt monopoly lineage clan academy "
    "examination censor garrison frontier militia treaty concession tariff customs silver copper "
    "coinage currency credit bond equity dividend cooperative commune brigade collective quota "
    "procurement rationing famine relief irrigation dike reservoir levee transport grain rice "
    "wheat cotton silk tea porcelain opium railway telegraph arsenal shipyard dockyard foundry "
    "textile mill factory enterprise township village county province capital court ministry "
    "bureau secretariat council assembly congress plenum politburo cadre bureaucracy campaign "
    "rectification struggle revolution reform opening circulation supply chain innovation "
    "technology semiconductor patent standard platform sovereignty security stability harmony "
    "prosperity modernization industrialization urbanization household registration migrant "
    "welfare pension insurance taxation revenue expenditure budget deficit stimulus inflation "
    "deflation exchange reserve sterilization liquidity leverage subsidy incentive mechanism "
    "governance legitimacy ideology doctrine orthodoxy heterodoxy ritual propriety filial piety "
    "benevolence righteousness loyalty sincerity harmony mandate heaven dynasty emperor regent "
    "eunuch scholar gentry merchant artisan peasant landlord tenant rent corvee levy"
).split()
TERM_WORDS = list(dict.fromkeys(w for w in TERM_WORDS if w not in FILLER_EN))


# --- the corpus, before it is written in either format --------------------------------------


@dataclass
class Term:
    id: str
    zh: str
    en: str
    variant: str | None  # a plural the translation also uses, glossed too
    definition: str
    see_also: str | None


@dataclass
class Hit:
    """A glossary occurrence: which entry, and the words as written."""

    entry: int
    surface: str


@dataclass
class Link:
    """A cross-reference to a passage of another text, in one of that text's languages."""

    slug: str
    lang: str
    pid: str
    label: str


@dataclass
class NoteRef:
    label: str


@dataclass
class Block:
    id: str
    heading: bool
    # per language: a list of str | Hit | Link | NoteRef; a language the text lacks is absent
    parts: dict[str, list] = field(default_factory=dict)


@dataclass
class Text:
    slug: str
    number: int
    langs: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)
    notes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # lang: (label, text)

    @property
    def kind(self) -> str:
        return "commentary" if self.langs == ("en",) else "source"


@dataclass
class Corpus:
    shape: str
    terms: list[Term]
    texts: list[Text]

    def hits(self) -> int:
        return sum(
            isinstance(p, Hit)
            for t in self.texts
            for b in t.blocks
            for parts in b.parts.values()
            for p in parts
        )


def plural(word: str) -> str:
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def make_terms(rng: random.Random, count: int) -> list[Term]:
    headwords: list[str] = []
    while len(headwords) < count:
        word = "".join(rng.sample(TERM_HAN, rng.choice((2, 2, 2, 3, 4))))
        # No headword inside another: each occurrence then matches exactly the entry written.
        if not any(word in other or other in word for other in headwords):
            headwords.append(word)
    renderings: list[str] = []
    forms: set[str] = set()
    while len(renderings) < count:
        words = rng.sample(TERM_WORDS, rng.choice((1, 2, 2, 2, 3)))
        text = " ".join(words)
        padded = f" {text} "
        if text in forms or any(padded in f" {o} " or f" {o} " in padded for o in renderings):
            continue
        renderings.append(text)
        forms.add(text)
    terms = []
    for i, (zh, en) in enumerate(zip(headwords, renderings, strict=True)):
        *head, last = en.split()
        variant = " ".join([*head, plural(last)]) if i % 5 == 2 else None
        if variant in forms:
            variant = None
        elif variant:
            forms.add(variant)
        words = rng.randint(14, 32)
        definition = " ".join(rng.choice(FILLER_EN) for _ in range(words)).capitalize() + "."
        terms.append(Term(en.replace(" ", "-"), zh, en, variant, definition, None))
    for i, term in enumerate(terms):
        if i % 6 == 5:
            term.see_also = terms[(i * 7 + 3) % count].id
            if term.see_also == term.id:
                term.see_also = None
    return terms


class TermDraw:
    """Which entry each hit is: every entry once (in a shuffled order), then by a Zipf-like law,
    as in real text a few terms come back often and most rarely."""

    def __init__(self, rng: random.Random, count: int):
        self.rng = rng
        self.first = list(range(count))
        rng.shuffle(self.first)
        weights = [1 / (rank + 1) for rank in range(count)]
        self.order = list(range(count))
        rng.shuffle(self.order)
        self.cumulative = [sum(weights[: n + 1]) for n in range(count)]

    def __call__(self) -> int:
        if self.first:
            return self.first.pop()
        return self.order[self.rng.choices(range(len(self.order)), cum_weights=self.cumulative)[0]]


def zh_filler(rng: random.Random, length: int) -> str:
    """Clauses of 4–12 characters joined by ，；： and ending in 。, some in “quotes”."""
    clauses: list[str] = []
    size = 0
    while size < length:
        clause = "".join(rng.choice(FILLER_HAN) for _ in range(rng.randint(4, 12)))
        if rng.random() < 0.08:
            clause = f"“{clause}”"
        clauses.append(clause)
        size += len(clause) + 1
    marks = rng.choices("，；：", weights=(10, 2, 1), k=len(clauses) - 1)
    text = "".join(c + m for c, m in zip(clauses, marks, strict=False)) + clauses[-1]
    text = text[: max(length - 1, 1)].rstrip("，；：“")
    if text.count("“") > text.count("”"):  # a quotation cut short is closed
        text += "”"
    return text + "。"


def en_filler(rng: random.Random, words: int) -> list[str]:
    """Sentences of 6–18 words: capitalised, with commas, semicolons and a final full stop."""
    tokens: list[str] = []
    while len(tokens) < words:
        sentence = [rng.choice(FILLER_EN) for _ in range(rng.randint(6, 18))]
        sentence[0] = sentence[0].capitalize()
        for at in range(2, len(sentence) - 2, 5):
            if rng.random() < 0.4:
                sentence[at] += rng.choices(",;:", weights=(8, 2, 1))[0]
        tokens += sentence
        tokens[-1] += "."
    tokens = tokens[:words]
    tokens[-1] = tokens[-1].rstrip(",;:.") + "."
    return tokens


def zh_parts(rng, terms, entries, length, link, note) -> list:
    surfaces = [terms[e].zh for e in entries]
    budget = length - sum(map(len, surfaces)) - (len(link.label) if link else 0)
    text = zh_filler(rng, max(budget, len(entries) + 2))
    # Terms go into distinct gaps of the filler: at least one character apart.
    gaps = sorted(rng.sample(range(1, len(text) - 1), len(entries)))
    parts: list = []
    start = 0
    for gap, entry in zip(gaps, entries, strict=True):
        parts += [text[start:gap], Hit(entry, terms[entry].zh)]
        start = gap
    parts.append(text[start:-1])
    if link:
        parts += ["（", link, "）"]
    parts.append("。")
    if note:
        parts.append(note)
    return [p for p in parts if p != ""]


def en_parts(rng, terms, entries, words, link, note) -> list:
    def surface(entry: int) -> str:
        term = terms[entry]
        return term.variant if term.variant and rng.random() < 0.3 else term.en

    surfaces = [surface(e) for e in entries]
    fixed = sum(len(s.split()) for s in surfaces) + (len(link.label.split()) if link else 0)
    budget = words - fixed
    tokens = en_filler(rng, max(budget, len(entries) + 2))
    # After a word that ends a sentence a term would need a capital: those gaps are left out.
    gaps = [i for i, token in enumerate(tokens[:-1]) if not token.endswith(".")]
    chosen = dict(
        zip(sorted(rng.sample(gaps, min(len(entries), len(gaps)))), surfaces, strict=False)
    )
    entry_of = dict(zip(surfaces, entries, strict=True))
    parts: list = []
    for i, token in enumerate(tokens):
        last = i == len(tokens) - 1
        parts.append((" " if i else "") + (token[:-1] if last else token))
        if i in chosen:
            parts += [" ", Hit(entry_of[chosen[i]], chosen[i])]
    if link:
        parts += [" (", link, ")"]
    parts.append(".")
    if note:
        parts.append(note)
    return parts


def make_corpus(name: str) -> Corpus:
    shape = SHAPES[name]
    rng = random.Random(f"shapes/{name}")  # a str seed is hashed: the same on every machine
    terms = make_terms(rng, shape.terms)
    draw = TermDraw(rng, shape.terms)
    kinds = ["zh"] * shape.zh_only + ["en"] * shape.en_only + ["summary"] * shape.short_en
    kinds += ["both"] * (shape.texts - len(kinds))
    rng.shuffle(kinds)
    langs = {"zh": ("zh",), "en": ("en",), "summary": ("zh", "en"), "both": ("zh", "en")}
    texts = [Text(f"text-{n + 1:03d}", n + 1, langs[k]) for n, k in enumerate(kinds)]
    for text, kind in zip(texts, kinds, strict=True):
        notes = 0
        for p in range(1, shape.passages + 1):
            if p % HEADING_EVERY == 1:
                k = p // HEADING_EVERY + 1
                head = Block(f"s{k}", heading=True)
                if "zh" in text.langs:
                    head.parts["zh"] = [f"第{k}节　{zh_filler(rng, rng.randint(5, 9))[:-1]}"]
                if "en" in text.langs:
                    words = " ".join(en_filler(rng, rng.randint(3, 6)))[:-1]
                    head.parts["en"] = [f"Section {k}: {words}"]
                text.blocks.append(head)
            link = None
            if p % XREF_EVERY == 0:
                other = texts[(text.number - 1 + rng.randint(1, len(texts) - 1)) % len(texts)]
                pid = f"p{rng.randint(1, shape.passages)}"
                link = (other, pid)
            note = None
            if p % NOTE_EVERY == 4:
                notes += 1
                note = NoteRef(f"n{notes}")
            entries = [draw() for _ in range(rng.randint(*shape.hits))]
            block = Block(f"p{p}", heading=False)
            for lang in text.langs:
                target = None
                if link:
                    other, pid = link
                    to = lang if lang in other.langs else other.langs[0]
                    label = (
                        f"参见第{other.number}篇第{pid[1:]}段"
                        if lang == "zh"
                        else f"see text {other.number}, passage {pid[1:]}"
                    )
                    target = Link(other.slug, to, pid, label)
                if lang == "zh":
                    block.parts["zh"] = zh_parts(rng, terms, entries, shape.zh_chars, target, note)
                elif kind == "summary":
                    block.parts["en"] = en_parts(
                        rng, terms, entries[:1], SUMMARY_WORDS, target, note
                    )
                else:
                    block.parts["en"] = en_parts(rng, terms, entries, shape.en_words, target, note)
                if note:
                    body = (
                        zh_filler(rng, rng.randint(15, 40))
                        if lang == "zh"
                        else "Editor's note: " + " ".join(en_filler(rng, rng.randint(8, 24)))
                    )
                    text.notes.setdefault(lang, []).append((note.label, body))
            text.blocks.append(block)
    return Corpus(name, terms, texts)


# --- writing: our edition format ------------------------------------------------------------


def put(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML flow scalar


def spelled(parts: list, hit, link, note=lambda label: f"[^{label}]") -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Hit):
            out.append(hit(part))
        elif isinstance(part, Link):
            out.append(link(part))
        else:
            out.append(note(part.label))
    return "".join(out)


def write_ours(corpus: Corpus, root: Path) -> None:
    content = root / "content"
    slugs = ", ".join(t.slug for t in corpus.texts)
    put(
        content / "edition.yaml",
        (
            f'title: {{zh: "形状读本：{corpus.shape}", en: "Shapes: {corpus.shape}"}}\n'
            "languages:\n"
            '  zh: {label: "中文", html: zh-Hans}\n'
            '  en: {label: "English", html: en}\n'
            "source_language: zh\n"
            f"texts: [{slugs}]\n"
            'site_url: "https://example.org/shapes/"\n'
        ),
    )
    # Every id already published, as a committed edition has it: no timed build rewrites it.
    lock = {t.slug: sorted(b.id for b in t.blocks) for t in corpus.texts}
    put(content / "anchors.lock", json.dumps(lock, indent=1, sort_keys=True) + "\n")
    for text in corpus.texts:
        folder = content / "texts" / text.slug
        meta = f'title: {{zh: "第{text.number}篇", en: "Text {text.number}"}}\n'
        put(folder / "text.yaml", meta + f"kind: {text.kind}\n")
        for lang in text.langs:

            def link(part: Link, here: str = text.slug) -> str:
                if part.slug == here:
                    return f"[{part.label}](#{part.pid})"
                return f"[{part.label}](../{part.slug}/{part.lang}.md#{part.pid})"

            blocks = []
            for block in text.blocks:
                body = spelled(block.parts[lang], lambda h: h.surface, link)
                blocks.append(f"{{#{block.id}}}\n{'## ' if block.heading else ''}{body}\n")
            blocks += [f"[^{label}]: {note}\n" for label, note in text.notes.get(lang, [])]
            put(folder / f"{lang}.md", "\n".join(blocks))
    entries = []
    for term in corpus.terms:
        lines = [f"{term.id}:", f"  zh: {term.zh}", f"  en: {term.en}"]
        if term.variant:
            lines.append(f"  variants: {{en: [{term.variant}]}}")
        lines.append(f"  definition: {quoted(term.definition)}")
        if term.see_also:
            lines.append(f"  see_also: [{term.see_also}]")
        entries.append("\n".join(lines) + "\n")
    put(root / "glossary.yaml", "".join(entries))


# --- writing: the Hugo peer -----------------------------------------------------------------

# The leanest site that does our job: a page per text with both languages, each passage one
# element with its id, every glossary occurrence a link to its entry, a glossary page, a search
# page. The links are written into the Markdown as HTML (no shortcode per occurrence); Hugo looks
# up the definitions of the terms a page uses and emits them once, for a 10-line tooltip script.
HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "{lang}"
title = "Shapes: {shape}"
relativeURLs = true
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = true  # the glossary links and passage elements are HTML in the Markdown
[markup.goldmark.parser.attribute]
block = true   # {{lang="en"}} after a paragraph
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ .Params.lang | default site.LanguageCode }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "site.css" | relURL }}"></head>
<body><nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a> ·
<a href="{{ "glossary/" | relURL }}">Glossary</a> ·
<a href="{{ "search/" | relURL }}">Search</a></nav>
<main>{{ block "main" . }}{{ end }}</main>
<script src="{{ "gloss.js" | relURL }}" defer></script>
</body></html>
""",
    "single.html": """\
{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1>
{{ .Content }}
{{- if .Params.glossary }}<dl>{{ range $id, $e := site.Data.glossary }}
<dt id="{{ $id }}"><span lang="zh-Hans">{{ $e.zh }}</span> · {{ $e.en }}</dt>
<dd>{{ $e.definition | markdownify }}</dd>{{ end }}</dl>{{ end }}
</article>
{{- with .Params.terms }}{{ $cards := slice }}
{{- range . }}{{ $cards = $cards | append (index site.Data.glossary .) }}{{ end }}
<script type="application/json" id="gloss-data">{{ $cards | jsonify | safeJS }}</script>
{{- end }}{{ end }}
""",
    "list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ol>{{ range where site.RegularPages "Section" "texts" }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}
""",
}

HUGO_STATIC = {
    "site.css": "body{max-width:50rem;margin:auto;font:1rem/1.7 sans-serif}"
    "a.gloss{color:inherit;text-decoration:underline dotted}\n",
    # Each glossed term shows its entry on hover, from the page's own data.
    "gloss.js": """\
const data = document.getElementById("gloss-data");
if (data) {
  const entries = new Map(JSON.parse(data.textContent).map((e) => [e.id, e]));
  for (const a of document.querySelectorAll("a.gloss")) {
    const e = entries.get(a.hash.slice(1));
    if (e) a.title = `${e.zh} · ${e.en}: ${e.definition}`;
  }
}
""",
}

HUGO_SEARCH = """\
---
title: Search
---
<link rel="stylesheet" href="../pagefind/pagefind-ui.css">
<script src="../pagefind/pagefind-ui.js"></script>
<div id="search"></div>
<script>new PagefindUI({ element: "#search" });</script>
"""

HTML_LANG = {"zh": "zh-Hans", "en": "en"}


def write_hugo(corpus: Corpus, root: Path, lang: str = "zh-Hans") -> None:
    put(root / "hugo.toml", HUGO_CONFIG.format(shape=corpus.shape, lang=lang))
    for name, text in HUGO_LAYOUTS.items():
        put(root / "layouts/_default" / name, text)
    for name, text in HUGO_STATIC.items():
        put(root / "static" / name, text)
    glossary = {
        t.id: {"id": t.id, "zh": t.zh, "en": t.en, "definition": t.definition} for t in corpus.terms
    }
    put(root / "data/glossary.json", json.dumps(glossary, ensure_ascii=False) + "\n")
    put(root / "content/_index.md", "---\ntitle: Texts\n---\n")
    put(root / "content/glossary.md", "---\ntitle: Glossary\nglossary: true\n---\n")
    put(root / "content/search.md", HUGO_SEARCH)
    ids = [t.id for t in corpus.terms]
    for text in corpus.texts:

        def hit(part: Hit) -> str:
            return f'<a class="gloss" href="../../glossary/#{ids[part.entry]}">{part.surface}</a>'

        def link(part: Link, here: str = text.slug) -> str:
            target = "" if part.slug == here else f"../{part.slug}/"
            return f"[{part.label}]({target}#{part.pid})"

        used = sorted(
            {
                ids[p.entry]
                for b in text.blocks
                for parts in b.parts.values()
                for p in parts
                if isinstance(p, Hit)
            }
        )
        front = [
            f'title: "第{text.number}篇 · Text {text.number}"',
            f"weight: {text.number}",
            f"terms: [{', '.join(used)}]",
        ]
        if text.langs == ("en",):
            front.append("lang: en")
        body = []
        for block in text.blocks:
            if block.heading:
                title = " · ".join(block.parts[lang][0] for lang in text.langs)
                body.append(f"## {title} {{#{block.id}}}\n")
                continue
            body.append(f'<section id="{block.id}" class="passage">\n')
            for lang in text.langs:
                # One page holds both languages' notes: their labels take the language.
                def note(label: str, lang: str = lang) -> str:
                    return f"[^{lang}-{label}]"

                markdown = spelled(block.parts[lang], hit, link, note)
                body.append(f'{markdown}\n{{lang="{HTML_LANG[lang]}"}}\n')
            body.append("</section>\n")
        body += [
            f"[^{lang}-{label}]: {note}\n"
            for lang in text.langs
            for label, note in text.notes.get(lang, [])
        ]
        page = "---\n" + "\n".join(front) + "\n---\n\n" + "\n".join(body)
        put(root / "content/texts" / f"{text.slug}.md", page)


def generate(name: str, work: Path, peer_lang: str = "zh-Hans") -> tuple[Path, Corpus]:
    corpus = make_corpus(name)
    folder = work / name
    for part in ("ours", "hugo"):
        shutil.rmtree(folder / part, ignore_errors=True)
    write_ours(corpus, folder / "ours")
    write_hugo(corpus, folder / "hugo", peer_lang)
    return folder, corpus


def totals(corpus: Corpus) -> dict[str, int]:
    """What a corpus holds, whatever its shape: so shapes can be compared by their totals."""
    zh = en = 0
    for text in corpus.texts:
        for block in text.blocks:
            for lang, parts in block.parts.items():
                words = [
                    p if isinstance(p, str) else getattr(p, "surface", getattr(p, "label", ""))
                    for p in parts
                ]
                if lang == "zh":
                    zh += sum(len(w) for w in words)
                else:
                    en += len("".join(words).split())
    passages = sum(not b.heading for t in corpus.texts for b in t.blocks)
    return {"passages": passages, "zh": zh, "en": en, "hits": corpus.hits()}


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Sample:
    wall: float  # seconds, the whole process
    cpu: float  # user + system seconds, the process and the children it waited for
    rss: int  # bytes: the largest resident set of the process or any child it waited for
    load: float  # the 1-minute load average as the run started


def measure(cmd: list[str], cwd: Path, log: Path) -> Sample:
    load = os.getloadavg()[0]
    with open(log, "wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        # wait4's usage covers the child and the children it waited for (our Pagefind stage).
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        sys.exit(f"failed ({code}): {' '.join(cmd)}\n{tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, load)


@dataclass
class Tools:
    python: str
    hugo: str
    pagefind: str
    checkouts: dict[str, Path] = field(default_factory=dict)
    """The folder each of our builds runs from: "ours", and "before" with --before."""
    names: dict[str, str] = field(default_factory=dict)
    """How the report names each of them."""


def build_ours(folder: Path, tools: Tools, tool: str = "ours") -> dict[str, Sample]:
    """Our build, from the folder `tools.checkouts[tool]` (the working tree or a snapshot)."""
    out = folder / f"out-{tool}"
    for stale in (out, folder / f".out-{tool}.building", folder / f".out-{tool}.previous"):
        shutil.rmtree(stale, ignore_errors=True)
    cmd = [
        tools.python,
        "build.py",
        "build",
        "--content",
        str(folder / "ours/content"),
        "--glossary",
        str(folder / "ours/glossary.yaml"),
        "--out",
        str(out),
    ]
    return {tool: measure(cmd, tools.checkouts[tool], folder / f"{tool}.log")}


def build_peer(folder: Path, tools: Tools) -> dict[str, Sample]:
    site = folder / "hugo"
    for stale in (site / "public", site / "resources"):
        shutil.rmtree(stale, ignore_errors=True)
    hugo = measure([tools.hugo, "--quiet", "--destination", "public"], site, folder / "hugo.log")
    pagefind = measure(
        [tools.pagefind, "--site", "public", "--quiet"], site, folder / "pagefind.log"
    )
    return {"hugo": hugo, "pagefind": pagefind}


def build_before(folder: Path, tools: Tools) -> dict[str, Sample]:
    return build_ours(folder, tools, "before")


BUILDERS = {"ours": build_ours, "peer": build_peer, "before": build_before}


def page_bytes(site: Path) -> int:
    """The mean size of a text's reading page (its HTML only)."""
    pages = list((site / "texts").glob("*/index.html"))
    return sum(p.stat().st_size for p in pages) // max(len(pages), 1)


@dataclass
class Outcome:
    runs: dict[str, list[dict[str, Sample]]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)

    def median(self, tool: str, step: str | None = None, what: str = "wall") -> float:
        return statistics.median(
            getattr(run[step], what) if step else sum(getattr(s, what) for s in run.values())
            for run in self.runs[tool]
        )

    def peak(self, tool: str) -> int:
        return max(s.rss for run in self.runs[tool] for s in run.values())

    def ratio(self, what: str = "wall", tool: str = "ours") -> float:
        return self.median(tool, what=what) / self.median("peer", what=what)


def bench_shape(name: str, work: Path, tools: Tools, args) -> Outcome:
    started = time.perf_counter()
    folder, corpus = generate(name, work, args.peer_lang)
    outcome = Outcome(totals=totals(corpus))
    print(
        f"{name}: generated in {time.perf_counter() - started:.1f} s, {outcome.totals}", flush=True
    )
    tools_here = [tool for tool in BUILDERS if tool != "before" or "before" in tools.checkouts]
    for _ in range(args.warmup):
        for tool in tools_here:
            BUILDERS[tool](folder, tools)
    for tool in tools_here:
        outcome.runs[tool] = []
    for n in range(args.runs):
        # Who goes first turns: no build always runs straight after the same one.
        shift = n % len(tools_here)
        order = tools_here[shift:] + tools_here[:shift]
        for tool in order:
            samples = BUILDERS[tool](folder, tools)
            outcome.runs[tool].append(samples)
            print(
                f"  run {n + 1} {tool}: "
                + ", ".join(
                    f"{step} {s.wall:.2f} s (CPU {s.cpu:.2f} s)" for step, s in samples.items()
                ),
                flush=True,
            )
    outcome.pages = {
        "ours": page_bytes(folder / "out-ours"),
        "peer": page_bytes(folder / "hugo/public"),
    }
    return outcome


# --- reporting ------------------------------------------------------------------------------


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def report(outcomes: dict[str, Outcome], args, loads: tuple[str, str]) -> str:
    hugo = subprocess.run([args.tools.hugo, "version"], capture_output=True, text=True)
    lines = [
        "# Shapes: our cold build against Hugo + Pagefind on an independent corpus",
        "",
        f"{datetime.date.today().isoformat()}, `bench/shapes.py {' '.join(sys.argv[1:])}`: "
        f"medians of {args.runs} alternating cold runs each, after {args.warmup} warm-up.",
        "",
        f"- machine: {os.cpu_count()} cores; `uptime` before: {loads[0]}",
        f"- `uptime` after: {loads[1]}",
        f"- machine: `nproc` {os.cpu_count()}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}",
        *(f"- {tool}: {name}" for tool, name in args.tools.names.items()),
        f"- Hugo: {hugo.stdout.strip()}; Pagefind: the binary our build runs",
        f"- the Hugo site's language (Pagefind's segmentation): {args.peer_lang}",
        "",
        "| shape | texts × passages | zh chars | en words | glossed | ours | Hugo | Pagefind "
        "| Hugo+Pagefind | ours/(H+P) | CPU ours | CPU H+P | CPU ratio | ours peak | H+P peak "
        "| ours page | Hugo page |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, o in outcomes.items():
        shape, t = SHAPES[name], o.totals
        lines.append(
            "| "
            + " | ".join(
                [
                    name,
                    f"{shape.texts} × {shape.passages}",
                    f"{t['zh']:,}",
                    f"{t['en']:,}",
                    f"{t['hits']:,}",
                    f"{o.median('ours'):.2f} s",
                    f"{o.median('peer', 'hugo'):.2f} s",
                    f"{o.median('peer', 'pagefind'):.2f} s",
                    f"{o.median('peer'):.2f} s",
                    f"**{o.ratio():.2f}×**",
                    f"{o.median('ours', what='cpu'):.1f} s",
                    f"{o.median('peer', what='cpu'):.1f} s",
                    f"{o.ratio('cpu'):.2f}×",
                    f"{o.peak('ours') / 1e6:.0f} MB",
                    f"{o.peak('peer') / 1e6:.0f} MB",
                    f"{o.pages['ours'] / 1000:.0f} kB",
                    f"{o.pages['peer'] / 1000:.0f} kB",
                ]
            )
            + " |"
        )
    ratios = [o.ratio() for o in outcomes.values()]
    cpu = [o.ratio("cpu") for o in outcomes.values()]
    if "before" in args.tools.checkouts:
        lines += [
            "",
            "The same runs, `before` (the build named above) against the same peer runs:",
            "",
            "| shape | before | ours | before/(H+P) | ours/(H+P) | CPU before | CPU ours "
            "| before peak | ours peak |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, o in outcomes.items():
            cells = [
                name,
                f"{o.median('before'):.2f} s",
                f"{o.median('ours'):.2f} s",
                f"{o.ratio(tool='before'):.2f}×",
                f"**{o.ratio():.2f}×**",
                f"{o.median('before', what='cpu'):.1f} s",
                f"{o.median('ours', what='cpu'):.1f} s",
                f"{o.peak('before') / 1e6:.0f} MB",
                f"{o.peak('ours') / 1e6:.0f} MB",
            ]
            lines.append("| " + " | ".join(cells) + " |")
        before = [o.ratio(tool="before") for o in outcomes.values()]
        lines += [
            "",
            f"Median ratio before: {statistics.median(before):.2f}× wall "
            f"(from {min(before):.2f}× to {max(before):.2f}×).",
        ]
    lines += [
        "",
        f"Median ratio over {len(ratios)} shapes: **{statistics.median(ratios):.2f}×** wall "
        f"(from {min(ratios):.2f}× to {max(ratios):.2f}×), "
        f"{statistics.median(cpu):.2f}× CPU (from {min(cpu):.2f}× to {max(cpu):.2f}×).",
        "",
        "Times are medians of whole processes, wall clock. CPU = user + system seconds of the "
        "build and its children: less moved by other work on the machine than wall time. "
        "Glossed = glossary occurrences in the text, both languages. Peak = the largest resident "
        "set of one process (H+P: of either step). Page = the mean HTML of a text's page.",
        "",
        "## Every run",
        "",
        "Wall seconds / CPU seconds, and in brackets the 1-minute load average as the run "
        f"started ({os.cpu_count()} cores).",
        "",
    ]
    for name, o in outcomes.items():
        for runs in o.runs.values():
            for step in runs[0]:
                cells = ", ".join(
                    f"{run[step].wall:.2f}/{run[step].cpu:.2f} [{run[step].load:.1f}]"
                    for run in runs
                )
                lines.append(f"- {name} {step}: {cells}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--shapes",
        default=",".join(MEDIUM),
        help=f"comma-separated, from {', '.join(SHAPES)} (default: all but large)",
    )
    parser.add_argument(
        "--commit", help="build ours from a snapshot of this commit, not the working tree"
    )
    parser.add_argument(
        "--before",
        metavar="COMMIT",
        help="also build a snapshot of this commit, in the same rotation: ratios before and after",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per build (default: 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default: 1)")
    parser.add_argument("--work", type=Path, default=BENCH / "work/shapes")
    parser.add_argument("--output", type=Path, default=BENCH / "results-shapes.md")
    parser.add_argument(
        "--peer-lang",
        default="zh-Hans",
        help="the Hugo site's language: zh-Hans (default) has Pagefind segment "
        "Chinese into words; en indexes it as English (Hugo's default)",
    )
    parser.add_argument("--generate-only", action="store_true", help="write the corpora and stop")
    args = parser.parse_args()
    names = args.shapes.split(",")
    for name in names:
        if name not in SHAPES:
            parser.error(f"unknown shape '{name}' (known: {', '.join(SHAPES)})")
    if args.generate_only:
        for name in names:
            folder, corpus = generate(name, args.work, args.peer_lang)
            print(f"{folder}: {totals(corpus)}")
        return

    sys.path.insert(0, str(BENCH))
    import run  # the installers of the first benchmark: Debian's hugo, our venv's Pagefind

    args.tools = Tools(run.ours_python(), run.ensure_hugo(), run.pagefind_path())
    snapshots = BENCH / "work"
    builds = {"ours": args.commit} | ({"before": args.before} if args.before else {})
    for tool, commit in builds.items():
        checkout, named = run.ours_checkout(commit, snapshots)
        # "commit abc1234 (its subject)": the subject is left out
        args.tools.checkouts[tool], args.tools.names[tool] = checkout, named.split(" (")[0]
    before = uptime()
    outcomes = {name: bench_shape(name, args.work, args.tools, args) for name in names}
    text = report(outcomes, args, (before, uptime()))
    print()
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"written {args.output}")


if __name__ == "__main__":
    main()
