"""The build, stage by stage, read top to bottom:

    load      edition.yaml, glossary.yaml, each text's text.yaml and language files
    align     pair passages across languages by id
    link      check cross-references, collect glossary occurrences
    anchors   compare published ids with content/anchors.lock
    render    Jinja templates → pages, in memory
    write     every file of pages.site_files into a new folder, index it with Pagefind, then
              swap it into place; or, for serve after an edit of passages, rewrite only the
              files the edit changed and remake the index in the background

`build` below is the one way every command builds (`check` stops after `anchors`). Nothing is
written until every stage before `write` has run without an error.
"""

from __future__ import annotations

import errno
import functools
import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from . import anchors, output, sitefolder
from .align import align_text
from .cache import RenderCache
from .dictionary import cedict_index
from .glossary import CHINESE, build_matcher, glossary_languages, load_glossary
from .links import collect_occurrences, resolve_cross_references, text_occurrences
from .load import (
    LoadCache,
    link_shows,
    load_config,
    load_language_file,
    load_text_meta,
    version_problem,
)
from .markdown import make_markdown
from .model import Diagnostic, Diagnostics, Edition, Location, Text
from .render import Renderer, Site, make_renderer
from .search import script_map
from .textfile import link_outside_message, outside, shown


@dataclass(frozen=True)
class Options:
    content: Path
    glossary: Path
    out: Path = Path("site")
    """The output folder (not used by `check`)."""
    glossary_required: bool = False
    """True when the editor named the glossary: then a missing file is an error, not an empty
    glossary."""
    base_url: str = ""
    site_url: str = ""
    """Overrides edition.yaml's site_url (the Pages workflow knows the real address)."""
    strict: bool = False


