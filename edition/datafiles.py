"""The site's data files: edition.json (the whole edition as data, docs/format.md), the
search page's folding table and sitemap.xml."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import Any

from .cache import RenderCache
from .model import Edition, Occurrence, Text, language_code


def scripts_json(mapping: dict[str, str]) -> str:
    return json.dumps(mapping, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def edition_json(edition: Edition, cache: RenderCache | None = None) -> Iterator[str]:
    """The whole edition as data (docs/format.md: edition.json), compact, in pieces. Each text's
    part is kept in `cache`, when it outlives the build, for the next build of `serve`."""
    by_text: dict[str, list[Occurrence]] = {}
    for o in edition.occurrences:
        by_text.setdefault(o.text, []).append(o)

    def make(text: Text) -> tuple[str, dict[str, str]]:
        where: dict[str, list[str]] = {}
        codes = [language_code(stem) for stem in text.languages]
        # What compact_json() of each occurrence would write, its strings encoded once a text.
        slug = '{"text":' + quoted(text.slug) + ',"passage":'
        passages = {p.id: slug + quoted(p.id) + ',"lang":' for p in text.passages}
        langs = {}
        for stem in text.languages:
            code = language_code(stem)
            # which of the language's versions, when the text has several
            version = ',"version":' + quoted(stem) if codes.count(code) > 1 else ""
            langs[stem] = quoted(code) + version + "}"
        for o in by_text.get(text.slug, ()):
            where.setdefault(o.entry, []).append(passages[o.passage] + langs[o.lang])
        return compact_json(text_data(text)), {
            entry: ",".join(items) for entry, items in where.items()
        }

    def part(text: Text) -> tuple[str, dict[str, str]]:
        return (
            cache.edition_json.get(text, make) if cache is not None and cache.keep else make(text)
        )

    # What compact_json() of the whole would write, piece by piece.
    head = {"title": edition.config.title, "languages": [l.code for l in edition.config.languages]}
    yield compact_json(head)[:-1] + ',"texts":['
    used: dict[str, list[str]] = {}
    for index, text in enumerate(edition.texts):
        data, occurrences = part(text)
        yield ("," if index else "") + data
        for entry_id, items in occurrences.items():
            used.setdefault(entry_id, []).append(items)
    yield '],"glossary":['
    for index, entry in enumerate(edition.glossary):
        # The headword under `zh` whatever the source's code, then the rendering of each language.
        head = {"id": entry.id, "zh": entry.zh, "pinyin": entry.pinyin}
        fields = compact_json({**head, **(entry.renderings or {"en": entry.en})})[:-1]
        yield (
            ("," if index else "")
            + fields
            + ',"occurrences":['
            + ",".join(used.get(entry.id, ()))
            + "]}"
        )
    yield "]}\n"


def text_data(text: Text) -> dict:
    versions = {
        stem: {
            "label": v.label,
            "translator": v.translator,
            "note": v.note,
            "partial": v.partial,
            "default": stem in text.defaults,
        }
        for stem, v in text.meta.versions.items()
    }
    return {
        "slug": text.slug,
        "title": text.meta.title,
        "kind": text.meta.kind,
        **({"versions": versions} if versions else {}),
        "passages": [
            {
                "id": passage.id,
                "kind": passage.kind,
                "label": passage.label,
                "text": {lang: block.text for lang, block in passage.blocks.items()},
                "notes": {
                    lang: [note.text for note in block.notes]
                    for lang, block in passage.blocks.items()
                    if block.notes
                },
            }
            for passage in text.passages
        ],
    }


def quoted(value: str) -> str:
    """A string as compact_json() writes it."""
    return encode_basestring(value)


def compact_json(data: Any) -> str:
    # Compact, as the other data files: Python's fast JSON encoder does not indent.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def sitemap(edition: Edition, pages: list[str]) -> str | None:
    site_url = edition.config.site_url
    if not site_url:
        return None
    urls = [site_url + path.removesuffix("index.html") for path in pages if path != "404.html"]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"<url><loc>{html.escape(url)}</loc></url>" for url in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
