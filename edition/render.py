"""Rendering: the rules that write a passage's Markdown tokens as HTML (run once, when its
file is loaded), and one Jinja context per page.

Every internal link is relative to the page it is on (`root` is the way back
to the site's top, such as "../../"), so the site works at / and under any
sub-path without knowing it.
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup, escape

from .cache import RenderCache
from .dictionary import frequent_words, has_chinese, hsk_label, hsk_level, text_words, words_json
from .localize import format_date, iso_date, pick, script_words, translations
from .markdown import plain_text
from .model import (
    Edition,
    Entry,
    Language,
    Localized,
    Occurrence,
    Passage,
    PassageLink,
    Text,
    language_code,
)
from .scripts import is_cjk
from .search import edition_versions, language_marker, text_marker, version_marker
from .sentences import render_sentence_close, render_sentence_open, shown_html

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

KWIC_LIMIT = 60
"""Occurrences listed in context per entry at most; beyond that, a search finds the rest."""
KWIC_PAGE_LINES = 6000
"""Lines of context on the whole glossary page: a large glossary lists fewer per entry (never
fewer than KWIC_FLOOR), so that the page stays a few megabytes a phone can open."""
KWIC_FLOOR = 5


def kwic_limit(entries: int) -> int:
    """Occurrences listed in context per entry, for a glossary of this many entries."""
    return max(KWIC_FLOOR, min(KWIC_LIMIT, KWIC_PAGE_LINES // max(entries, 1)))


BARS_LIMIT = 8
"""Texts shown in an entry's bar chart."""


def sort_key_pinyin(entry: Entry) -> tuple:
    """Dictionary order: syllable by syllable, each by its letters and then its tone
    (产 chǎn before 常 cháng, as chan comes before chang)."""
    return (_syllables(entry.zh), entry.id)


@functools.lru_cache(maxsize=65536)
def _syllables(headword: str) -> tuple:
    # Imported here: pypinyin's dictionaries take a tenth of a second to load, which a build
    # spends while Pagefind indexes rather than before.
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(
        headword, style=Style.TONE3, neutral_tone_with_five=True, errors="default"
    )
    return tuple((s.rstrip("12345").lower(), s[-1] if s[-1:].isdigit() else "0") for s in syllables)


def initial_letter(entry: Entry) -> str:
    """The letter an entry is filed under: from the same reading it is sorted by."""
    syllables = sort_key_pinyin(entry)[0]
    first = syllables[0][0][:1] if syllables else ""
    return first.upper() if first.isascii() and first.isalpha() else "#"


# --- Markdown tokens to HTML ----------------------------------------------------------------


def _render_glossed(self, tokens, idx, options, env) -> str:
    """A run of text with its glossary terms: the marked ones link to their entry."""
    token = tokens[idx]
    text, pieces, position = token.content, [], 0
    for start, end, entry, marked in token.meta["matches"]:
        pieces.append(escapeHtml(text[position:start]))
        surface = escapeHtml(text[start:end])
        if marked:
            pieces.append(
                f'<a class="gloss" data-term="{entry}" '
                f'href="{env["root"]}glossary/#{entry}">{surface}</a>'
            )
        else:
            pieces.append(f'<span class="term" data-term="{entry}">{surface}</span>')
        position = end
    pieces.append(escapeHtml(text[position:]))
    return "".join(pieces)


def _render_link_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    target = token.meta.get("target")
    if isinstance(target, PassageLink):
        slug, start, end = target.slug, target.start, target.end
        moved = env["moved"].get(slug, {})
        start, end = (
            moved.get(start, start),
            moved.get(end, end),
        )  # retired ids land on their successors
        fragment = start if start == end else f"{start}..{end}"
        # A link into a version the page does not show unless asked asks for it (?show=).
        show = env.get("shows", {}).get(slug, {}).get(target.lang, "")
        if slug == env.get("slug") and start and not show:
            href = f"#{fragment}"
        else:
            query = f"?show={show}" if show else ""
            href = f"{env['root']}texts/{slug}/{query}" + (f"#{fragment}" if start else "")
        data = f' data-xref="{slug}#{start}"' if start else ""
        data += f' data-show="{show}"' if show and start else ""
        return f'<a class="xref" href="{escape(href)}"{data}>'
    return f'<a href="{escape(str(token.attrGet("href") or ""))}">'


