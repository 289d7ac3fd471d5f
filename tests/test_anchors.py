"""Ids that last: anchors.lock, moved ids, stamp."""

from __future__ import annotations

import json

from conftest import run, write_files


def test_build_records_published_ids(edition):
    assert run("build", "--strict").code == 0
    lock = json.loads((edition / "content/anchors.lock").read_text())
    assert lock == {"first": ["p1", "p2", "p3", "s1"], "notes": ["n1", "n2"]}


def test_removing_a_published_id_fails_the_build(edition):
    assert run("build").code == 0
    write_files(
        edition,
        {
            "glossary.yaml": "",
            "content/texts/first/zh.md": "{#s1}\n## 一\n\n{#p1}\n一。\n\n{#p2}\n二。\n",
            "content/texts/first/en.md": "{#s1}\n## 1\n\n{#p1}\nOne.\n\n{#p2}\nTwo.\n",
        },
    )
    result = run("build")
    assert result.code == 1
    assert result.lines == [
        "content/texts/first/text.yaml:1: error: passage 'p3' was published (see "
        "content/anchors.lock) and is gone "
        "from zh.md: restore it, or map it to its successor in text.yaml with moved: {p3: <new id>}"
    ]


def test_a_renamed_id_is_reported_with_the_problems_of_other_texts(edition):
    assert run("build").code == 0
    write_files(
        edition,
        {
            "content/texts/first/zh.md": "{#s1}\n## 一\n\n{#p1}\n一。\n\n"
            "{#p2}\n二。\n\n{#p9}\n三。\n",
            "content/texts/first/en.md": "{#s1}\n## 1\n\n{#p1}\nOne.\n\n"
            "{#p2}\nTwo.\n\n{#p9}\nThree.\n",
            "content/texts/notes/en.md": "{#n1}\nText.\n\n{#N2}\nMore.\n",
        },
    )
    result = run("check")
    assert result.lines == [
        "content/texts/first/text.yaml:1: error: passage 'p3' was published "
        "(see content/anchors.lock) and is gone from zh.md: restore it, or map it to its "
        "successor in text.yaml with moved: "
        "{p3: <new id>}",
        "content/texts/notes/en.md:4: error: passage id 'N2' must match [a-z][a-z0-9-]*",
    ]


def test_a_text_with_an_error_in_its_own_files_is_not_judged_for_retired_ids(edition):
    assert run("build").code == 0
    # n2's block fails to load: that is its one problem, not also "n2 is gone"
    write_files(edition, {"content/texts/notes/en.md": "{#n1}\nText.\n\n{#N2}\nMore.\n"})
    assert run("check").lines == [
        "content/texts/notes/en.md:4: error: passage id 'N2' must match [a-z][a-z0-9-]*",
    ]


def test_a_moved_id_keeps_working(edition):
    assert run("build").code == 0
    write_files(
        edition,
        {
            "glossary.yaml": "",
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First "
            "Text}\nmoved: {p2: p2-new}\n",
            "content/texts/first/zh.md": "{#s1}\n## 一\n\n{#p1}\n一。\n\n"
            "{#p2-new}\n二。\n\n{#p3}\n三。\n",
            "content/texts/first/en.md": "{#s1}\n## 1\n\n{#p1}\nOne.\n\n"
            "{#p2-new}\nTwo.\n\n{#p3}\nThree.\n",
        },
    )
    result = run("build", "--strict")
    assert (result.code, result.err) == (0, "")
    page = (edition / "site/texts/first/index.html").read_text()
    # Without JavaScript #p2 still scrolls to the new passage: the old id is an anchor inside it.
    assert (
        '<section class="passage passage-paragraph" id="p2-new" data-passage data-label="1.2">\n  '
        '<span class="moved-anchor" id="p2" data-moved-to="p2-new"></span>' in page
    )
    lock = json.loads((edition / "content/anchors.lock").read_text())
    assert lock["first"] == ["p1", "p2", "p2-new", "p3", "s1"]


def test_a_cross_reference_to_a_moved_id_lands_on_its_successor(edition):
    write_files(
        edition,
        {
            "glossary.yaml": "",
            "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The "
            "First Text}\nmoved: {old: p1}\n",
            "content/texts/notes/en.md": "{#n1}\nSee [the old one](../first/zh.md#old).\n",
        },
    )
    assert run("build", "--strict").code == 0
    assert (
        'href="../../texts/first/#p1" data-xref="first#p1"'
        in (edition / "site/texts/notes/index.html").read_text()
    )


def test_stamp_adds_fresh_ids_above_every_number_used(edition):
    (edition / "content/anchors.lock").write_text('{"notes": ["p7"]}\n')
    target = edition / "content/texts/notes/en.md"
    target.write_text("{#n1}\nFirst.\n\nNew paragraph\nover two lines.\n\n## A heading\n- a list\n")
    result = run("stamp", str(target.relative_to(edition)))
    assert (result.code, result.out) == (0, "content/texts/notes/en.md: added 3 passage ids\n")
    assert (
        target.read_text()
        == "{#n1}\nFirst.\n\n{#p8}\nNew paragraph\nover two lines.\n\n{#p9}\n## A heading\n"
        "\n{#p10}\n- a list\n"
    )
    again = run("stamp", str(target.relative_to(edition)))
    assert (again.code, again.out) == (0, "content/texts/notes/en.md: every block has an id\n")