def load_edition(
    options: Options, diagnostics: Diagnostics, cache: LoadCache | None = None
) -> Edition | None:
    """Load, align and link: everything short of writing. None when nothing can be built.
    With a `cache` (serve), language files that have not changed since the last build are not
    parsed again."""
    cache = cache or LoadCache(keep=False)
    config = cache.remember(
        options.content / "edition.yaml",
        options.site_url,
        lambda found: load_config(options.content, found, options.site_url),
        diagnostics,
    )
    if config is None or not config.languages:
        return None
    codes = tuple(l.code for l in config.languages)
    named = options.glossary
    if options.glossary_required and not named.exists() and not named.is_symlink():
        diagnostics.error(Location(shown(options.glossary), 1), "the glossary file does not exist")
    keys = glossary_languages(codes, config.source_language)
    glossary = cache.remember(
        options.glossary,
        keys,
        lambda found: load_glossary(options.glossary, shown(options.glossary), keys, found),
        diagnostics,
    )
    texts_folder = options.content / "texts"
    # Every text.yaml first: a cross-reference to a retired id is rendered through its text's
    # `moved`.
    metas = {}
    for slug in config.text_slugs:
        folder = texts_folder / slug
        problem = _folder_problem(folder, options.content)
        if problem:
            where = Location(config.location.path, config.text_lines[slug])
            diagnostics.error(where, f"text '{slug}': {problem}")
            continue
        if not folder.is_dir():
            diagnostics.error(
                Location(config.location.path, config.text_lines[slug]),
                f"text '{slug}' is listed but {shown(folder)}/ does not exist",
            )
            continue
        metas[slug] = cache.remember(
            folder / "text.yaml",
            config,
            functools.partial(load_text_meta, folder, config),
            diagnostics,
        )
    moved = {slug: meta.moved for slug, meta in metas.items() if meta is not None}
    shows = {
        slug: link_shows(meta, config.source_language)
        for slug, meta in metas.items()
        if meta is not None and meta.versions
    }

    def make_md():
        return make_renderer(
            make_markdown(build_matcher(glossary), mark_all=config.gloss_marks == "all")
        )

    setup = (glossary, config.gloss_marks, moved, shows)
    md = cache.markdown_for(setup, make_md)
    language_files = [
        (path, slug, path.stem)
        for slug in metas
        for path in sorted((texts_folder / slug).glob("*.md"))
        if not version_problem(path.stem, codes)
    ]

    def align(
        slug: str, blocks: dict, files: dict, found: Diagnostics
    ) -> tuple[tuple, Text] | None:
        meta = metas.get(slug)
        if meta is None:
            return None
        made = (meta, config, *(blocks[lang] for lang in sorted(blocks)))
        return made, align_text(slug, meta, blocks, files, config, found)

    if any(CHINESE.match(code) for code in codes):
        # Made before the loading forks: both processes count words against the one table.
        cedict_index()
    cache.prefetch(language_files, setup, moved, shows, align if config.text_slugs else None)
    texts = []
    for slug, meta in metas.items():
        folder = texts_folder / slug
        blocks, files = {}, {}
        unreadable = False
        for path in sorted(folder.glob("*.md")):
            lang = path.stem
            if problem := version_problem(lang, codes):
                diagnostics.error(Location(shown(path), 1), f"'{path.name}': {problem}")
                continue
            if "." in lang and meta is not None and lang not in meta.versions:
                diagnostics.error(
                    Location(shown(path), 1),
                    f"'{path.name}' is a further translation, but text.yaml does not describe "
                    f"it: add it under versions, with a label and a translator "
                    f"(versions: {{{lang}: {{label: …, translator: …}}}})",
                )
                continue
            loaded = cache.remember(
                path,
                setup,
                functools.partial(load_language_file, path, slug, lang, md, moved, shows),
                diagnostics,
            )
            if loaded is not None:
                blocks[lang], files[lang] = loaded, path
            else:
                unreadable = True
        if not files and not any(
            d.location.path.startswith(shown(folder) + "/") for d in diagnostics.errors
        ):
            diagnostics.error(
                Location(shown(folder / "text.yaml"), 1),
                f"text '{slug}' has no language file: add {codes[0]}.md",
            )
        for stem, version in (meta.versions if meta else {}).items():
            if not (folder / f"{stem}.md").is_file():
                diagnostics.error(
                    Location(meta.location.path, version.line),
                    f"versions: '{stem}' is described, but {stem}.md is not in {shown(folder)}/",
                )
        if meta is None or not blocks or unreadable:
            continue  # aligned without one of its files, the text would only show more errors
        # The same text as in the last build when made of the very same loaded files.
        key = ("text", slug, tuple(sorted(files.items())))
        parts = (meta, config, *(blocks[lang] for lang in sorted(blocks)))
        texts.append(
            cache.same(
                key,
                parts,
                functools.partial(align_text, slug, meta, blocks, files, config),
                diagnostics,
            )
        )
        cache.done_with(files.values())
    if texts_folder.is_dir() and config.text_slugs:
        for folder in sorted(p for p in texts_folder.iterdir() if p.is_dir()):
            if folder.name not in config.text_slugs:
                diagnostics.warning(
                    Location(config.location.path, config.texts_line),
                    f"text folder {shown(folder)}/ is not listed in texts, so it is not built",
                )
    aligned = tuple(texts)
    unloaded = set(config.text_slugs) - {text.slug for text in aligned}
    cross_references = resolve_cross_references(aligned, unloaded, diagnostics)
    occurrences = collect_occurrences(
        aligned,
        glossary,
        diagnostics,
        lambda text: cache.same(
            ("occurrences", text.slug), (text,), lambda _: text_occurrences(text), diagnostics
        ),
    )
    return Edition(config, aligned, glossary, occurrences, cross_references, options.content)


def _folder_problem(folder: Path, content: Path) -> str:
    """Why a text folder may not be read ("" when it may): a symbolic link out of the content
    folder (its files would be published), or one that leads back to itself."""
    try:
        os.stat(folder)
    except OSError as problem:
        if problem.errno == errno.ELOOP:
            return f"{shown(folder)}/ is a symbolic link that leads back to itself"
        return ""  # a folder that does not exist is reported as such
    if outside(folder, content):
        return link_outside_message(folder, content, f"{shown(folder)}/")
    return ""


def validate(
    options: Options, diagnostics: Diagnostics, cache: LoadCache | None = None
) -> Edition | None:
    """Load the edition and check it against the ids it has published."""
    edition = load_edition(options, diagnostics, cache)
    if edition is not None:
        anchors.check(edition, diagnostics, sound_texts(edition, diagnostics))
    return edition


def sound_texts(edition: Edition, diagnostics: Diagnostics) -> set[str]:
    """The texts whose own files (text.yaml and every language file) loaded without an error.
    Only their retired ids are judged: in another, a block that failed to load would look like
    a removed passage, but a problem elsewhere must not hide a renamed id here."""
    broken = {d.location.path for d in diagnostics.errors}
    return {
        text.slug
        for text in edition.texts
        if not ({text.meta.location.path, *(shown(path) for path in text.files.values())} & broken)
    }


