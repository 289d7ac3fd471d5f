"""Hardening: untrusted content stays inert, the output folder is guarded, faults lose nothing,
pages are valid HTML."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, build_copy, run, tree, write_files

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def test_raw_html_in_content_is_shown_as_text(edition):
    write_files(
        edition,
        {
            "content/texts/notes/en.md": "{#n1}\n<script>alert(1)</script> and <img "
            "src=x onerror=alert(1)>\n\n{#n2}\n"
            '<div onclick="x">block</div>\n',
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new nationwide system\n  definition: "
            '"<b>bold</b> '
            '<script>alert(2)</script>"\n',
        },
    )
    assert run("build").code == 0
    page = (edition / "site/texts/notes/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;div onclick=&quot;x&quot;&gt;block&lt;/div&gt;" in page
    glossary = (edition / "site/glossary/index.html").read_text()
    assert "&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(2)&lt;/script&gt;" in glossary
    for html in (page, glossary):
        assert re.findall(r"<script(?![^>]*(?:src=|type=\"application/json\"))", html) == []


def test_every_page_forbids_inline_script(tmp_path):
    assert build_copy(ROOT, tmp_path).code == 0
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text()
        policy = re.search(
            r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html
        ).group(1)
        assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "unsafe-inline" not in policy, (
            page
        )
        for script in re.findall(r"<script([^>]*)>", html):
            assert "src=" in script or 'type="application/json"' in script, (page, script)


def test_glossary_data_block_cannot_be_closed_early(edition):
    write_files(
        edition,
        {
            "glossary.yaml": (
                'a:\n  zh: 新型举国体制\n  pinyin: "<!--<script>"\n  en: "new nationwide system"\n'
                '  variants: {en: ["new </script><script>alert(1)</script> system"]}\n  '
                "definition: d\n"
            )
        },
    )
    assert run("build").code == 0
    page = (edition / "site/texts/first/index.html").read_text()
    data = re.search(
        r'<script type="application/json" id="glossary_data">(.*?)</script>', page, re.S
    ).group(1)
    assert "<" not in data and ">" not in data
    assert json.loads(data)["a"]["pinyin"] == "<!--<script>"
    assert (
        page.count("<script") == 3
    )  # edition.js, the data block and reader.js: nothing the glossary wrote
    assert page.rstrip().endswith("</html>")


@pytest.mark.parametrize(
    "out, message",
    [
        (
            "content",
            "content:1: error: the output folder may not be the content folder or inside it",
        ),
        (
            "content/site",
            "content/site:1: error: the output folder may not be the content folder or inside it",
        ),
        (
            ".",
            ".:1: error: the output folder may not contain the content folder or the glossary: it "
            "is replaced by every build",
        ),
    ],
)
def test_output_folder_that_would_destroy_the_content_is_refused(edition, out, message):
    before = tree(edition / "content")
    result = run("build", "--out", out)
    assert (result.code, result.lines) == (1, [message])
    assert tree(edition / "content") == before


def test_an_unrelated_folder_is_not_overwritten(edition):
    write_files(edition, {"notes/todo.txt": "mine"})
    result = run("build", "--out", "notes")
    assert (result.code, result.lines) == (
        1,
        [
            "notes:1: error: this folder was not built by build.py (it holds todo.txt); "
            "choose another --out, or empty it"
        ],
    )
    assert (edition / "notes/todo.txt").read_text() == "mine"


def test_a_write_that_fails_leaves_the_previous_site(edition, monkeypatch):
    assert run("build").code == 0
    before = tree(edition / "site")
    import edition.output as output

    def disk_full(target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "copy_static", disk_full)
    result = run("build")
    assert (result.code, result.lines) == (
        1,
        [
            f"{edition / 'site'}:1: error: cannot write the site: No space left on device".replace(
                str(edition) + "/", ""
            )
        ],
    )
    assert tree(edition / "site") == before
    assert sorted(p.name for p in edition.iterdir() if p.name.startswith(".site")) == []


def test_an_interrupted_build_leaves_the_previous_site_and_the_next_build_recovers(
    edition, monkeypatch
):
    assert run("build").code == 0
    before = tree(edition / "site")
    import edition.output as output

    real = output.copy_static

    def interrupted(target):
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "copy_static", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run("build")
    assert tree(edition / "site") == before
    monkeypatch.setattr(output, "copy_static", real)
    write_files(edition, {"content/texts/notes/en.md": "{#n1}\nChanged.\n\n{#n2}\nAgain.\n"})
    assert run("build").code == 0
    assert "Changed." in (edition / "site/texts/notes/index.html").read_text()
    assert sorted(p.name for p in edition.iterdir() if p.name.startswith(".site")) == []


def test_a_read_only_content_folder_builds(edition, monkeypatch):
    real = os.open

    def read_only(path, flags, *args, **kwargs):
        # anchors.lock is replaced whole: a file is made beside it, in the content folder
        if flags & os.O_CREAT and Path(path).resolve().parent == edition / "content":
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    result = run("build")
    assert (result.code, result.lines) == (
        0,
        ["content/anchors.lock:1: warning: could not record the published ids: Permission denied"],
    )
    assert (edition / "site/index.html").exists()


def test_circular_see_also_is_allowed_and_rendered_once(edition):
    write_files(
        edition,
        {
            "glossary.yaml": "a:\n  zh: 新型举国体制\n  en: new "
            "nationwide system\n  definition: A.\n  "
            "see_also: [b]\nb:\n  zh: 举国体制\n  en: whole-nation system\n  definition: B.\n"
            "  see_also: [a]\n"
        },
    )
    assert run("build", "--strict").code == 0
    page = (edition / "site/glossary/index.html").read_text()
    assert page.count('<p class="see-also">') == 2


@pytest.mark.parametrize(
    "source", [ROOT, ROOT / "tests/editions/analects"], ids=["seed", "analects"]
)
def test_every_page_is_valid_html(tmp_path, source):
    assert VNU.exists(), "vnu.jar is not installed: run tools/install-test-tools"
    assert build_copy(source, tmp_path).code == 0
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(tmp_path / "site")],
        capture_output=True,
        text=True,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [
        f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []
    assert len(list((tmp_path / "site").rglob("*.html"))) >= 8


def test_search_documents_go_to_disk_when_memory_is_full(tmp_path, monkeypatch):
    # /dev/shm is small in a container; and a killed build's documents there are removed later.
    import errno

    import edition.search

    normal = build_copy(ROOT, tmp_path / "normal")
    assert normal.code == 0, normal.err
    shared = tmp_path / "shm"
    shared.mkdir()
    stale = shared / ".search-documents-999999999-abcd"  # no such process
    stale.mkdir()
    running = shared / f".search-documents-{os.getpid()}-abcd"
    running.mkdir()
    monkeypatch.setattr(edition.search, "SHARED_MEMORY", shared)
    write_text = Path.write_text

    def full(path, *args, **kwargs):
        if shared in path.parents:
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    result = build_copy(ROOT, tmp_path / "full")
    assert (result.code, result.err) == (0, "")
    assert sorted(shared.iterdir()) == [running]
    # The same site; only Pagefind's numbering of its documents follows the order a folder lists
    # them in, which on disk is the filesystem's (in memory it is the order they were written).
    numbering = re.compile(r"pagefind/(index/.*|.*\.pf_meta|pagefind-entry\.json)$")
    full, normal = tree(tmp_path / "full/site"), tree(tmp_path / "normal/site")
    assert {k: v for k, v in full.items() if not numbering.match(k)} == {
        k: v for k, v in normal.items() if not numbering.match(k)
    }
    assert len(full) == len(normal)
