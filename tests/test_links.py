"""The link checker: every internal href, src and fragment of every page resolves, at / and under a
sub-path."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, build_copy


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None and not (
                tag == "link" and attrs.get("rel") == "canonical"
            ):
                self.links.append(attrs[name])
        if tag == "form" and attrs.get("action"):
            self.links.append(attrs["action"])


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def broken_links(site: Path, prefix: str) -> list[str]:
    """Check every page as if the site were served under `prefix` ("/" or "/sub/")."""
    pages = {f"{prefix}{p.relative_to(site).as_posix()}": p for p in site.rglob("*.html")}
    parsed = {url: parse(path) for url, path in pages.items()}
    problems = []
    for url, links in parsed.items():
        for link in links.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto", "data"):
                continue
            path = unquote(parts.path)
            if not path:
                target = url
            elif path.startswith("/"):
                target = path
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(url), path))
                if path.endswith("/") and not target.endswith("/"):
                    target += "/"
            if not target.startswith(prefix):
                problems.append(f"{url}: {link} leaves the site")
                continue
            local = site / target[len(prefix) :]
            if target.endswith("/") or local.is_dir():
                local = local / "index.html"
            if not local.exists():
                problems.append(f"{url}: {link} → {target} does not exist")
                continue
            if parts.fragment and local.suffix == ".html":
                ids = (
                    parse(local).ids
                    if str(local) not in (str(p) for p in pages.values())
                    else parsed[prefix + local.relative_to(site).as_posix()].ids
                )
                for fragment in unquote(parts.fragment).split(".."):
                    if fragment not in ids:
                        problems.append(f"{url}: {link} → #{fragment} is not on the page")
    return problems


@pytest.mark.parametrize(
    "source", [ROOT, ROOT / "tests/editions/analects"], ids=["seed", "analects"]
)
@pytest.mark.parametrize("prefix", ["/", "/course/reader/"])
def test_no_broken_links(tmp_path, source, prefix):
    result = build_copy(source, tmp_path, "--base-url", prefix)
    assert result.code == 0
    assert broken_links(tmp_path / "site", prefix) == []


def test_the_checker_finds_a_broken_fragment(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/#x">x</a><a href="b/">b</a><a href="/elsewhere/">c</a>'
    )
    (tmp_path / "a/index.html").write_text('<p id="y">y</p>')
    assert broken_links(tmp_path, "/") == [
        "/index.html: a/#x → #x is not on the page",
        "/index.html: b/ → /b/ does not exist",
        "/index.html: /elsewhere/ → /elsewhere/ does not exist",
    ]