def _render_footnote_ref(self, tokens, idx, options, env) -> str:
    # The number is drawn by CSS from data-note, so the passage's text content stays its own text.
    number = tokens[idx].meta.get("number", "")  # none for a note inside a note, which is an error
    lang = env["lang"]
    return (
        f'<sup class="note-ref"><a href="#note_{lang}_{number}" data-note="{number}" '
        f'aria-label="note {number}"></a></sup>'
    )


def make_renderer(md: MarkdownIt) -> MarkdownIt:
    """Install the project's render rules on a markdown-it instance."""
    md.add_render_rule("glossed", _render_glossed)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.add_render_rule("footnote_anchor", lambda *args: "")
    md.add_render_rule("sentence_open", render_sentence_open)
    md.add_render_rule("sentence_close", render_sentence_close)
    md.add_render_rule("sentence_mark", lambda *args: "")
    return md


# --- Page contexts -----------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """What every page needs to know about the edition."""

    edition: Edition
    prose: MarkdownIt
    """Markdown for editor's prose outside passages (descriptions, notes, definitions)."""
    base_url: str
    """The absolute path the site is served under ("/" or "/repo/"), for 404.html only."""


class Environment(jinja2.Environment):
    """Jinja, with `row.key` looked up as a key first when `row` is a dict: every page context
    is made of dicts, and Jinja's own order (attribute first, then key) raises and catches an
    AttributeError for each such lookup, which is most of a large page's rendering time."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def make_environment() -> Environment:
    """The site's templates: autoescaped, strict about undefined names."""
    environment = Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["date"] = _date
    environment.filters["isodate"] = iso_date
    environment.add_extension("jinja2.ext.i18n")
    return environment


@jinja2.pass_context
def _date(context: Any, value: Any) -> str:
    """A date as the page's interface language writes it."""
    return format_date(value, context.get("interface", "en"))


FREQUENT_WORDS = 40
"""How many of a text's most frequent words besides its glossary terms its vocabulary lists."""


