#!/usr/bin/env python3
"""Deterministic synthetic editions for the benchmark, written three ways.

    python bench/generate.py [--sizes small,medium,...] [--work bench/work]

For each size it writes, under <work>/<size>/:

    ours/content/…, ours/glossary.yaml     our edition format (shared/FORMAT.md)
    hugo/                                  the same content as a Hugo project: one page per text,
                                           glossary tooltips by a `term` shortcode reading
                                           data/glossary.json
    mkdocs/                                the same content as a MkDocs-Material project: glossary
                                           tooltips by `abbr` + a `pymdownx.snippets`
                                           auto-appended file

A corpus is N texts × P passages; each passage is ≈84 Chinese characters (zh) and
≈50 English words (en) with 2–4 glossary terms (the Chinese headword in zh, its
rendering in en), and every 10th passage cites a passage of another text.

The text is generated once, as parts (plain runs, terms, links), and each writer only
changes how a part is spelled, so the three projects carry the same words. Only the
standard library: the generator must run before anything is installed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

# name: (texts, passages per text, terms the text is written with, glossary entries, seed)
# medium-g20 and medium-g2000 share the text (same seed, same 2000 terms): they differ only in
# how many of those terms the glossary lists, so their ratio measures the glossary's cost alone.
SIZES: dict[str, tuple[int, int, int, int, str]] = {
    "small": (3, 40, 40, 40, "small"),
    "medium": (100, 100, 300, 300, "medium"),
    "large": (1000, 100, 2000, 2000, "large"),
    "medium-g20": (100, 100, 2000, 20, "medium-g"),
    "medium-g2000": (100, 100, 2000, 2000, "medium-g"),
}

PASSAGE_CHARS = 84  # Chinese characters per passage, punctuation included
PASSAGE_WORDS = 50  # English words per passage
XREF_EVERY = 10  # every 10th passage cites another text

# Common Han characters (duplicates are dropped below). Headwords and filler are drawn from
# the same pool, as in real prose, so filler may now and then spell a headword by chance.
HAN_POOL = "".join(
    dict.fromkeys(
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
        "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把"
        "性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质"
        "气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活"
        "设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则"
        "任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美"
        "再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元"
        "况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委"
        "素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江"
        "型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
    )
)

# Filler English: ordinary words, so that no filler word can be a pseudo-word rendering.
ENGLISH_FILLER = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which "
    "but "
    "have an they you were her all she there would their we him been has when who will more no if "
    "out so "
    "said what up its about into than them can only other new some could time these two may then "
    "do first "
    "any my now such like our over man me even most made after also did many before must through "
    "back years "
    "where much your way well down should because each just those people how too little state "
    "good very make "
    "world still own see men work long get here between both life being under never day same "
    "another know "
    "while last might us great old year off come since against go came right used take three "
    "policy reform "
    "development market system growth region industry capital planning support national public "
    "economic "
    "social local strategy demand supply finance trade research science energy security order"
).split()

SYLLABLES = [
    c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ar", "el", "in", "or", "un")
]


@dataclass
class Term:
    id: str
    zh: str
    en: str
    variant: str | None  # another English form the translation uses (a plural), glossed too
    definition: str
    see_also: str | None


@dataclass
class Passage:
    id: str
    zh: list = field(
        default_factory=list
    )  # parts: str | ("term", index, surface) | ("link", slug, pid, label)
    en: list = field(default_factory=list)


@dataclass
class Text:
    slug: str
    number: int
    passages: list[Passage]


@dataclass
class Corpus:
    name: str
    terms: list[Term]  # every term the text is written with
    glossary: list[Term]  # the terms the glossary lists (a prefix of `terms`)
    texts: list[Text]

    @property
    def title(self) -> str:
        # From the text's size, not the size's name: medium-g20 and medium-g2000 differ only in the
        # glossary.
        return f"{len(self.texts)}×{len(self.texts[0].passages)}"

    @property
    def glossary_ids(self) -> set[str]:
        return {t.id for t in self.glossary}


def make_terms(rng: random.Random, count: int) -> list[Term]:
    """Unique headwords (2–4 characters, none inside another, so that leftmost-longest matching
    never swallows an entry) and unique pseudo-word renderings (no word shared between two
    renderings, so that no rendering is part of another)."""
    headwords: list[str] = []
    seen: set[str] = set()
    while len(headwords) < count:
        word = "".join(rng.choice(HAN_POOL) for _ in range(rng.choice((2, 2, 3, 4))))
        if word in seen or any(word in other or other in word for other in headwords):
            continue
        seen.add(word)
        headwords.append(word)
    used_words: set[str] = set()

    def pseudo_word() -> str:
        while True:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3))))
            if (
                word not in used_words
                and word not in ENGLISH_FILLER
                and word + "s" not in used_words
            ):
                used_words.add(word)
                return word

    terms = []
    for i, zh in enumerate(headwords):
        en = " ".join(pseudo_word() for _ in range(rng.choice((1, 2, 2, 3))))
        definition = (
            " ".join(rng.choice(ENGLISH_FILLER) for _ in range(rng.randint(12, 24))).capitalize()
            + "."
        )
        terms.append(
            Term(
                id=f"term-{i + 1:04d}",
                zh=zh,
                en=en,
                variant=en + "s" if i % 5 == 4 else None,
                definition=definition,
                see_also=f"term-{(i + 7) % count + 1:04d}" if i % 4 == 3 and count > 1 else None,
            )
        )
    return terms


def term_stream(rng: random.Random, count: int):
    """Term indices, as one shuffled deck after another: every term occurs within the first
    `count` draws (so every glossary entry occurs), and all occur about equally often."""
    while True:
        deck = list(range(count))
        rng.shuffle(deck)
        yield from deck


def han_filler(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(HAN_POOL) for _ in range(length))


def split_budget(rng: random.Random, total: int, pieces: int) -> list[int]:
    """`total` split into `pieces` non-negative parts, each at least 1 where possible."""
    cuts = sorted(rng.randint(0, total) for _ in range(pieces - 1))
    sizes = [b - a for a, b in zip([0] + cuts, cuts + [total], strict=True)]
    return [max(1, s) for s in sizes]


def make_passage(
    rng: random.Random, terms: list[Term], draw, pid: str, link: tuple | None
) -> Passage:
    passage = Passage(pid)
    chosen = [next(draw) for _ in range(rng.randint(2, 4))]
    # Chinese: filler runs between the terms; a comma about every 14 characters and a full stop.
    zh_link = ("link", link[0], link[1], f"参见第{link[2]}篇第{link[1][1:]}段") if link else None
    fixed = sum(len(terms[i].zh) for i in chosen) + (len(zh_link[3]) if zh_link else 0)
    runs = split_budget(rng, max(len(chosen) + 1, PASSAGE_CHARS - fixed - 1), len(chosen) + 1)
    for n, run in enumerate(runs):
        text = han_filler(rng, run)
        if len(text) > 8:
            at = rng.randint(3, len(text) - 3)
            text = text[:at] + "，" + text[at + 1 :]
        passage.zh.append(text)
        if n < len(chosen):
            passage.zh.append(("term", chosen[n], terms[chosen[n]].zh))
    if zh_link:
        passage.zh.insert(len(passage.zh) - 1, zh_link)
    passage.zh.append("。")
    # English: the same terms, in the same order, among ordinary words.
    en_link = (
        ("link", link[0], link[1], f"see text {link[2]}, passage {link[1][1:]}") if link else None
    )
    fixed = sum(len(terms[i].en.split()) for i in chosen) + (
        len(en_link[3].split()) if en_link else 0
    )
    runs = split_budget(rng, max(len(chosen) + 1, PASSAGE_WORDS - fixed), len(chosen) + 1)
    for n, run in enumerate(runs):
        words = [rng.choice(ENGLISH_FILLER) for _ in range(run)]
        if n == 0:
            words[0] = words[0].capitalize()
        passage.en.append((" " if n else "") + " ".join(words) + " ")
        if n < len(chosen):
            term = terms[chosen[n]]
            surface = term.variant if term.variant and rng.random() < 0.5 else term.en
            passage.en.append(("term", chosen[n], surface))
    if en_link:
        passage.en[-1:-1] = [" ", en_link]
    passage.en[-1] = passage.en[-1].rstrip() + "."
    return passage


def make_corpus(name: str) -> Corpus:
    n_texts, n_passages, n_terms, n_glossary, seed = SIZES[name]
    rng = random.Random(seed)  # a str seed is hashed with SHA-512: stable across runs and machines
    terms = make_terms(rng, n_terms)
    draw = term_stream(rng, n_terms)
    texts = []
    for t in range(n_texts):
        passages = []
        for p in range(1, n_passages + 1):
            link = None
            if p % XREF_EVERY == 0:
                other = (t + rng.randint(1, n_texts - 1)) % n_texts if n_texts > 1 else t
                link = (f"text-{other + 1:04d}", f"p{rng.randint(1, n_passages)}", other + 1)
            passages.append(make_passage(rng, terms, draw, f"p{p}", link))
        texts.append(Text(f"text-{t + 1:04d}", t + 1, passages))
    return Corpus(name, terms, terms[:n_glossary], texts)


# --- writers: the same parts, spelled for each tool ---------------------------------------


def spell(parts: list, term, link) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif part[0] == "term":
            out.append(term(part[1], part[2]))
        else:
            out.append(link(part[1], part[2], part[3]))
    return "".join(out)


def yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML flow scalar


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_ours(corpus: Corpus, root: Path) -> None:
    content = root / "content"
    slugs = [t.slug for t in corpus.texts]
    write(
        content / "edition.yaml",
        (
            f'title: {{zh: "合成读本 {corpus.title}", en: "Synthetic edition {corpus.title}"}}\n'
            "languages:\n"
            '  zh: {label: "中文", html: zh-Hans}\n'
            '  en: {label: "English", html: en}\n'
            "source_language: zh\n"
            f"texts: [{', '.join(slugs)}]\n"
            'site_url: "https://example.org/bench/"\n'
        ),
    )
    # The lock a committed edition carries, so that every timed build reads it and none rewrites it.
    lock = {t.slug: sorted(p.id for p in t.passages) for t in corpus.texts}
    write(
        content / "anchors.lock",
        json.dumps(lock, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
    )
    for text in corpus.texts:
        folder = content / "texts" / text.slug
        write(
            folder / "text.yaml", f'title: {{zh: "第{text.number}篇", en: "Text {text.number}"}}\n'
        )
        for lang in ("zh", "en"):

            def link(slug, pid, label, lang=lang, here=text.slug):
                return (
                    f"[{label}](#{pid})"
                    if slug == here
                    else f"[{label}](../{slug}/{lang}.md#{pid})"
                )

            body = "\n".join(
                f"{{#{p.id}}}\n{spell(getattr(p, lang), lambda i, s: s, link)}\n"
                for p in text.passages
            )
            write(folder / f"{lang}.md", body)
    lines = []
    for term in corpus.glossary:
        lines += [f"{term.id}:", f"  zh: {term.zh}", f"  en: {yaml_str(term.en)}"]
        if term.variant:
            lines.append(f"  variants: {{en: [{yaml_str(term.variant)}]}}")
        lines.append(f"  definition: {yaml_str(term.definition)}")
        if term.see_also and term.see_also in corpus.glossary_ids:
            lines.append(f"  see_also: [{term.see_also}]")
    write(root / "glossary.yaml", "\n".join(lines) + "\n")


HUGO_TERM_SHORTCODE = """\
{{- /* A glossary term: the entry from data/glossary.json, its definition as the tooltip. */ -}}
{{- $id := .Get 0 -}}
{{- with index .Site.Data.glossary $id -}}
<abbr class="gloss" data-term="{{ $id }}"
title="{{ .zh }} · {{ .en }}: {{ .definition }}">{{ $.Inner }}</abbr>
{{- else -}}
{{- errorf "unknown glossary term %q in %s" $id $.Page.File.Path -}}
{{- end -}}
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "glossary/" | relURL }}">Glossary</a>
<a href="{{ "search/" | relURL }}">Search</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}<article data-pagefind-body>
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}
""",
    "_default/index.html": """\
{{ define "main" }}<h1>{{ site.Title }}</h1>
<ol>{{ range (site.GetPage "/texts").Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}
""",
    "_default/glossary.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<dl>{{ range $id, $e := site.Data.glossary }}<dt id="{{ $id }}" lang="zh-Hans">{{ $e.zh }}</dt>
<dd>{{ $e.en }}: {{ $e.definition }}</dd>{{ end }}</dl>{{ end }}
""",
    # Pagefind's own UI, as Hugo + Pagefind users add it; ?q= runs a search on arrival.
    "_default/search.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<link rel="stylesheet" href="{{ "pagefind/pagefind-ui.css" | relURL }}">
<script src="{{ "pagefind/pagefind-ui.js" | relURL }}"></script>
<div id="search"></div>
<script>
window.addEventListener("DOMContentLoaded", function () {
  var ui = new PagefindUI({ element: "#search", showSubResults: true });
  var q = new URLSearchParams(location.search).get("q");
  if (q) ui.triggerSearch(q);
});
</script>{{ end }}
""",
}


def write_hugo(corpus: Corpus, root: Path) -> None:
    glossary = corpus.glossary_ids
    write(
        root / "hugo.toml",
        (
            'baseURL = "https://example.org/"  # at the root: relURL would otherwise add the '
            "sub-path\n"
            'languageCode = "zh-Hans"\n'
            f'title = "Synthetic edition {corpus.title}"\n'
            "hasCJKLanguage = true\n"
            "relativeURLs = true  # servable from any folder, as ours is\n"
            'disableKinds = ["taxonomy", "term"]\n'
            "[markup.goldmark.parser.attribute]\n"
            "block = true  # {#p1} after a paragraph gives it its passage id\n"
        ),
    )
    for path, text in HUGO_LAYOUTS.items():
        write(root / "layouts" / path, text)
    write(root / "layouts/shortcodes/term.html", HUGO_TERM_SHORTCODE)
    write(
        root / "static/css/site.css",
        "body{max-width:48rem;margin:auto;font:1rem/1.6 "
        "sans-serif}abbr.gloss{text-decoration:underline dotted}\n",
    )
    data = {
        t.id: {
            "zh": t.zh,
            "en": t.en,
            "definition": t.definition,
            **({"see_also": [t.see_also]} if t.see_also in glossary else {}),
        }
        for t in corpus.glossary
    }
    write(root / "data/glossary.json", json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    write(root / "content/_index.md", f'---\ntitle: "Synthetic edition {corpus.title}"\n---\n')
    write(root / "content/texts/_index.md", '---\ntitle: "Texts"\n---\n')
    write(root / "content/glossary.md", '---\ntitle: "Glossary"\nlayout: glossary\n---\n')
    write(root / "content/search.md", '---\ntitle: "Search"\nlayout: search\n---\n')

    def term(index, surface):
        t = corpus.terms[index]
        return (
            f'{{{{< term "{t.id}" >}}}}{surface}{{{{< /term >}}}}' if t.id in glossary else surface
        )

    for text in corpus.texts:

        def link(slug, pid, label, here=text.slug):
            return f"[{label}](#{pid})" if slug == here else f"[{label}](../{slug}/#{pid})"

        body = []
        for p in text.passages:
            # Goldmark block attributes: the passage id and language on the line after each
            # paragraph.
            body.append(f'{spell(p.zh, term, link)}\n{{#{p.id} lang="zh-Hans"}}\n')
            body.append(f'{spell(p.en, term, link)}\n{{#{p.id}-en lang="en"}}\n')
        front = (
            f'---\ntitle: "第{text.number}篇 · Text {text.number}"\nweight: {text.number}\n---\n\n'
        )
        write(root / "content/texts" / f"{text.slug}.md", front + "\n".join(body))


def write_mkdocs(corpus: Corpus, root: Path) -> None:
    # As Material's docs set up a glossary: abbr + attr_list + snippets auto-appending one file of
    # *[term]: definition lines to every page; the built-in search plugin.
    write(
        root / "mkdocs.yml",
        (
            f'site_name: "Synthetic edition {corpus.title}"\n'
            'site_url: "https://example.org/bench/"\n'
            "theme:\n"
            "  name: material\n"
            "  language: zh\n"
            "  features: [content.tooltips]\n"
            "markdown_extensions:\n"
            "  - abbr\n"
            "  - attr_list\n"
            "  - pymdownx.snippets:\n"
            "      auto_append: [includes/glossary.md]\n"
            "plugins:\n"
            "  - search\n"
        ),
    )
    lines = []
    for t in corpus.glossary:
        for form in (t.zh, t.en, t.variant):
            if form:
                lines.append(f"*[{form}]: {t.zh} · {t.en}: {t.definition}")
    # A blank line after each definition: Python-Markdown's abbr processor rescans the rest of a
    # block
    # after each definition it takes out, so 700 consecutive lines cost ~0.7 s per page (85 s on
    # medium
    # instead of 5 s). The benchmark gives MkDocs its fast form.
    write(root / "includes/glossary.md", "\n\n".join(lines) + "\n")
    write(
        root / "docs/index.md",
        f"# Synthetic edition {corpus.title}\n\n"
        + "".join(f"- [Text {t.number}](texts/{t.slug}.md)\n" for t in corpus.texts),
    )
    for text in corpus.texts:

        def link(slug, pid, label, here=text.slug):
            return f"[{label}](#{pid})" if slug == here else f"[{label}]({slug}.md#{pid})"

        body = [f"# 第{text.number}篇 · Text {text.number}\n"]
        for p in text.passages:
            # attr_list on the paragraph's last line gives the passage id and language.
            body.append(f'{spell(p.zh, lambda i, s: s, link)}\n{{: #{p.id} lang="zh-Hans" }}\n')
            body.append(f'{spell(p.en, lambda i, s: s, link)}\n{{: #{p.id}-en lang="en" }}\n')
        write(root / "docs/texts" / f"{text.slug}.md", "\n".join(body))


def generate(name: str, work: Path) -> Path:
    """Write the three projects of one size; returns its folder."""
    corpus = make_corpus(name)
    folder = work / name
    for part in ("ours", "hugo", "mkdocs"):
        shutil.rmtree(folder / part, ignore_errors=True)
    write_ours(corpus, folder / "ours")
    write_hugo(corpus, folder / "hugo")
    write_mkdocs(corpus, folder / "mkdocs")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="small,medium,medium-g20,medium-g2000,large",
        help=f"comma-separated, from {', '.join(SIZES)}",
    )
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / "work")
    args = parser.parse_args()
    for name in args.sizes.split(","):
        if name not in SIZES:
            parser.error(f"unknown size '{name}' (known: {', '.join(SIZES)})")
        print(f"generated {generate(name, args.work)}")


if __name__ == "__main__":
    main()