def check(options: Options) -> tuple[Diagnostics, str]:
    """Validate; also return the one line that says what was checked."""
    diagnostics = Diagnostics()
    edition = validate(options, diagnostics)
    if edition is not None:
        sentence_guesses(edition, diagnostics)
    return diagnostics, summary(edition, diagnostics)


def sentence_guesses(edition: Edition, diagnostics: Diagnostics) -> None:
    """An `info` for each translated passage whose sentences were paired by a guess: worth a
    look on the page, never a problem."""
    for text in edition.texts:
        passages = {passage.id: passage for passage in text.passages}
        for passage_id, lang in text.sentence_guesses:
            block = passages[passage_id].blocks[lang]
            source = passages[passage_id].blocks[text.main_language]
            diagnostics.info(
                block.location,
                f"the sentences of passage '{passage_id}' are paired by a guess "
                f"({len(source.sentences)} in {text.files[text.main_language].name}, "
                f"{len(block.sentences)} here): check them on the page, and mark where a "
                "sentence ends (<!--/-->) or goes on (<!--+-->) until the counts agree",
            )


def summary(edition: Edition | None, diagnostics: Diagnostics) -> str:
    def count(number: int, one: str, many: str) -> str:
        return f"{number} {one if number == 1 else many}"

    texts = edition.texts if edition else ()
    checked = ", ".join(
        (
            count(len(texts), "text", "texts"),
            count(sum(len(text.passages) for text in texts), "passage", "passages"),
            count(len(edition.glossary) if edition else 0, "glossary entry", "glossary entries"),
        )
    )
    warnings = len(diagnostics.warnings)
    found = count(warnings, "warning", "warnings") if warnings else "no problems"
    guesses = sum(1 for d in diagnostics.items if d.severity == "info")
    if guesses:
        found += (
            f" ({count(guesses, 'passage', 'passages')} paired sentence by sentence by a guess)"
        )
    return f"checked {checked}: {found}"


def check_output_folder(options: Options, diagnostics: Diagnostics) -> Path | None:
    """The output folder is replaced wholesale, so it must never hold the edition's own files.
    The folder as resolved (symbolic links followed), or None after reporting why it cannot be
    used. Whether the folder is a site this tool built is sitefolder.check_ours()'s to say."""
    try:
        out = options.out.resolve()
        os.stat(out)  # a symbolic link loop (which Python 3.13's resolve() no longer reports)
    except FileNotFoundError:
        pass
    except (OSError, RuntimeError) as problem:
        if isinstance(problem, RuntimeError) or problem.errno == errno.ELOOP:
            message = "the output folder is a symbolic link loop"
        else:
            message = f"cannot use the output folder: {problem.strerror}"
        diagnostics.error(Location(str(options.out), 1), message)  # shown() would follow the loop
        return None
    where = Location(shown(options.out), 1)
    try:
        content, glossary = options.content.resolve(), options.glossary.resolve()
    except RuntimeError:  # a symbolic link loop: loading the edition says so
        content, glossary = options.content.absolute(), options.glossary.absolute()
    if out == content or content in out.parents:
        diagnostics.error(where, "the output folder may not be the content folder or inside it")
    elif out in content.parents or out in glossary.parents:
        diagnostics.error(
            where,
            "the output folder may not contain the content folder or the glossary: it is replaced "
            "by every build",
        )
    if out.exists() and not out.is_dir():
        kind = "a file" if out.is_file() else "not a folder"
        diagnostics.error(where, f"the output folder is {kind}")
    return None if diagnostics.errors else out


def same_setting(edition: Edition, previous: Edition) -> bool:
    """Whether two editions differ in their passages at most."""
    return (
        edition.config == previous.config
        and edition.glossary == previous.glossary
        and [(t.slug, t.meta, t.languages, t.main_language) for t in edition.texts]
        == [(t.slug, t.meta, t.languages, t.main_language) for t in previous.texts]
    )