class Renderer:
    """Builds the Jinja context of each page and renders it."""

    def __init__(self, site: Site, cache: RenderCache | None = None) -> None:
        self.site = site
        self.cache = RenderCache() if cache is None else cache
        """What this build may reuse of the last one's work (serve keeps it between builds)."""
        self.edition = site.edition
        self.languages = {l.code: l for l in self.edition.config.languages}
        self.order = tuple(self.languages)
        self.ui = self.edition.config.ui_language
        self.interface = self.edition.config.interface
        self.translations = translations(self.interface)
        self._ = self.translations.gettext
        """The site's own words in the interface language (English: the words as written)."""
        if self.cache.jinja is None:  # compiled once; Jinja reloads a template that has changed
            self.cache.jinja = make_environment()
        self.environment = self.cache.jinja
        self.environment.install_gettext_translations(self.translations, newstyle=True)
        self._vocabularies: dict[str, list[dict[str, Any]]] = {}
        self._words: dict[str, dict[str, list]] = {}

    # What the pages look things up by, each made when first needed.

    @functools.cached_property
    def entries(self) -> dict[str, Entry]:
        return {e.id: e for e in self.edition.glossary}

    @functools.cached_property
    def passages(self) -> dict[tuple[str, str], tuple[Text, Passage]]:
        return {(t.slug, p.id): (t, p) for t in self.edition.texts for p in t.passages}

    @functools.cached_property
    def texts_by_slug(self) -> dict[str, Text]:
        return {t.slug: t for t in self.edition.texts}

    @functools.cached_property
    def occurrences_by_passage(self) -> dict[tuple[str, str], list[Occurrence]]:
        found: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
        for o in self.edition.occurrences:
            found[(o.text, o.passage)].append(o)
        return found

    @functools.cached_property
    def occurrences_by_text(self) -> dict[str, list[Occurrence]]:
        found: dict[str, list[Occurrence]] = defaultdict(list)
        for o in self.edition.occurrences:
            found[o.text].append(o)
        return found

    @functools.cached_property
    def cited_in(self) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
        """(text, passage) → the passages of other texts that cite it: (slug, id, label)."""
        cited: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
        places = {t.slug: {p.id: i for i, p in enumerate(t.passages)} for t in self.edition.texts}
        for ref in self.edition.cross_references:
            if not ref.target_start or ref.source_text == ref.target_text:
                continue
            place = places[ref.target_text]
            first, last = place[ref.target_start], place[ref.target_end]
            for target in self.texts_by_slug[ref.target_text].passages[first : last + 1]:
                label = self.passages[(ref.source_text, ref.source_passage)][1].label
                item = (ref.source_text, ref.source_passage, label)
                if item not in cited[(ref.target_text, target.id)]:
                    cited[(ref.target_text, target.id)].append(item)
        return cited

    @functools.cached_property
    def _cited_by_text(self) -> dict[str, dict[str, list[tuple[str, str, str]]]]:
        by_text: dict[str, dict[str, list[tuple[str, str, str]]]] = defaultdict(dict)
        for (target, pid), items in self.cited_in.items():
            by_text[target][pid] = items
        return by_text

    def cited_in_text(self, slug: str) -> dict[str, list[tuple[str, str, str]]]:
        """The passages citing each passage of one text, as its page lists them."""
        return self._cited_by_text.get(slug, {})

    def t(self, value: Localized, lang: str | None = None) -> str:
        return pick(value, lang or self.ui, self.order)

    def prose(self, source: str) -> Markup:
        """An editor's Markdown outside passages, rendered once however many pages show it."""
        known = self.cache.prose
        if source not in known:
            known[source] = Markup(self.site.prose.render(source).strip()) if source else Markup("")
        return known[source]

    def definition_text(self, entry: Entry) -> str:
        known = self.cache.definitions
        if entry.id not in known:
            known[entry.id] = plain_text(self.site.prose.parse(entry.definition))
        return known[entry.id]

    def common(self, root: str, page: str, title: str) -> dict[str, Any]:
        config = self.edition.config
        return {
            "root": root,
            "home": root or "./",
            "page": page,
            "page_title": title,
            "edition_title": self.t(config.title),
            "edition_title_source": pick(config.title, config.source_language),
            "ui_lang": config.interface_tag,
            "interface": self.interface,
            "interface_words": script_words(self.interface),
            "languages": config.languages,
            "texts": [(t.slug, self.t(t.meta.title)) for t in self.edition.texts],
            "site_url": config.site_url,
            "canonical": config.site_url + page if config.site_url else "",
            "description": "",
            "license": config.license,
            "editor": config.editor,
            "has_words": False,
            "headword_lang": self.languages[config.source_language].html
            if config.source_language in self.languages
            else self.languages[self.ui].html,
        }

    def render(self, template: str, context: dict[str, Any]) -> str:
        return self.environment.get_template(template).render(context)

    # The home page

    def home_page(self) -> str:
        config = self.edition.config
        texts = []
        for text in self.edition.texts:
            texts.append(self.text_summary(text))
        context = self.common("", "", self.t(config.title))
        context.update(
            titles=[
                (html_lang, title)
                for _, html_lang, title in self.distinct(config.title, config.source_language)
            ],
            introduction=self.prose(self.t(config.description)),
            text_list=texts,
            glossary_size=len(self.edition.glossary),
            description=plain_description(self.t(config.description)),
        )
        return self.render("index.html", context)

    def short(self, text: Text) -> str:
        return self.t(text.meta.short_title)

    def citation(self, text: Text) -> str:
        """How a passage of this text is cited, before its label and address."""
        meta, _ = text.meta, self._
        titles = [title for _code, _html, title in self.titles(text)]
        title = _("“%(title)s”") % {"title": titles[0]}
        if len(titles) > 1:
            title = _("%(title)s (%(other)s)") % {"title": title, "other": titles[1]}
        publication = self.t(meta.publication)
        parts = [
            self.t(meta.author),
            title,
            # TRANSLATORS: a newspaper or journal in a citation (《光明日报》 in Chinese).
            _("%(publication)s") % {"publication": publication} if publication else "",
            format_date(meta.published, self.interface, time=False),
        ]
        return _(", ").join(part for part in parts if part)

    def text_summary(self, text: Text) -> dict[str, Any]:
        meta = text.meta
        return {
            "slug": text.slug,
            "titles": self.titles(text),
            "author": self.t(meta.author),
            "publication": self.t(meta.publication),
            "published": meta.published,
            "kind": meta.kind,
            "passages": len(text.passages),
            "language_labels": [self.languages[c].label for c in self.text_language_codes(text)],
            "citation": self.citation(text),
        }

    def titles(self, text: Text) -> list[tuple[str, str, str]]:
        """(code, html tag, title) for each language the title is given in, main language first."""
        return self.distinct(text.meta.title, text.main_language, text)

    def distinct(
        self, value: Localized, first: str, text: Text | None = None
    ) -> list[tuple[str, str, str]]:
        """(code, html tag, string) for each different string of a localized value, `first` first
        (tagged as `text` tags its languages, when it is a text's)."""
        result, seen = [], set()
        for code in (first,) + tuple(c for c in self.order if c != first):
            if code in value and value[code] not in seen:
                seen.add(value[code])
                html = self.language_of(text, code).html if text else self.languages[code].html
                result.append((code, html, value[code]))
        return result

    def language_of(self, text: Text, code: str) -> Language:
        """A language as one text has it: its own tag or label (text.yaml `languages`) if any.
        `code` may name a version (`en.revised`): its language is meant."""
        code = language_code(code)
        return text.meta.languages.get(code) or self.languages[code]

    def text_language_codes(self, text: Text) -> list[str]:
        """The languages of a text's renderings, each once, in display order."""
        return list(dict.fromkeys(language_code(stem) for stem in text.languages))

    def has_versions(self, text: Text, stem: str) -> bool:
        """Whether the text has another rendering in the language of `stem`."""
        code = language_code(stem)
        return sum(1 for s in text.languages if language_code(s) == code) > 1

    def version_label(self, text: Text, stem: str) -> str:
        """What the reader calls a rendering: its version's label, else its language's."""
        version = text.meta.versions.get(stem)
        if version is not None and version.label:
            return self.t(version.label)
        return self.language_of(text, stem).label

    def translator(self, text: Text, stem: str) -> str:
        """Who made a rendering, as text.yaml `versions` says ("" when it does not)."""
        version = text.meta.versions.get(stem)
        return self.t(version.translator) if version is not None else ""

    def show_query(self, text: Text, stem: str) -> str:
        """What an address to a passage in `stem` adds so that the page shows that rendering:
        "?show=zh,en" for a version not shown by default, else ""."""
        if stem in text.defaults or not text.defaults:
            return ""
        return f"?show={text.main_language},{stem}"

    def cite_as(self, text: Text) -> str:
        """How a passage is cited as the page first shows it: with the translators of the
        renderings shown by default, when the text has several translations into a language."""
        citation = self.citation(text)
        if not self.versions_context(text):
            return citation
        names = dict.fromkeys(self.translator(text, stem) for stem in text.defaults)
        credit = "; ".join(name for name in names if name)
        if not credit:
            return citation
        credit = self._("translated by %(translators)s") % {"translators": credit}
        return self._("%(citation)s, %(credit)s") % {"citation": citation, "credit": credit}

    def versions_context(self, text: Text) -> list[dict[str, Any]]:
        """The version picker's choices: every rendering, with its label, translator and note,
        and whether the page shows it by default."""
        if len(text.languages) == len(self.text_language_codes(text)):
            return []  # one rendering per language: nothing to choose between
        return [
            {
                "stem": stem,
                "label": self.version_label(text, stem),
                "language": self.language_of(text, stem).label,
                "translator": self.translator(text, stem),
                "note": self.prose(text.meta.versions[stem].note)
                if stem in text.meta.versions
                else "",
                "default": stem in text.defaults,
                "main": stem == text.main_language,
            }
            for stem in text.languages
        ]

    # A text's reading page

    def text_page(self, index: int) -> str:
        text = self.edition.texts[index]
        root = "../../"
        context = self.common(root, f"texts/{text.slug}/", self.t(text.meta.title))
        used_entries: dict[str, Entry] = {}
        versions = self.versions_context(text)
        passages = self.passages_html(text, root, context["ui_lang"], bool(versions), used_entries)
        contents = [
            # The heading's own words: its margin label (§2) would repeat its number (二).
            {"id": p.id, "text": p.blocks[text.main_language].text}
            for p in text.passages
            if p.kind == "heading"
        ]
        previous_text = self.edition.texts[index - 1] if index > 0 else None
        next_text = self.edition.texts[index + 1] if index + 1 < len(self.edition.texts) else None
        context.update(
            text=self.text_summary(text),
            meta=text.meta,
            original_url=text.meta.original_url,
            notes=self.prose(text.meta.notes),
            passages_html=passages,
            contents=contents,
            text_languages=[self.language_of(text, c) for c in self.text_language_codes(text)],
            versions=versions,
            cite_as=self.cite_as(text),
            main_language=text.main_language,
            previous=(previous_text.slug, self.t(previous_text.meta.title))
            if previous_text
            else None,
            next=(next_text.slug, self.t(next_text.meta.title)) if next_text else None,
            glossary_data=self.glossary_data(used_entries),
            vocabulary_size=len(self.vocabulary(text)),
            has_words=has_chinese(text),
            description=plain_description(text.meta.notes) or self.t(text.meta.title),
        )
        return self.render("text.html", context)

    def passages_html(
        self,
        text: Text,
        root: str,
        ui_lang: str,
        has_versions: bool,
        used_entries: dict[str, Entry],
    ) -> Markup:
        """Every passage of a text's page, as FORMAT.md describes their markup. Written here
        rather than in text.html: a template's loop costs a text of ten thousand passages more
        than the rest of its page. `has_versions`: whether the page has a version picker (its
        default renderings are marked); `used_entries` gathers the glossary entries used."""
        untranslated = escape(self._("(This passage is not translated yet.)"))
        languages = [
            (
                code,
                escape(language_code(code)),
                escape(code),
                escape(self.language_of(text, code).html),
                " data-default" if has_versions and code in text.defaults else "",
            )
            for code in text.languages
        ]
        ui = escape(ui_lang)
        pieces: list[str] = []
        add = pieces.append
        for passage in text.passages:
            pid, label = escape(passage.id), escape(passage.label)
            add(
                f'<section class="passage passage-{escape(passage.kind)}" id="{pid}" '
                f'data-passage data-label="{label}">\n'
            )
            for old in passage.moved_here:
                old_id = escape(old)
                add(f'  <span class="moved-anchor" id="{old_id}" data-moved-to="{pid}"></span>\n')
            link = self._format(self._("Passage %(label)s: link"), label=passage.label)
            add(f'  <a class="passage-label" href="#{pid}" aria-label="{link}">{label}</a>\n')
            add('  <div class="renderings">\n')
            notes = []
            for code, short_code, version, html_lang, default in languages:
                block = passage.blocks.get(code)
                if block is None:
                    add(
                        f'    <div class="rendering untranslated" lang="{ui}"'
                        f' data-lang="{short_code}" data-version="{version}"{default}'
                        f" data-untranslated>{untranslated}</div>\n"
                    )
                    continue
                add(
                    f'    <div class="rendering" lang="{html_lang}" data-lang="{short_code}"'
                    f' data-version="{version}"{default}>{shown_html(block)}</div>\n'
                )
                # A note shows with its rendering (edition.css, then versions.js).
                for note in block.notes:
                    notes.append(
                        f'      <li id="note_{version}_{note.number}" lang="{html_lang}"'
                        f' value="{note.number}"{default}>{note.html}</li>\n'
                    )
            add("  </div>\n")
            if notes:
                aside = self._format(self._("Notes to passage %(label)s"), label=passage.label)
                add(f'  <aside class="notes" aria-label="{aside}">\n    <ol>\n')
                pieces.extend(notes)
                add("    </ol>\n  </aside>\n")
            cited = self.cited_in.get((text.slug, passage.id), ())
            if cited:
                places = Markup(escape(self._("; "))).join(
                    Markup('<a href="{}">{}</a>').format(
                        f"{root}texts/{slug}/#{pid_}",
                        self._format(
                            self._("%(title)s, passage %(label)s"),
                            title=self.short(self.text_by_slug(slug)),
                            label=label_,
                        ),
                    )
                    for slug, pid_, label_ in cited
                )
                cited_in = self._format(self._("Cited in %(places)s"), places=places)
                add(f'  <p class="cited-in">{cited_in}</p>\n')
            add("</section>\n")
            for occurrence in self.occurrences_by_passage.get((text.slug, passage.id), ()):
                used_entries[occurrence.entry] = self.entries[occurrence.entry]
        return Markup("".join(pieces))

    @staticmethod
    def _format(message: str, **values: Any) -> Markup:
        """A translated message with values put in, escaped, as a template's _() does."""
        return Markup(message) % values

    def text_by_slug(self, slug: str) -> Text:
        return self.texts_by_slug[slug]

    def glossary_data(self, entries: dict[str, Entry]) -> str:
        """The gloss cards' content for one page, as JSON for a data block (never inlined in
        passages)."""
        data = {
            entry.id: {
                "zh": entry.zh,
                "pinyin": entry.pinyin,
                "en": entry.en,
                "definition": str(self.prose(entry.definition)),
            }
            for entry in sorted(entries.values(), key=lambda e: e.id)
        }
        # Escaped, no field can end the data block or open a comment in it; JSON keeps its meaning.
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")

    # A text's vocabulary list

    def forget_vocabulary(self, text: Text) -> None:
        """Drop a text's vocabulary and words once its files are made: kept for every text until
        the end, a large edition's would take hundreds of megabytes."""
        self._vocabularies.pop(text.slug, None)
        self._words.pop(text.slug, None)

    def vocabulary(self, text: Text) -> list[dict[str, Any]]:
        """The entries a text uses, in the order it first uses them, with counts per language."""
        if text.slug not in self._vocabularies:
            self._vocabularies[text.slug] = self._vocabulary(text)
        return self._vocabularies[text.slug]

    def _vocabulary(self, text: Text) -> list[dict[str, Any]]:
        rows: dict[str, dict[str, Any]] = {}
        order = {p.id: i for i, p in enumerate(text.passages)}
        languages = {
            code: i
            for i, code in enumerate(sorted(text.languages, key=lambda c: c != text.main_language))
        }  # renderings: a language's versions each have their column
        occurrences = sorted(
            self.occurrences_by_text.get(text.slug, ()),
            key=lambda o: (order[o.passage], languages[o.lang]),
        )
        for o in occurrences:
            row = rows.get(o.entry)
            if row is None:
                entry = self.entries[o.entry]
                passage = text.passages[order[o.passage]]
                row = rows[o.entry] = {
                    "entry": entry,
                    "counts": {code: 0 for code in text.languages},
                    "first": passage,
                    "definition": self.definition_text(entry),
                }
            row["counts"][o.lang] += 1
        return list(rows.values())

    def words(self, text: Text) -> dict[str, list]:
        """The words of a text's Chinese (edition/dictionary.py), found once for its pages."""
        if text.slug not in self._words:
            self._words[text.slug] = text_words(text)
        return self._words[text.slug]

    def words_json(self, text: Text) -> str:
        return words_json(self.words(text), self.entries)

    def vocabulary_page(self, index: int) -> str:
        text = self.edition.texts[index]
        root = "../../../"
        title = self.t(text.meta.title)
        page_title = self._("Vocabulary: %(title)s") % {"title": title}
        context = self.common(root, f"texts/{text.slug}/vocabulary/", page_title)
        # An entry's term, pinyin and rendering read the same in every text's list: made once.
        cells = self.cache.vocabulary_cells
        rows = []
        for row in self.vocabulary(text):
            entry = row["entry"]
            if entry.id not in cells:
                cells[entry.id] = Markup(
                    f'      <td lang="{escape(context["headword_lang"])}"><a '
                    f'href="{root}glossary/#{escape(entry.id)}">{escape(entry.zh)}</a></td>\n'
                    f"      <td>{escape(entry.pinyin)}</td>\n"
                    f'      <td lang="en">{escape(entry.en)}</td>\n'
                    f'      <td class="count">{hsk_label(hsk_level(entry.zh))}</td>'
                )
            rows.append({**row, "cells": cells[entry.id]})
        context.update(
            text=self.text_summary(text),
            rows=rows,
            frequent=frequent_words(self.words(text), FREQUENT_WORDS),
            has_words=has_chinese(text),
            columns=[
                {
                    "stem": stem,
                    "label": self.language_of(text, stem).label
                    + (
                        f": {self.version_label(text, stem)}"
                        if self.has_versions(text, stem)
                        else ""
                    ),
                }
                for stem in text.languages
            ],
            description=self._(
                "The glossary terms of %(title)s, in the order the text first uses them."
            )
            % {"title": title},
        )
        return self.render("vocabulary.html", context)

    def vocabulary_tsv(self, text: Text) -> str:
        """Flash cards for Anki and the like: one tab-separated line per entry, with Anki's header
        lines."""
        base = self.edition.config.site_url
        lines = [
            "#separator:tab",
            "#html:false",
            "#columns:Headword\tPinyin\tRendering\tDefinition\tFirst passage\tHSK",
        ]
        for row in self.vocabulary(text):
            entry = row["entry"]
            link = f"{base}texts/{text.slug}/#{row['first'].id}"
            level = hsk_label(hsk_level(entry.zh))
            fields = [entry.zh, entry.pinyin, entry.en, row["definition"], link, level]
            lines.append("\t".join(" ".join(field.split()) for field in fields))
        return "\n".join(lines) + "\n"

    # The glossary page

    def glossary_page(self) -> Iterator[str]:
        root = "../"
        context = self.common(root, "glossary/", self._("Glossary"))
        by_entry: dict[str, list[Occurrence]] = defaultdict(list)
        for o in self.edition.occurrences:
            by_entry[o.entry].append(o)
        ordered = sorted(self.edition.glossary, key=sort_key_pinyin)
        filed = [initial_letter(entry) for entry in ordered]
        letters = [letter for i, letter in enumerate(filed) if i == 0 or filed[i - 1] != letter]
        english = sorted(
            (
                (form, entry.id)
                for entry in self.edition.glossary
                for form in [entry.en, *entry.variants.get("en", ())]
            ),
            key=lambda item: (item[0].lower(), item[1]),
        )
        sections = self.entry_sections(
            ordered, filed, by_entry, context["headword_lang"], root, kwic_limit(len(ordered))
        )
        description = self._("%(n)s terms of %(title)s, with every occurrence in context.")
        description %= {"n": len(ordered), "title": context["edition_title"]}
        context.update(
            entries=sections, letters=letters, english_index=english, description=description
        )
        # In pieces, each entry made as the page is written: on a large edition the page is tens
        # of megabytes.
        return self.environment.get_template("glossary.html").generate(context)

    def entry_sections(
        self,
        ordered: list[Entry],
        filed: list[str],
        by_entry: dict[str, list[Occurrence]],
        headword_lang: str,
        root: str,
        limit: int,
    ) -> Iterator[Markup]:
        """Each entry's section of the glossary page, in dictionary order; kept for the next build
        of `serve`, which makes only those of entries whose occurrences changed."""
        used = set()
        for index, entry in enumerate(ordered):
            first_of_letter = filed[index] if index == 0 or filed[index - 1] != filed[index] else ""
            occurrences = by_entry.get(entry.id, [])
            shown = occurrences[:limit]
            counts = Counter(o.text for o in occurrences)
            # What the entry's section shows: the same occurrences, in the very same texts
            # (a text is made anew when one of its files changes), make the same HTML.
            key = (
                self.interface,
                entry.id,
                first_of_letter,
                tuple(shown),
                tuple(sorted(counts.items())),
                len(occurrences),
            )
            sources = tuple(
                self.text_by_slug(slug) for slug in dict.fromkeys(o.text for o in shown)
            )
            known = self.cache.entry_sections.get(key)
            if (
                known is None
                or len(known[0]) != len(sources)
                or any(a is not b for a, b in zip(known[0], sources, strict=True))
            ):
                known = (
                    sources,
                    Markup(
                        self.render(
                            "glossary-entry.html",
                            {
                                "headword_lang": headword_lang,
                                "e": {
                                    "id": entry.id,
                                    "letter_anchor": first_of_letter,
                                    "zh": entry.zh,
                                    "pinyin": entry.pinyin,
                                    "en": entry.en,
                                    "variants": [
                                        v for values in entry.variants.values() for v in values
                                    ],
                                    "definition": self.prose(entry.definition),
                                    "see_also": [
                                        (s, self.entries[s].zh, self.entries[s].en)
                                        for s in entry.see_also
                                        if s in self.entries
                                    ],
                                    "references": [self.prose(r) for r in entry.references],
                                    "kwic": self.kwic_lines(shown, root),
                                    "more": len(occurrences) - len(shown),
                                    "bars": self.occurrence_bars(counts),
                                    "count": len(occurrences),
                                },
                            },
                        )
                    ),
                )
                if self.cache.keep:
                    self.cache.entry_sections[key] = known
            used.add(key)
            yield known[1]
        for stale in set(self.cache.entry_sections) - used:
            del self.cache.entry_sections[stale]

    def occurrence_bars(self, counts: Counter) -> list[dict[str, Any]]:
        """One bar per text, for an edition of a few texts; for a larger one, the texts that use
        the entry most (a thousand bars of zero help no one)."""
        most = max(counts.values(), default=0) or 1
        texts = self.edition.texts
        if len(texts) > BARS_LIMIT:
            order = {t.slug: i for i, t in enumerate(texts)}
            top = sorted(counts, key=lambda slug: (-counts[slug], order[slug]))[:BARS_LIMIT]
            texts = tuple(t for t in texts if t.slug in top)
        return [
            {
                "title": self.short(t),
                "count": counts.get(t.slug, 0),
                "width": max(
                    round(120 * counts.get(t.slug, 0) / most), 1 if counts.get(t.slug) else 0
                ),
            }
            for t in texts
        ]

    def kwic_lines(self, occurrences: list[Occurrence], root: str) -> list[dict[str, Any]]:
        """Keyword-in-context lines: the words around each occurrence, the term in the middle."""
        lines = []
        cursors: dict[tuple, int] = {}
        for o in occurrences:
            text, passage = self.passages[(o.text, o.passage)]
            block = passage.blocks[o.lang]
            key = (o.text, o.passage, o.lang, o.in_note)
            plain = " ".join(note.text for note in block.notes) if o.in_note else block.text
            start = plain.find(o.surface, cursors.get(key, 0))
            if start < 0:
                start = plain.find(o.surface)
            cursors[key] = start + len(o.surface)
            width = 18 if is_cjk(o.surface[0]) else 48  # Chinese says as much in fewer characters
            left = plain[max(0, start - width) : start]
            right = plain[start + len(o.surface) : start + len(o.surface) + width]
            if start > width and " " in left:  # whole words on the left…
                left = left[left.index(" ") + 1 :]
            if " " in right and start + len(o.surface) + width < len(plain):  # …and on the right
                right = right[: right.rindex(" ")]
            version = (
                f" · {self.version_label(text, o.lang)}" if self.has_versions(text, o.lang) else ""
            )
            lines.append(
                {
                    "href": f"{root}texts/{o.text}/{self.show_query(text, o.lang)}#{o.passage}",
                    "where": f"{self.short(text)} · {passage.label}{version}",
                    "html_lang": self.language_of(text, o.lang).html,
                    "left": ("…" if start > width else "") + left,
                    "term": o.surface,
                    "right": right + ("…" if start + len(o.surface) + width < len(plain) else ""),
                    "note": o.in_note,
                }
            )
        return lines

    # Other pages

    def search_page(self) -> str:
        context = self.common("../", "search/", self._("Search"))
        glossary = (text_marker(None), "glossary", self._("Glossary"))
        texts = [(text_marker(i), t.slug, self.short(t)) for i, t in enumerate(self.edition.texts)]
        description = self._("Search %(title)s in every language.")
        versions = edition_versions(self.edition)
        context.update(
            description=description % {"title": context["edition_title"]},
            text_options=texts + [glossary],
            language_options=[
                option
                for l in self.edition.config.languages
                for option in [
                    (language_marker(l.code), l.code, l.label, ""),
                    *(
                        (version_marker(stem), l.code, f"{l.label}: {label}", stem)
                        for stem, label in versions.items()
                        if language_code(stem) == l.code
                    ),
                ]
            ],
        )
        return self.render("search.html", context)

    def not_found_page(self) -> str:
        # GitHub Pages serves 404.html at any depth, so its links start from the site's base path.
        context = self.common(self.site.base_url, "404.html", self._("Page not found"))
        context["home"] = self.site.base_url
        context["canonical"] = ""
        return self.render("404.html", context)


def plain_description(markdown_source: str) -> str:
    """A one-paragraph plain-text summary for meta description and link previews."""
    text = " ".join(markdown_source.replace("*", "").replace("_", " ").split())
    return text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + "…"
