"""The scripts' words in the interface language: the words a page carries for them (edition.yaml
`interface:`), read when they run. The Analects edition with a traditional Chinese interface,
the classics with a simplified one."""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import expect

from browser import serve
from conftest import ROOT, run

TEXT = "texts/xue-er/"


def served(tmp_path_factory, name: str, interface: str, prefix: str):
    folder = tmp_path_factory.mktemp(f"{name}-{interface}")
    source = ROOT / "tests/editions" / name
    shutil.copytree(source / "content", folder / "content")
    shutil.copy(source / "glossary.yaml", folder / "glossary.yaml")
    with open(folder / "content/edition.yaml", "a", encoding="utf-8") as config:
        config.write(f"interface: {interface}\n")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run("build", "--strict", "--base-url", prefix)
    finally:
        os.chdir(cwd)
    assert (result.code, result.err) == (0, "")
    return serve(folder / "site", prefix)


@pytest.fixture(scope="module")
def analects_hant(tmp_path_factory):
    base, server = served(tmp_path_factory, "analects", "zh-Hant", "/analects/")
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def classics_hans(tmp_path_factory):
    base, server = served(tmp_path_factory, "classics", "zh-Hans", "/classics/")
    yield base
    server.shutdown()


def test_views_tools_and_markers_in_traditional_chinese(chromium, analects_hant):
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(analects_hant + TEXT + "?view=en")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    buttons = page.locator("#view_controls button").all_text_contents()
    assert buttons == ["並排", "逐段對照", "文言", "English", "拼音"]
    tools = page.locator("#a1-1 .passage-tools button")
    assert tools.all_inner_texts() == ["連結", "引用", "範圍"]
    assert tools.evaluate_all("els => els.map(e => e.hidden)") == [False, False, True]
    assert page.locator("#a1-1 .passage-tools button").first.get_attribute("title") == (
        "複製本段的連結（之後點按另一段的「範圍」，可複製一個範圍）"
    )
    assert page.locator('#a1-4 [data-lang="en"]').inner_text() == "（此段尚無譯文。）"
    assert page.locator("#a1-2 button.reveal").inner_text() == "顯示文言"
    page.locator("#a1-2 button.reveal").click()
    assert page.locator("#a1-2 button.reveal").inner_text() == "隱藏文言"
    cited = page.locator("#a1-2 .cited-in").inner_text()
    assert cited.startswith("引用於：《Reading notes on Book I》第 2 段；")
    assert page.locator(".text-meta time").inner_text() == "1861年1月1日"

    page.locator("#a1-2").hover()
    page.locator("#a1-2 .passage-tools button", has_text="連結").click()
    expect(page.locator("#live_status")).to_have_text("已複製第 1.2 段的連結")
    expect(page.locator("#a1-2 .passage-tools button").first).to_have_text("已複製")
    page.locator("#a1-2 .passage-tools button", has_text="引用").click()
    expect(page.locator("#live_status")).to_have_text("已複製第 1.2 段的引用")
    citation = page.evaluate("navigator.clipboard.readText()")
    assert citation.endswith("，1861年1月1日，第 1.2 段。" + analects_hant + TEXT + "#a1-2")
    page.locator("#a1-3").hover()
    range_button = page.locator("#a1-3 .passage-tools button", has_text="範圍")
    expect(range_button).to_have_attribute("title", "複製第 1.2–1.3 段的引用格式")
    range_button.click()
    expect(page.locator("#live_status")).to_have_text("已複製第 1.2–1.3 段的引用")
    citation = page.evaluate("navigator.clipboard.readText()")
    range_address = analects_hant + TEXT + "#a1-2..a1-3"
    assert citation.endswith("，1861年1月1日，第 1.2–1.3 段。" + range_address)

    page.goto(analects_hant + TEXT + "#nowhere")
    assert page.locator(".notice").inner_text() == "本篇沒有「nowhere」這一段。各段編號見頁邊。"
    page.goto(analects_hant + TEXT + "?view=parallel")
    page.locator("#a1-2 a.gloss").first.hover()
    assert page.locator(".gloss-card > a").inner_text() == "完整詞條及出處 →"
    assert page.locator(".gloss-card .card-close").get_attribute("aria-label") == "關閉"
    context.close()
    assert errors == []


def test_search_results_in_simplified_chinese(page, classics_hans):
    page.goto(classics_hans + "search/?q=道")
    expect(page.locator(".result-count")).to_contain_text("条结果")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    places = page.locator(".result-where").all_inner_texts()
    assert any(p.startswith("术语表：") for p in places)
    assert any(p.startswith("《") and "段（" in p for p in places)
    page.goto(classics_hans + "search/?q=qwxyzzy")
    expect(page.locator(".result-count")).to_have_text("没有找到“qwxyzzy”。")
