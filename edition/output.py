"""Writing the site: every page and data file into a fresh folder, with its
search index, then swapped into place — so a failed build never leaves a broken site."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from . import sitefolder
from .datafiles import sitemap
from .model import Diagnostic, Diagnostics, Edition, Location
from .pages import changed_tags, site_files
from .render import Renderer
from .scripts import script_constants
from .search import Indexer, index_parts, script_map
from .textfile import shown

STATIC = Path(__file__).resolve().parent.parent / "static"


def base_path(base_url: str, site_url: str) -> str:
    """The absolute path the site is served under: --base-url, else site_url's path, else "/"."""
    path = base_url or (urlsplit(site_url).path if site_url else "/")
    if not path.startswith("/"):
        path = "/" + path
    return path if path.endswith("/") else path + "/"


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
            for placeholder, value in script_constants().items():
                text = text.replace(placeholder, value)
            text = rjsmin.jsmin(text)
        (target / source.name).write_text(text, encoding="utf-8")


def write_text(path: Path, content: str | Iterable[str]) -> None:
    """A page or data file, given whole or in pieces (a large edition's glossary page and
    edition.json are written as they are made, never held in memory whole)."""
    with open(path, "w", encoding="utf-8") as file:
        if isinstance(content, str):
            file.write(content)
        else:
            for piece in content:
                file.write(piece)


def changed_files(
    renderer: Renderer,
    previous: Renderer,
    mapping: dict[str, str],
    previous_mapping: dict[str, str],
) -> Iterator[tuple[str, str | Iterable[str]]]:
    """After an edit of passages only: the files of the site that edit changes, (path, content)."""
    changed = changed_tags(renderer, previous, mapping, previous_mapping)
    for site_file in site_files(renderer, mapping):
        if site_file.depends & changed:
            yield site_file.path, site_file.make()


def write_files(
    out: Path, files: Iterator[tuple[str, str | Iterable[str]]], diagnostics: Diagnostics
) -> None:
    """Rewrite some files of a built site in place, each replaced whole, never half-written."""
    try:
        for path, content in files:
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.new")
            try:
                write_text(partial, content)
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
    except OSError as problem:
        diagnostics.error(Location(shown(out), 1), f"cannot write the site: {problem.strerror}")


def unchanged_parts(
    edition: Edition, mapping: dict[str, str], previous: tuple[Edition, dict[str, str]] | None
) -> frozenset[int]:
    """The parts of the index an edit leaves as they were: the same texts in the same parts, each
    the very same (a text is made anew when one of its files changes), folded the same way."""
    if previous is None:
        return frozenset()
    before, parts = previous[0], index_parts(edition)
    if (
        previous[1] != mapping
        or [t.slug for t in before.texts] != [t.slug for t in edition.texts]
        or index_parts(before) != parts
    ):
        return frozenset()
    return frozenset(
        n
        for n, part in enumerate(parts, 1)
        if all(edition.texts[i] is before.texts[i] for i in part)
    )


class BackgroundIndex:
    """The search index of a site updated in place, made anew while the pages are already
    served, and swapped in whole when Pagefind is done."""

    def __init__(
        self,
        edition: Edition,
        out: Path,
        mapping: dict[str, str],
        report: Callable[[list[str]], None] | None = None,
        previous: tuple[Edition, dict[str, str]] | None = None,
    ) -> None:
        """`previous`: the edition and script map the index in place was made from, so that the
        parts of the index (see search.Indexer) whose texts did not change are kept."""
        self.out = out.resolve()
        self.unchanged = unchanged_parts(edition, mapping, previous)
        self.report = report
        """Told, once the index is in place, Pagefind's problems (none when it succeeded); not told
        when cancelled. The build that started it has returned by then."""
        self.problems: list[Diagnostic] = []
        self.lock = threading.Lock()
        self.indexer: Indexer | None = None
        self.cancelled = False
        self.made_from = (edition, mapping)
        self.in_place = False
        """Whether this index has replaced the one in the site (set under the lock)."""
        self.thread = threading.Thread(target=self._run, args=(edition, mapping), daemon=True)
        self.thread.start()

    def _run(self, edition: Edition, mapping: dict[str, str]) -> None:
        fresh = self.out.with_name(f".{self.out.name}.pagefind")
        retired = self.out.with_name(f".{self.out.name}.pagefind-previous")
        diagnostics = Diagnostics()
        try:
            for leftover in (fresh, retired):
                shutil.rmtree(leftover, ignore_errors=True)
            indexer = Indexer(
                edition, fresh, mapping, self.out / "pagefind", self.unchanged
            )  # not under the lock: it writes the documents
            with self.lock:
                self.indexer = indexer
                if self.cancelled:
                    indexer.cancel()
                    return
            indexer.finish(diagnostics)
            with self.lock:
                if self.cancelled or diagnostics.errors:
                    shutil.rmtree(fresh, ignore_errors=True)
                else:
                    current = self.out / "pagefind"
                    if not current.exists():
                        os.rename(fresh, current)
                    elif sitefolder.exchange(fresh, current):  # never a moment without an index
                        os.rename(fresh, retired)
                    else:
                        os.replace(current, retired)
                        os.replace(fresh, current)
                    self.in_place = True
            shutil.rmtree(retired, ignore_errors=True)
        except OSError as problem:
            diagnostics.error(
                Location(shown(self.out / "pagefind"), 1),
                f"cannot write the search index: {problem.strerror}",
            )
        self.problems = diagnostics.errors
        if not self.cancelled and self.report:
            self.report([str(d) for d in self.problems])

    def wait(self) -> list[Diagnostic]:
        """Wait for the index to be in place; Pagefind's problems, if it failed."""
        self.thread.join()
        return self.problems

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
            if self.indexer is not None:
                self.indexer.cancel()
        self.thread.join()


def write_site(
    edition: Edition,
    renderer: Renderer,
    out: Path,
    diagnostics: Diagnostics,
    mapping: dict[str, str] | None = None,
) -> None:
    """Write everything into a folder of this build's own beside `out`; replace `out` only when
    all of it succeeded (sitefolder.py: what is kept, and how the folders are swapped). The
    caller holds the folder's lock. `mapping` is script_map(edition), when the caller has it."""
    out = out.resolve()
    if out.is_dir() and not sitefolder.check_removable(out, diagnostics):
        return
    building = indexer = None
    try:
        building = sitefolder.new_building_folder(out)
        mapping = script_map(edition) if mapping is None else mapping
        indexer = Indexer(
            edition, building / "pagefind", mapping
        )  # indexes while the pages are rendered
        pages = []
        for site_file in site_files(renderer, mapping):
            target = building / site_file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text(target, site_file.make())
            if site_file.is_page:
                pages.append(site_file.path)
        copy_static(building / "static")
        map_xml = sitemap(edition, pages)
        if map_xml:
            (building / "sitemap.xml").write_text(map_xml, encoding="utf-8")
        indexer.finish(diagnostics)
        indexer = None
        if not diagnostics.errors:
            sitefolder.write_manifest(building)
            sitefolder.carry_over(out, building, diagnostics)
    except OSError as problem:
        diagnostics.error(Location(shown(out), 1), f"cannot write the site: {problem.strerror}")
    except BaseException:  # a bug or an interruption: leave nothing half-built behind
        if building is not None:
            shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        if indexer is not None:  # stopped by an error or an interruption
            indexer.cancel()
    if building is None or diagnostics.errors:
        if building is not None:
            shutil.rmtree(building, ignore_errors=True)
        return
    sitefolder.swap(building, out, diagnostics)
