"""Builds that follow one another, for `serve`: each rebuild does only what the edit asks for.

A `Rebuilder` keeps, between builds, each language file's parsed blocks (by the file's
bytes), each glossary entry's HTML (by what the entry shows), and the last edition. Every
rebuild still loads and checks the whole edition, so it reports exactly what a full build
would. Then:

- when only passages changed (the edition's settings, the glossary, every text's text.yaml
  and the templates as they were), it rewrites in place the pages and data files such an
  edit can change (output.changed_files), and makes the search index anew in the
  background, swapping it in when Pagefind is done;
- otherwise it builds the whole site, as `build` does.

Either way the site ends up byte for byte what a full build of the same files makes
(tests/test_incremental.py).

`build` has no such mode: it must hand over a whole search index, and Pagefind makes its index
whole, which is most of a build's time (measured on the benchmark's medium corpus: 3.5 s for a
build that went on from the last one, 3.6 s for a full one).
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt

from . import anchors, output, sitefolder
from .cache import RenderCache
from .load import LoadCache
from .model import Diagnostic, Diagnostics, Edition
from .pipeline import Options, check_output_folder, validate
from .render import Renderer, Site
from .search import script_map


def same_setting(edition: Edition, previous: Edition) -> bool:
    """Whether two editions differ in their passages at most."""
    return (
        edition.config == previous.config
        and edition.glossary == previous.glossary
        and [(t.slug, t.meta, t.languages, t.main_language) for t in edition.texts]
        == [(t.slug, t.meta, t.languages, t.main_language) for t in previous.texts]
    )


class Rebuilder:
    def __init__(self, options: Options, report: Callable[[list[str]], None] | None = None) -> None:
        self.options = options
        self.report = report
        """Told, when a search index made in the background is in place, its problems (none if
        Pagefind succeeded)."""
        self.files = LoadCache()
        self.memo = RenderCache(keep=True)
        self.previous: tuple[Renderer, dict[str, str]] | None = None
        self.index: output.BackgroundIndex | None = None
        self.lock: sitefolder.OutputLock | None = None

    def build(self, everything: bool = False) -> Diagnostics:
        """Bring the site up to date with the edition's files. `everything`: build the whole
        site even after an edit of passages only (a template or the stylesheet changed)."""
        options = self.options
        diagnostics = Diagnostics()
        out = check_output_folder(options, diagnostics)
        if out is None:
            return diagnostics
        if self.lock is None:  # held from the first build until close(): no build mixes in
            lock = sitefolder.OutputLock.acquire(out, "serve", diagnostics)
            if lock is None:
                return diagnostics
            sitefolder.recover(out, diagnostics)
            if diagnostics.errors:
                lock.release()
                return diagnostics
            self.lock = lock
        sitefolder.check_ours(out, diagnostics)
        if diagnostics.errors:
            return diagnostics
        edition = validate(options, diagnostics, self.files)
        if edition is None or diagnostics.errors or (options.strict and diagnostics.warnings):
            return diagnostics
        previous = self.previous
        everything = (
            everything
            or previous is None
            or not (options.out / "pagefind").is_dir()
            or not same_setting(edition, previous[0].edition)
        )
        if not everything and all(a is b for a, b in zip(edition.texts, previous[0].edition.texts)):
            return diagnostics  # the very same texts (content/anchors.lock was written, say): nothing to do
        if self.index is not None:  # an index of an older version is of no use any more
            self.index.cancel()
            self.index = None
        self.previous = None  # until this build has succeeded
        if everything:
            self.memo = RenderCache(keep=True)  # what it held was made for other settings
        site = Site(edition, MarkdownIt("commonmark", {"html": False}), output.base_path(options.base_url, edition.config.site_url))
        renderer = Renderer(site, self.memo)
        mapping = script_map(edition, self.memo)
        if everything:
            output.write_site(edition, renderer, options.out, diagnostics, mapping)
        else:
            output.write_files(options.out, output.changed_files(renderer, previous[0], mapping, previous[1]), diagnostics)
            if not diagnostics.errors:
                self.index = output.BackgroundIndex(edition, options.out, mapping, self.report, (previous[0].edition, previous[1]))
        if not diagnostics.errors:
            anchors.record(edition, diagnostics)
            self.previous = (renderer, mapping)
        return diagnostics

    def wait(self) -> list[Diagnostic]:
        """Wait for the search index of the last build; its problems, if Pagefind failed."""
        return self.index.wait() if self.index is not None else []

    def close(self) -> None:
        if self.index is not None:
            self.index.cancel()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

