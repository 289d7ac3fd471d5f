"""The site's files, listed once: every page and data file with what makes it and what it
depends on. Writing a whole site, rewriting only what an edit changed (`serve`) and the sitemap
all read this one list, so a new kind of page is one more entry here and a template.

Every file depends on the edition's settings, the glossary, the texts' metadata and the
templates: a change to any of them rebuilds the whole site. `SiteFile.depends` says what else a
file is made from, as tags:

    PASSAGES         the passages of any text (the home page counts them, say)
    text_tag(slug)   the passages of one text
    citers_tag(slug) the passages elsewhere that cite one text ("cited in" on its page)
    SCRIPTS          the simplified/traditional folding table search uses
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from .datafiles import edition_json, scripts_json
from .dictionary import has_chinese
from .model import Text
from .render import Renderer
from .search import glossary_terms, passage_text

PASSAGES = "passages"
SCRIPTS = "scripts"


def text_tag(slug: str) -> str:
    return f"text:{slug}"


def citers_tag(slug: str) -> str:
    return f"citers:{slug}"


@dataclass(frozen=True)
class SiteFile:
    path: str
    """Where it goes in the output folder."""
    make: Callable[[], str | Iterable[str]]
    """Its content, whole or in pieces (a large edition's glossary page is written as made)."""
    depends: frozenset[str] = field(default=frozenset())
    """What it is made from besides what every file is made from (see the module's notes)."""

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".html")


def site_files(renderer: Renderer, mapping: dict[str, str]) -> Iterator[SiteFile]:
    """Every file of the site, pages first, in the order they are written."""
    edition = renderer.edition
    yield SiteFile("index.html", renderer.home_page, frozenset({PASSAGES}))
    for index, text in enumerate(edition.texts):
        yield SiteFile(
            f"texts/{text.slug}/index.html",
            partial(renderer.text_page, index),
            frozenset({text_tag(text.slug), citers_tag(text.slug)}),
        )
        yield SiteFile(
            f"texts/{text.slug}/vocabulary/index.html",
            partial(renderer.vocabulary_page, index),
            frozenset({text_tag(text.slug)}),
        )
        if has_chinese(text):
            # the words a text's Chinese uses, fetched by its page at the first lookup or pinyin
            yield SiteFile(
                f"texts/{text.slug}/words.json",
                partial(renderer.words_json, text),
                frozenset({text_tag(text.slug)}),
            )
        # the text's last file made from its vocabulary and words, which can then be let go
        yield SiteFile(
            f"texts/{text.slug}/vocabulary.tsv",
            partial(_vocabulary_tsv, renderer, text),
            frozenset({text_tag(text.slug)}),
        )
    yield SiteFile("glossary/index.html", renderer.glossary_page, frozenset({PASSAGES}))
    yield SiteFile("search/index.html", renderer.search_page)
    yield SiteFile("404.html", renderer.not_found_page)
    yield SiteFile(
        "edition.json", partial(edition_json, edition, renderer.cache), frozenset({PASSAGES})
    )
    yield SiteFile("search/terms.json", partial(glossary_terms, edition))
    # the search page folds a query's characters to one script with this, as the index was
    yield SiteFile("search/scripts.json", partial(scripts_json, mapping), frozenset({SCRIPTS}))
    yield SiteFile(".nojekyll", str)
    for text in edition.texts:
        # a text's passages' own words, fetched by the search page for the texts a search hits
        yield SiteFile(
            f"search/passages/{text.slug}.json",
            partial(passage_text, edition, text),
            frozenset({text_tag(text.slug)}),
        )


def _vocabulary_tsv(renderer: Renderer, text: Text) -> str:
    tsv = renderer.vocabulary_tsv(text)
    renderer.forget_vocabulary(text)
    return tsv


def changed_tags(
    renderer: Renderer,
    previous: Renderer,
    mapping: dict[str, str],
    previous_mapping: dict[str, str],
) -> frozenset[str]:
    """What an edit of passages only (settings, glossary, metadata and templates as they were)
    changed, as the tags of `SiteFile.depends`."""
    before = {text.slug: text for text in previous.edition.texts}
    tags = {PASSAGES}
    for text in renderer.edition.texts:
        if text != before[text.slug]:
            tags.add(text_tag(text.slug))
        if renderer.cited_in_text(text.slug) != previous.cited_in_text(text.slug):
            tags.add(citers_tag(text.slug))
    if mapping != previous_mapping:
        tags.add(SCRIPTS)
    return frozenset(tags)
