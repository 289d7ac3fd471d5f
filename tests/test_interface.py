"""The site's own words in the interface language: `interface:` in edition.yaml, the message
catalogues of edition/locales, and the dates and citations written the language's way."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from conftest import ROOT, SMALL_EDITION, run, write_files
from edition.localize import INTERFACES, format_date, locale_folder

PARTIAL = {
    # The first text's third passage is not translated; the notes cite the first text.
    "content/texts/first/text.yaml": "title: {zh: 第一篇, en: The First "
    "Text}\npublished: 2020-03-20\n"
    "partial: true\n",
    "content/texts/first/en.md": SMALL_EDITION["content/texts/first/en.md"].replace(
        "{#p3}\n        The whole-nation system is old.\n", ""
    ),
}


def build_with_interface(folder, interface: str) -> dict[str, str]:
    """The small edition, partly translated, built with `interface:`; its pages by path."""
    config = SMALL_EDITION["content/edition.yaml"].rstrip(" ") + f"        interface: {interface}\n"
    write_files(folder, {**PARTIAL, "content/edition.yaml": config})
    result = run("build", "--strict")
    assert (result.code, result.err) == (0, "")
    site = folder / "site"
    return {str(p.relative_to(site)): p.read_text() for p in site.rglob("*.html")}


EXPECTED = {
    "zh-Hans": {
        "buttons": (
            'data-view="parallel">并排</button>',
            'data-view="interlinear">逐段对照</button>',
        ),
        "untranslated": '<div class="rendering untranslated" lang="zh-Hans" data-lang="en" '
        'data-version="en" data-untranslated>（此段尚无译文。）</div>',
        "cited": '<p class="cited-in">引用于：<a href="../../texts/notes/#n1">'
        "《Notes on the First Text》第 1 段</a>；",
        "nav": (">篇目</a>", ">术语表</a>", ">搜索</a>", ">跳到正文</a>", ">深色模式</button>"),
        "words": {"Link": "链接", "Cite": "引用", "Copied": "已复制"},
    },
    "zh-Hant": {
        "buttons": (
            'data-view="parallel">並排</button>',
            'data-view="interlinear">逐段對照</button>',
        ),
        "untranslated": '<div class="rendering untranslated" lang="zh-Hant" data-lang="en" '
        'data-version="en" data-untranslated>（此段尚無譯文。）</div>',
        "cited": '<p class="cited-in">引用於：<a href="../../texts/notes/#n1">'
        "《Notes on the First Text》第 1 段</a>；",
        "nav": (">篇目</a>", ">術語表</a>", ">搜尋</a>", ">跳至正文</a>", ">深色模式</button>"),
        "words": {"Link": "連結", "Cite": "引用", "Copied": "已複製"},
    },
}


@pytest.mark.parametrize("interface", ["zh-Hans", "zh-Hant"])
def test_a_chinese_interface_speaks_chinese(edition, interface):
    pages = build_with_interface(edition, interface)
    expected = EXPECTED[interface]
    page = pages["texts/first/index.html"]
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="{interface}">')
    head = f'<!DOCTYPE html>\n<html lang="{interface}">'
    assert all(page.startswith(head) for page in pages.values())
    for button in expected["buttons"]:
        assert button in page
    assert expected["untranslated"] in page
    assert expected["cited"] in page
    assert '<time datetime="2020-03-20">2020年3月20日</time>' in page
    assert 'data-citation="《第一篇》（The First Text），2020年3月20日"' in page
    for word in expected["nav"]:
        assert word in page
    # The scripts' words, for the scripts to read: a data block, never an inline script.
    block = re.search(r'<script type="application/json" id="interface_words">(.*?)</script>', page)
    words = json.loads(block.group(1))
    for english, chinese in expected["words"].items():
        assert words[english] == chinese
    assert "Side by side" not in page and "Cited in" not in page and "Vocabulary:" not in page


def test_the_default_interface_is_english_and_carries_no_words_block(edition):
    write_files(edition, PARTIAL)
    assert run("build", "--strict").code == 0
    page = (edition / "site/texts/first/index.html").read_text()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert 'data-view="parallel">Side by side</button>' in page
    marker = "(This passage is not translated yet.)</div>"
    assert f'lang="en" data-lang="en" data-version="en" data-untranslated>{marker}' in page
    assert '<time datetime="2020-03-20">20 March 2020</time>' in page
    assert 'data-citation="“第一篇” (The First Text), 20 March 2020"' in page
    assert 'id="interface_words"' not in page


def test_an_english_interface_may_be_chosen_for_an_edition_without_english(edition):
    config = (
        'title: {zh: "小读本"}\nlanguages:\n  zh: {label: "中文", html: zh-Hans}\n'
        "source_language: zh\ntexts: [first]\nsite_url: https://example.org/small/\ninterface: en\n"
    )
    write_files(
        edition,
        {
            "content/edition.yaml": config,
            "content/texts/first/text.yaml": "title: 第一篇\n",
            "content/texts/first/en.md": None,
            "content/texts/notes/text.yaml": None,
            "content/texts/notes/en.md": None,
            "glossary.yaml": None,
        },
    )
    (edition / "content/texts/notes").rmdir()
    assert run("build", "--strict").code == 0
    page = (edition / "site/index.html").read_text()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">') and "<h2>Texts</h2>" in page


def test_dates_as_each_interface_writes_them():
    day, moment = datetime.date(2020, 3, 20), datetime.datetime(2020, 3, 20, 9, 5)
    assert format_date(day) == "20 March 2020"
    assert format_date(moment) == "20 March 2020, 09:05"
    assert format_date(day, "zh-Hans") == format_date(day, "zh-Hant") == "2020年3月20日"
    assert format_date(moment, "zh-Hant") == "2020年3月20日 09:05"
    assert format_date(moment, "zh-Hans", time=False) == "2020年3月20日"


# --- The catalogues ------------------------------------------------------------------------


def extracted() -> dict[object, set[str]]:
    """Every message marked in the templates, render.py and the scripts, as Babel extracts it
    with babel.cfg: its msgid (a (singular, plural) pair for a plural) and the files using it."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[object, set[str]] = {}
    for path, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, comment_tags=("TRANSLATORS:",)
    ):
        if path.startswith(("tests/", ".venv/", "node_modules/")):
            continue
        found.setdefault(message, set()).add(path)
    return found


PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("interface", [i for i in INTERFACES if i != "en"])
def test_every_message_has_a_translation(interface):
    """A string marked for translation and not yet in a catalogue (`make messages`, then
    translate it) fails here, as does a catalogue entry no longer used."""
    messages = extracted()
    assert len(messages) > 60  # the extraction found the templates, render.py and the scripts
    path = locale_folder(interface) / "LC_MESSAGES/messages.po"
    with open(path, "rb") as file:
        catalog = read_po(file)
    translated = {m.id: m for m in catalog if m.id}
    assert sorted(map(str, messages)) == sorted(map(str, translated))
    for msgid, files in messages.items():
        message = translated[msgid]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, msgid
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(ids[-1])), msgid
        # The files of its location lines say which messages the pages carry for the scripts.
        assert {where for where, _line in message.locations} == files, msgid
