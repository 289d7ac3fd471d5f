"""Writing the site: every page and data file into a fresh folder, with its
search index, then swapped into place — so a failed build never leaves a broken site."""

from __future__ import annotations

import html
import itertools
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from .load import shown
from .model import Diagnostics, Edition, Location
from .render import Renderer
from .search import Indexer, glossary_terms, passage_texts, script_map

STATIC = Path(__file__).resolve().parent.parent / "static"


def base_path(base_url: str, site_url: str) -> str:
    """The absolute path the site is served under: --base-url, else site_url's path, else "/"."""
    path = base_url or (urlsplit(site_url).path if site_url else "/")
    if not path.startswith("/"):
        path = "/" + path
    return path if path.endswith("/") else path + "/"


def data_files(renderer: Renderer, mapping: dict[str, str]) -> Iterator[tuple[str, str]]:
    """The site's data files other than pages: (path, content), one at a time."""
    edition = renderer.edition
    yield "edition.json", edition_json(edition)
    yield "search/terms.json", glossary_terms(edition)
    # the search page folds a query's characters to one script with this, as the index was
    yield "search/scripts.json", json.dumps(mapping, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    yield ".nojekyll", ""
    for text in edition.texts:
        yield f"texts/{text.slug}/vocabulary.tsv", renderer.vocabulary_tsv(text)
    yield from passage_texts(edition)


def render_pages(renderer: Renderer) -> Iterator[tuple[str, str]]:
    """Every HTML page of the site: (path in the output folder, HTML), rendered one at a time so
    that a large edition never holds all its pages in memory."""
    yield "index.html", renderer.home_page()
    for index, text in enumerate(renderer.edition.texts):
        yield f"texts/{text.slug}/index.html", renderer.text_page(index)
        yield f"texts/{text.slug}/vocabulary/index.html", renderer.vocabulary_page(index)
    yield "glossary/index.html", renderer.glossary_page()
    yield "search/index.html", renderer.search_page()
    yield "404.html", renderer.not_found_page()


def edition_json(edition: Edition) -> str:
    """The whole edition as data (FORMAT.md: edition.json)."""
    occurrences: dict[str, list[dict[str, str]]] = {}
    for o in edition.occurrences:
        occurrences.setdefault(o.entry, []).append({"text": o.text, "passage": o.passage, "lang": o.lang})
    data = {
        "title": edition.config.title,
        "languages": [l.code for l in edition.config.languages],
        "texts": [
            {
                "slug": text.slug,
                "title": text.meta.title,
                "kind": text.meta.kind,
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
            for text in edition.texts
        ],
        "glossary": [
            {
                "id": entry.id,
                "zh": entry.zh,
                "pinyin": entry.pinyin,
                "en": entry.en,
                "occurrences": occurrences.get(entry.id, []),
            }
            for entry in edition.glossary
        ],
    }
    # Compact, as the other data files: Python's fast JSON encoder does not indent.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def sitemap(edition: Edition, pages: list[str]) -> str | None:
    site_url = edition.config.site_url
    if not site_url:
        return None
    urls = [site_url + path.removesuffix("index.html") for path in pages if path != "404.html"]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"<url><loc>{html.escape(url)}</loc></url>" for url in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def copy_static(target: Path) -> None:
    """Our stylesheet and scripts, minified: readable in the repository, small on the wire."""
    import rcssmin
    import rjsmin

    target.mkdir(parents=True)
    for source in sorted(STATIC.iterdir()):
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".css":
            text = rcssmin.cssmin(text)
        elif source.suffix == ".js":
            text = rjsmin.jsmin(text)
        (target / source.name).write_text(text, encoding="utf-8")


def write_site(edition: Edition, renderer: Renderer, out: Path, diagnostics: Diagnostics) -> None:
    """Write everything into a sibling folder; replace `out` only when all of it succeeded."""
    out = out.resolve()
    building = out.with_name(f".{out.name}.building")
    retired = out.with_name(f".{out.name}.previous")
    for leftover in (building, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    indexer = None
    try:
        building.mkdir(parents=True)
        mapping = script_map(edition)
        indexer = Indexer(edition, building / "pagefind", mapping)  # indexes while the pages are rendered
        pages = []
        for path, content in itertools.chain(render_pages(renderer), data_files(renderer, mapping)):
            target = building / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            if path.endswith(".html"):
                pages.append(path)
        copy_static(building / "static")
        map_xml = sitemap(edition, pages)
        if map_xml:
            (building / "sitemap.xml").write_text(map_xml, encoding="utf-8")
        indexer.finish(diagnostics)
        indexer = None
    except OSError as problem:
        diagnostics.error(Location(shown(out), 1), f"cannot write the site: {problem.strerror}")
    except BaseException:  # a bug or an interruption: leave nothing half-built behind
        shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        if indexer is not None:  # stopped by an error or an interruption
            indexer.cancel()
    if diagnostics.errors:
        shutil.rmtree(building, ignore_errors=True)
        return
    if out.exists():
        os.replace(out, retired)
    os.replace(building, out)
    shutil.rmtree(retired, ignore_errors=True)
