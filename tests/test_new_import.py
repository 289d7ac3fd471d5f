"""`build.py new` and `build.py import`: from an empty folder to a built edition, no hand edits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, run, write_files

FIXTURES = ROOT / "tests/fixtures/import"
ZH = FIXTURES / "daodejing-zh.txt"
EN = FIXTURES / "daodejing-en.txt"


@pytest.fixture
def made(tmp_path, monkeypatch):
    """A new edition in tmp_path/ed, the working folder being tmp_path."""
    monkeypatch.chdir(tmp_path)
    result = run("new", "ed")
    assert (result.code, result.err) == (0, "")
    return tmp_path / "ed"


def fixture_copy(folder: Path, name: str, source: Path, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(source.read_text(encoding="utf-8").encode(encoding))
    return path


def import_pair(slug: str, zh: object = ZH, en: object = EN, *more: str, content="ed/content"):
    """`import SLUG --lang zh … --lang en …`, run in this process."""
    files = ("--lang", "zh", str(zh), "--lang", "en", str(en))
    return run("import", slug, "--content", content, *files, *more)


def page(edition: Path, slug: str) -> str:
    return (edition / f"site/texts/{slug}/index.html").read_text(encoding="utf-8")


def test_new_makes_an_edition_that_builds_strict_at_once(made):
    files = sorted(str(p.relative_to(made)) for p in made.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/pages.yml",
        ".gitignore",
        "README.md",
        "content/edition.yaml",
        "content/texts/analects-1/en.md",
        "content/texts/analects-1/text.yaml",
        "content/texts/analects-1/zh.md",
        "glossary.yaml",
    ]
    result = run("build", "--content", "ed/content", "--out", "ed/site", "--strict")
    assert (result.code, result.err) == (0, "")
    html = page(made, "analects-1")
    assert 'data-term="junzi"' in html and 'data-xref="analects-1#p1"' in html
    assert "有朋自远方来" in html
    workflow = (made / ".github/workflows/pages.yml").read_text()
    import yaml

    steps = yaml.safe_load(workflow)["jobs"]["build"]["steps"]
    tool = {"repository": "${{ env.TOOL_REPOSITORY }}", "ref": "${{ env.TOOL_REF }}"}
    tool["path"] = ".tool"
    assert tool in [step.get("with") for step in steps]
    assert "python .tool/build.py build --strict" in workflow
    assert "pip install -r .tool/requirements.txt" in workflow
    assert "build.py serve" in (made / "README.md").read_text()


def test_the_new_editions_git_ignores_the_site_and_what_a_build_keeps_beside_it(made):
    import subprocess

    subprocess.run(["git", "init", "-q", str(made)], check=True)
    names = [
        "site/index.html",
        ".site.lock",
        ".site.building-12-ab34cd56/index.html",
        ".site.pagefind/x",
        "content/texts/analects-1/zh.md",
    ]
    checked = subprocess.run(
        ["git", "-C", str(made), "check-ignore", *names], capture_output=True, text=True
    )
    assert checked.stdout.split() == names[:4]


def test_new_prints_one_line_naming_what_it_made_and_the_next_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "mine")
    assert result.out == (
        "made an edition in mine/ (content/, glossary.yaml, README.md, "
        ".github/workflows/pages.yml); next: python build.py build --content mine/content "
        "--out mine/site\n"
    )


def test_new_takes_the_two_languages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "ed", "--source", "lzh", "--target", "en").code == 0
    edition_yaml = (tmp_path / "ed/content/edition.yaml").read_text()
    assert '  lzh: {label: "文言", html: lzh}' in edition_yaml
    assert "source_language: lzh" in edition_yaml
    assert "學而時習之" in (tmp_path / "ed/content/texts/analects-1/lzh.md").read_text()
    result = run("build", "--content", "ed/content", "--out", "ed/site", "--strict")
    assert (result.code, result.err) == (0, "")


@pytest.mark.parametrize(
    "source, target",
    [
        ("ja", "en"),
        ("en", "fr"),
        ("en", "zh"),
        ("zh", "zh-hant"),
        ("zh-hant", "zh"),
    ],
)
def test_new_builds_strict_whatever_the_two_languages(tmp_path, monkeypatch, source, target):
    monkeypatch.chdir(tmp_path)
    assert run("new", "ed", "--source", source, "--target", target).code == 0
    result = run("build", "--content", "ed/content", "--out", "ed/site", "--strict")
    assert (result.code, result.err) == (0, "")
    assert 'data-term="junzi"' in page(tmp_path / "ed", "analects-1")


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path, {"full/notes.txt": "mine\n"})
    result = run("new", "full")
    assert (result.code, result.lines) == (
        1,
        [
            "full:1: error: the folder is not empty; "
            "new makes an edition only in an empty or new folder"
        ],
    )
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["notes.txt"]


def test_new_then_import_then_build_strict(made):
    result = import_pair("daodejing", ZH, EN, "--title", "Tao Te Ching")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "imported daodejing into ed/content/texts/daodejing/: 10 passages (zh 10, en 10); "
        "added to texts in ed/content/edition.yaml\n"
    )
    folder = made / "content/texts/daodejing"
    assert (folder / "text.yaml").read_text() == 'title: "Tao Te Ching"\n'
    zh = (folder / "zh.md").read_text()
    assert zh.startswith(
        "{#p1}\n道可道，非常道；名可名，非常名。无名天地之始，有名万物之母。故常无欲"
    )
    assert "{#p10}\n载营魄抱一" in zh
    en = (folder / "en.md").read_text()
    assert "{#p8}\n1\\. The highest excellence is like (that of) water." in en
    built = run("build", "--content", "ed/content", "--out", "ed/site", "--strict")
    assert (built.code, built.err) == (0, "")
    html = page(made, "daodejing")
    assert 'id="p8" data-passage' in html and "上善若水" in html
    assert "1. The highest excellence is like (that of) water.</span>" in html
    assert "<ol" not in html.split("<main")[1]  # Legge's numbers stay text, not lists
    import json

    data = json.loads((made / "site/edition.json").read_text())
    first = next(t for t in data["texts"] if t["slug"] == "daodejing")["passages"][0]["text"]
    assert "有名万物之母。故常无欲" in first["zh"]  # lines of Chinese join with nothing


def test_import_from_another_folder_lists_the_text_in_a_block_list_keeping_comments(made):
    edition_yaml = made / "content/edition.yaml"
    body = edition_yaml.read_text().replace(
        "texts: [analects-1]    # the reading order: one folder under texts/ each",
        "# the reading order\ntexts:\n  - analects-1   # the sample\n# more to come\n",
    )
    edition_yaml.write_text(body)
    os.chdir(made / "content")
    assert import_pair("tao", content=".").code == 0
    item = "  - analects-1   # the sample\n"
    assert edition_yaml.read_text() == body.replace(item, item + "  - tao\n")
    assert (made / "content/texts/tao/text.yaml").read_text() == 'title: "Tao"\n'


def test_the_flow_list_keeps_its_comments(made):
    edition_yaml = made / "content/edition.yaml"
    before = edition_yaml.read_text()
    assert import_pair("tao").code == 0
    assert edition_yaml.read_text() == before.replace("[analects-1]", "[analects-1, tao]")


def test_markdown_files_give_the_title_and_keep_their_notes(made, tmp_path):
    write_files(
        tmp_path,
        {
            "zh.md": "# 论语\n\n{#old}\n学而时习之。[^1]\n\n[^1]: 说，同悦。\n",
            "en.md": "# The Analects\nTo learn and practise.\n",
        },
    )
    result = import_pair("lunyu", "zh.md", "en.md")
    assert result.code == 0, result.err
    folder = made / "content/texts/lunyu"
    assert (folder / "text.yaml").read_text() == 'title: {zh: "论语", en: "The Analects"}\n'
    assert (
        folder / "zh.md"
    ).read_text() == "{#p1}\n# 论语\n\n{#p2}\n学而时习之。[^1]\n\n[^1]: 说，同悦。\n"
    en = "{#p1}\n# The Analects\n\n{#p2}\nTo learn and practise.\n"
    assert (folder / "en.md").read_text() == en
    assert run("check", "--content", "ed/content", "--strict").code == 0


def test_plain_text_stays_plain(made, tmp_path):
    plain = "# not a heading\n{#p9} not an id\n\n- not a list\n    not code\n"
    write_files(tmp_path, {"en.txt": plain})
    assert run("import", "plain", "--content", "ed/content", "--lang", "en", "en.txt").code == 0
    assert (made / "content/texts/plain/en.md").read_text() == (
        "{#p1}\n\\# not a heading\n\\{#p9} not an id\n\n{#p2}\n\\- not a list\nnot code\n"
    )
    assert run("build", "--content", "ed/content", "--out", "ed/site", "--strict").code == 0
    assert '<p><span data-s="1"># not a heading\n{#p9} not an id</span></p>' in page(made, "plain")


def test_csv_import_with_a_quoted_multiline_cell(made, tmp_path):
    write_files(
        tmp_path,
        {
            "table.csv": (
                "zh,en\n"
                '"上善若水。","The highest excellence is like (that of) water."\n'
                '"天长地久。\n天地所以能长且久者，以其不自生。","Heaven is long-enduring,\n'
                "\nand earth continues "
                'long."\n'
                '谷神不死。,"The valley spirit dies not, aye the same;"\n'
            )
        },
    )
    result = run("import", "table", "table.csv", "--content", "ed/content")
    assert (result.code, result.err) == (0, "")
    folder = made / "content/texts/table"
    assert (folder / "zh.md").read_text() == (
        "{#p1}\n上善若水。\n\n{#p2}\n天长地久。天地所以能长且久者，以其不自生。\n\n{#p3}\n"
        "谷神不死。\n"
    )
    assert (folder / "en.md").read_text() == (
        "{#p1}\nThe highest excellence is like (that of) water.\n\n"
        "{#p2}\nHeaven is long-enduring,\nand earth continues long.\n\n"
        "{#p3}\nThe valley spirit dies not, aye the same;\n"
    )
    assert run("build", "--content", "ed/content", "--out", "ed/site", "--strict").code == 0


def test_tsv_import(made, tmp_path):
    write_files(tmp_path, {"table.tsv": "en\tzh\nWater.\t水。\nValley, spirit.\t谷神。\n"})
    assert run("import", "tsv", "table.tsv", "--content", "ed/content").code == 0
    assert (made / "content/texts/tsv/zh.md").read_text() == "{#p1}\n水。\n\n{#p2}\n谷神。\n"
    en = "{#p1}\nWater.\n\n{#p2}\nValley, spirit.\n"
    assert (made / "content/texts/tsv/en.md").read_text() == en


def test_a_tsv_cell_that_opens_with_a_quotation_mark_is_text(made, tmp_path):
    write_files(
        tmp_path,
        {
            "table.tsv": (
                'zh\ten\n子曰：学。\t"The Master said: learn.\n二。\tAnd practise.\n'
                '三。\t"Few," said Yu.\n'
            )
        },
    )
    assert run("import", "quoted", "table.tsv", "--content", "ed/content").code == 0
    en = '{#p1}\n"The Master said: learn.\n\n{#p2}\nAnd practise.\n\n{#p3}\n"Few," said Yu.\n'
    assert (made / "content/texts/quoted/en.md").read_text() == en
    assert (
        made / "content/texts/quoted/zh.md"
    ).read_text() == "{#p1}\n子曰：学。\n\n{#p2}\n二。\n\n{#p3}\n三。\n"


def test_a_table_row_with_an_empty_cell_needs_partial(made, tmp_path):
    write_files(tmp_path, {"table.csv": "zh,en\n水。,Water.\n谷神。,\n"})
    result = run("import", "gaps", "table.csv", "--content", "ed/content")
    assert (result.code, result.lines) == (
        1,
        ["table.csv:3: error: this row has no en text; fill it in, or import with --partial"],
    )
    assert run("import", "gaps", "table.csv", "--content", "ed/content", "--partial").code == 0
    assert (made / "content/texts/gaps/en.md").read_text() == "{#p1}\nWater.\n"
    assert (made / "content/texts/gaps/text.yaml").read_text() == 'title: "Gaps"\npartial: true\n'
    assert run("build", "--content", "ed/content", "--out", "ed/site", "--strict").code == 0


def test_single_language_import_is_a_commentary(made, tmp_path):
    write_files(tmp_path, {"notes.txt": "A reader's note.\n\nAnother one,\nover two lines.\n"})
    result = run(
        "import",
        "notes",
        "--content",
        "ed/content",
        "--lang",
        "en",
        "notes.txt",
        "--title",
        "Notes",
    )
    assert result.code == 0
    folder = made / "content/texts/notes"
    assert sorted(p.name for p in folder.iterdir()) == ["en.md", "text.yaml"]
    assert (folder / "text.yaml").read_text() == 'title: "Notes"\nkind: commentary\n'
    assert run("build", "--content", "ed/content", "--out", "ed/site", "--strict").code == 0


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-16-be-bom", "utf-8-sig"])
def test_other_encodings_are_converted(made, tmp_path, encoding):
    zh = ZH.read_text(encoding="utf-8").replace("\n", "\r\n")
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + zh.encode("utf-16-be")
    else:
        data = zh.encode(encoding)
    (tmp_path / "zh.txt").write_bytes(data)
    assert import_pair("tao", "zh.txt").code == 0
    zh_md = (made / "content/texts/tao/zh.md").read_text(encoding="utf-8")
    assert zh_md.startswith("{#p1}\n道可道，非常道")


def test_uneven_counts_say_where_the_files_stop_corresponding(made, tmp_path):
    chapters = EN.read_text(encoding="utf-8").split("\n\n")
    (tmp_path / "en.txt").write_text("\n\n".join(chapters[:7] + chapters[8:]), encoding="utf-8")
    zh = fixture_copy(tmp_path, "zh.txt", ZH)
    result = import_pair("tao", zh, "en.txt")
    assert (result.code, result.lines) == (
        1,
        [
            "zh.txt:25: error: the files stop corresponding here: paragraph 8 of zh.txt (line 25) "
            "and "
            "paragraph 8 of en.txt (line 41) differ in length out of proportion; zh.txt has 10 "
            "paragraphs, en.txt 9"
        ],
    )
    assert not (made / "content/texts/tao").exists()
    assert "tao" not in (made / "content/edition.yaml").read_text()
    partial = import_pair("tao", "zh.txt", "en.txt", "--partial")
    assert partial.code == 0
    assert "{#p9}" in (made / "content/texts/tao/en.md").read_text()
    assert "{#p10}" not in (made / "content/texts/tao/en.md").read_text()
    assert run("build", "--content", "ed/content", "--out", "ed/site", "--strict").code == 0


def test_an_unknown_encoding_is_reported(made, tmp_path):
    (tmp_path / "x.txt").write_bytes("First.\n\nSecond.\nCaf\xe9 ok.\n".encode("latin-1"))
    result = run("import", "x", "--content", "ed/content", "--lang", "en", "x.txt")
    assert (result.code, result.lines) == (
        1,
        [
            "x.txt:4: error: the file is neither UTF-8, UTF-16 nor GB18030 (byte 0xe9 at column "
            "4); "
            "save it as UTF-8"
        ],
    )


def test_an_existing_slug_is_refused(made):
    result = run("import", "analects-1", "--content", "ed/content", "--lang", "en", str(EN))
    assert (result.code, result.lines) == (
        1,
        [
            "ed/content/edition.yaml:8: error: ed/content/texts/analects-1/ already exists; "
            "choose another slug or remove it"
        ],
    )


def test_a_bad_slug_is_a_usage_error(made):
    result = run("import", "Tao_Te", "--content", "ed/content", "--lang", "en", str(EN))
    assert result.code == 2
    assert result.lines[-1] == (
        "build.py import: error: argument SLUG: 'Tao_Te' is not a slug: use lower-case letters, "
        "digits and hyphens ([a-z0-9-]+)"
    )


def test_a_language_the_edition_lacks_is_refused(made):
    result = run("import", "tao", "--content", "ed/content", "--lang", "fr", str(EN))
    assert (result.code, result.lines) == (
        1,
        [
            "ed/content/edition.yaml:4: error: 'fr' is not a language of this edition (zh, en); "
            "add it under languages first"
        ],
    )
    write_files(made.parent, {"t.csv": "zh,fr\n水。,Eau.\n"})
    table = run("import", "tao", "t.csv", "--content", "ed/content")
    assert (table.code, table.lines) == (
        1,
        [
            "t.csv:1: error: column 2 is headed 'fr', which is not a language of this edition "
            "(zh, en)"
        ],
    )


def test_check_from_another_folder_takes_the_glossary_beside_the_content(made, tmp_path):
    unrelated = "x:\n  zh: 无关\n  en: unrelated\n  definition: d\n"
    write_files(tmp_path, {"elsewhere/glossary.yaml": unrelated})
    os.chdir(tmp_path / "elsewhere")
    result = run("check", "--content", "../ed/content", "--strict")
    assert (result.code, result.err) == (0, "")
    assert result.out == "checked 1 text, 2 passages, 1 glossary entry: no problems\n"


def test_check_and_stamp_say_in_one_line_that_all_is_well(made):
    assert run("check", "--content", "ed/content").out == (
        "checked 1 text, 2 passages, 1 glossary entry: no problems\n"
    )
    result = run("stamp", "ed/content/texts/analects-1/zh.md")
    said = "ed/content/texts/analects-1/zh.md: every block has an id\n"
    assert (result.code, result.out) == (0, said)
