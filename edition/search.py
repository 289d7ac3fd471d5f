"""The search index: Pagefind over one small document per passage and language, and per glossary entry.

Pagefind segments Chinese when indexing, but the browser splits a Chinese query
differently (Intl.Segmenter), so a word found by one is often missed by the
other. Instead, every run of Han characters is indexed as overlapping bigrams
(双循环 → 双循 循环, plus the run's last character alone), and the search page
turns a query into bigrams the same way: matching no longer depends on where
anyone cuts words, in simplified or traditional script. English is indexed as
English, so Pagefind's stemming still matches inflected forms.

The documents are written to a scratch folder, never published: each carries
the passage's own text and address as Pagefind metadata, so a result shows the
real text and lands on the passage.

Filtering by text and language uses marker words in each document (`zztext2zz`,
`zzlangzhzz`) added to the query, rather than Pagefind's filters: Pagefind
writes its filter values in an arbitrary order, which would make two builds of
the same edition differ.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import shutil
import subprocess
import tempfile
from pathlib import Path

from .load import shown
from .markdown import plain_text
from .model import Diagnostics, Edition, Location
from .render import pick

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def han_bigrams(text: str) -> str:
    """Text with each run of Han characters replaced by its overlapping bigrams and its last character."""

    def bigrams(match: re.Match) -> str:
        run = match.group(0)
        if len(run) == 1:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + f" {run[-1]} "

    return HAN.sub(bigrams, text)


def text_marker(index: int | None) -> str:
    """The word that marks documents of the index-th text in reading order (None: the glossary)."""
    return "zzglossaryzz" if index is None else f"zztext{index}zz"


def language_marker(code: str) -> str:
    return "zzlang" + re.sub(r"[^a-z0-9]", "", code) + "zz"


def _document(body: str, meta: dict[str, str], markers: list[str]) -> str:
    # No <title>: Pagefind would index it, and a word of a text's title would find every passage.
    metas = "".join(f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>' for key, value in meta.items())
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>-</title></head><body>"
        f'<main data-pagefind-body><p>{html.escape(body)}</p><p>{" ".join(markers)}</p>'
        f'<div data-pagefind-ignore>{metas}</div></main></body></html>\n'
    )


def search_documents(edition: Edition) -> dict[str, str]:
    """Every search document by its file name in the scratch folder."""
    languages = {l.code: l for l in edition.config.languages}
    ui = tuple(languages)
    documents = {}
    for index, text in enumerate(edition.texts):
        title = pick(text.meta.short_title, ui[-1], ui)
        for passage in text.passages:
            for lang, block in passage.blocks.items():
                words = plain_text(block.tokens)
                notes = " ".join(plain_text(n.tokens) for n in block.notes)
                documents[f"{text.slug}/{passage.id}.{lang}.html"] = _document(
                    han_bigrams(f"{words} {notes}".strip()),
                    {
                        "heading": title,
                        "label": f"passage {passage.label} ({languages[lang].label})",
                        "target": f"texts/{text.slug}/#{passage.id}",
                        "lang": languages[lang].html,
                        "text": words,
                    },
                    [text_marker(index), language_marker(lang)],
                )
    for entry in edition.glossary:
        variants = " ".join(v for values in entry.variants.values() for v in values)
        words = f"{entry.zh} {entry.pinyin} {entry.en} {variants} {entry.definition}"
        documents[f"glossary/{entry.id}.html"] = _document(
            han_bigrams(words),
            {
                "heading": f"Glossary: {entry.zh} {entry.pinyin}",
                "label": entry.en,
                "target": f"glossary/#{entry.id}",
                "lang": "en",
                "text": " ".join(entry.definition.split()),
            },
            [text_marker(None)],
        )
    return documents


def pinyin_key(pinyin: str) -> str:
    """Pinyin without tones, spaces or case: shuāng xúnhuán, shuang1 xun2huan2 → shuangxunhuan.

    static/search.js normalises a query the same way.
    """
    plain = "".join(c for c in unicodedata.normalize("NFD", pinyin) if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", plain.lower().replace("v", "u"))


def glossary_terms(edition: Edition) -> str:
    """search/terms.json: what lets a pinyin or English query find the Chinese term's passages."""
    terms = []
    for entry in edition.glossary:
        english = [entry.en, *entry.variants.get("en", ())]
        chinese = [entry.zh, *entry.variants.get("zh", ())]
        terms.append({
            "id": entry.id,
            "zh": chinese,
            "pinyin": pinyin_key(entry.pinyin),
            "en": sorted({" ".join(form.lower().split()) for form in english}),
        })
    return json.dumps(terms, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def pagefind_executable() -> str:
    import pagefind_bin_extended

    return str(pagefind_bin_extended.get_executable())


def write_index(edition: Edition, bundle: Path, diagnostics: Diagnostics) -> None:
    """Write the Pagefind bundle into `bundle` (the site's pagefind/ folder)."""
    with tempfile.TemporaryDirectory(prefix="edition-search-") as scratch:
        for name, document in search_documents(edition).items():
            path = Path(scratch) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(document, encoding="utf-8")
        result = subprocess.run(
            [pagefind_executable(), "--site", scratch, "--output-path", str(bundle), "--force-language", "en", "--quiet"],
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        diagnostics.error(Location(shown(bundle), 1), f"Pagefind failed: {(result.stderr or result.stdout).strip()}")