@dataclass
class BuildCache:
    """What builds that follow one another (`serve`) keep from one to the next: what was loaded,
    by file digest; what was rendered, by the inputs it was made from; the last good build; its
    search index while Pagefind makes it in the background; and the output folder's lock, held
    from the first build until close()."""

    report: Callable[[list[str]], None] | None = None
    """Told, when a search index made in the background is in place, its problems (none if
    Pagefind succeeded)."""
    files: LoadCache = field(default_factory=LoadCache)
    pages: RenderCache = field(default_factory=lambda: RenderCache(keep=True))
    last: tuple[Renderer, dict[str, str]] | None = None
    """The last good build's renderer and search folding table."""
    index: output.BackgroundIndex | None = None
    indexed: tuple[Edition, dict[str, str]] | None = None
    """The edition and folding table the search index in the site was made from: an index still
    being made when the next edit comes is cancelled, and the one in place is then older than
    the last build."""
    lock: sitefolder.OutputLock | None = None

    def wait(self) -> list[Diagnostic]:
        """Wait for the search index of the last build; its problems, if Pagefind failed."""
        return self.index.wait() if self.index is not None else []

    def close(self) -> None:
        if self.index is not None:
            self.index.cancel()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def build(
    options: Options, cache: BuildCache | None = None, everything: bool = False
) -> Diagnostics:
    """Build the site, the one way every command does. Without a cache (`build`): the whole site
    into a fresh folder, swapped in when all of it succeeded. With one (`serve`): after an edit of
    passages only, just the files that edit changes are rewritten in place and the search index
    is made anew in the background; after any other edit, or with `everything` (a template
    changed), the whole site. Either way the site is byte for byte the same."""
    pace = gc.get_threshold()
    # A build makes millions of small objects (tokens, blocks, page pieces), most of which live
    # until it ends: at the collector's default pace (a pass every 700 new objects) it would
    # scan them again and again. Collected less often, the build costs a tenth less.
    gc.set_threshold(*GC_PACE)
    try:
        return _build(options, cache, everything)
    finally:
        gc.set_threshold(*pace)


GC_PACE = (50_000, 20, 100)
"""A pass of the cyclic collector every 50,000 new objects (the default: 700), and a full one
less often."""


def _build(options: Options, cache: BuildCache | None, everything: bool) -> Diagnostics:
    diagnostics = Diagnostics()
    out = check_output_folder(options, diagnostics)
    if out is None:
        return diagnostics
    lock = cache.lock if cache is not None else None
    if lock is None:
        lock = sitefolder.OutputLock.acquire(out, "serve" if cache else "build", diagnostics)
        if lock is None:  # (it waits for another build)
            return diagnostics
        sitefolder.recover(out, diagnostics)
        if diagnostics.errors:
            lock.release()
            return diagnostics
        if cache is not None:
            cache.lock = lock
    try:
        sitefolder.check_ours(out, diagnostics)
        if diagnostics.errors:
            return diagnostics
        edition = validate(options, diagnostics, cache.files if cache is not None else None)
        if edition is None or diagnostics.errors or (options.strict and diagnostics.warnings):
            return diagnostics
        if cache is None:
            renderer = Renderer(make_site(edition, options))
            output.write_site(edition, renderer, out, diagnostics)
        else:
            update_site(edition, options, out, cache, everything, diagnostics)
        if not diagnostics.errors:
            anchors.record(edition, diagnostics)
    finally:
        if cache is None:
            lock.release()
    return diagnostics


def make_site(edition: Edition, options: Options) -> Site:
    prose = MarkdownIt("commonmark", {"html": False})
    return Site(edition, prose, output.base_path(options.base_url, edition.config.site_url))


def update_site(
    edition: Edition,
    options: Options,
    out: Path,
    cache: BuildCache,
    everything: bool,
    diagnostics: Diagnostics,
) -> None:
    """Bring a site that serve keeps up to date with `edition`, doing only what the edit asks."""
    last = cache.last
    everything = (
        everything
        or last is None
        or not (out / "pagefind").is_dir()
        or not same_setting(edition, last[0].edition)
    )
    if (
        last is not None
        and not everything
        and all(a is b for a, b in zip(edition.texts, last[0].edition.texts, strict=True))
    ):
        return  # the very same texts (content/anchors.lock was written, say): nothing to do
    if cache.index is not None:  # an index of an older version is of no use any more
        cache.index.cancel()
        if cache.index.in_place:
            cache.indexed = cache.index.made_from
        cache.index = None
    cache.last = None  # until this build has succeeded
    if everything:
        cache.pages = RenderCache(keep=True)  # what it held was made for other settings
    renderer = Renderer(make_site(edition, options), cache.pages)
    mapping = script_map(edition, cache.pages)
    if last is None or everything:
        output.write_site(edition, renderer, out, diagnostics, mapping)
        cache.indexed = None if diagnostics.errors else (edition, mapping)
    else:
        changed = output.changed_files(renderer, last[0], mapping, last[1])
        output.write_files(out, changed, diagnostics)
        if not diagnostics.errors:
            cache.index = output.BackgroundIndex(edition, out, mapping, cache.report, cache.indexed)
    if not diagnostics.errors:
        cache.last = (renderer, mapping)
