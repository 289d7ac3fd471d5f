"""Publishing: the GitHub Pages workflow, page weight, print, meta tags, serve."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request

import yaml

from conftest import ROOT, build_copy, write_files


def test_pages_workflow_uses_the_official_actions_pinned_and_the_sub_path():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"] + workflow["jobs"]["deploy"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    names = [u.split("@")[0] for u in uses]
    assert names == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    assert all(re.fullmatch(r"v\d+\.\d+\.\d+", u.split("@")[1]) for u in uses)  # exact releases
    build = next(s["run"] for s in steps if "build.py" in s.get("run", ""))
    assert '--base-url "${{ steps.pages.outputs.base_path }}/"' in build and "--strict" in build
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_our_css_and_javascript_weigh_at_most_25_kb_on_every_page(tmp_path):
    assert build_copy(ROOT, tmp_path).code == 0
    site = tmp_path / "site"
    assert sorted(p.name for p in (site / "static").iterdir()) == [
        "dictionary.css",
        "dictionary.js",
        "edition.css",
        "edition.js",
        "reader.js",
        "reference.css",
        "search.js",
        "sentences.js",
        "versions.js",
    ]
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        html = page.read_text()
        ours = re.findall(r'(?:href|src)="([^"]*static/[^"]+)"', html)
        weight = sum((page.parent / url).resolve().stat().st_size for url in ours)
        assert len(ours) >= 2 and weight <= 25 * 1024, (page, weight)


def test_link_preview_tags(tmp_path):
    assert build_copy(ROOT, tmp_path, "--site-url", "https://example.org/dc/").code == 0
    page = (tmp_path / "site/texts/new-nationwide-system/index.html").read_text()
    assert (
        '<meta property="og:url" content="https://example.org/dc/texts/new-nationwide-system/">'
        in page
    )
    assert (
        '<meta property="og:title" content="Improve the new national system for key core '
        'technology research">' in page
    )
    assert re.search(
        r'<meta name="description" content="An article published in the Guangming Daily '
        r'\(光明日报\) on 20 March 2020[^"]*…">',
        page,
    )


def test_print_keeps_parallel_hides_controls_and_shows_cited_urls(chromium, seed_site):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(seed_site + "texts/dual-circulation-commentary/")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".passage-tools").first.is_hidden()
    after = page.evaluate(
        "getComputedStyle(document.querySelector('#p10 a.xref'), '::after').content"
    )
    assert after == f'" <{seed_site}texts/new-nationwide-system/#p2-1>"'
    page.goto(seed_site + "texts/new-nationwide-system/?view=en")
    page.emulate_media(media="print")
    zh, en = (
        page.locator("#p2-1 [data-lang=zh]").bounding_box(),
        page.locator("#p2-1 [data-version='en.revised']").bounding_box(),
    )
    assert zh["y"] == en["y"] and zh["x"] < en["x"]  # a handout shows both languages side by side
    context.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


def test_serve_rebuilds_reloads_and_shows_errors_keeping_the_last_good_site(edition, chromium):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
        cwd=edition,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(lambda: "新型举国体制" in fetch(base + "texts/first/"))
        page = chromium.new_page()
        page.goto(base + "texts/notes/")
        page.wait_for_timeout(1000)  # the page has started watching for rebuilds
        write_files(
            edition, {"content/texts/notes/en.md": "{#n1}\nA changed note.\n\n{#n2}\nSecond.\n"}
        )
        # the open page reloads itself
        page.wait_for_function(
            "() => document.body.innerText.includes('A changed note.')", timeout=15000
        )
        # a broken change: the terminal and the open page say so, and the last good site stays
        write_files(
            edition, {"content/texts/notes/en.md": "{#n1}\nA changed note.\n\nNo id here.\n"}
        )
        problem = (
            "content/texts/notes/en.md:4: error: this block has no passage id: put {#id} on "
            "the line before it (or run build.py stamp)"
        )
        page.locator(".serve-problems").wait_for(timeout=15000)
        assert problem in page.locator(".serve-problems").inner_text()
        assert "A changed note." in fetch(base + "texts/notes/")
        page.close()
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    assert problem in err
    assert f"serving http://127.0.0.1:{port}/" in err
