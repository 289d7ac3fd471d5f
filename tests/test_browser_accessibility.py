"""axe-core (from npm) on every page, light and dark: no serious or critical violation."""

from __future__ import annotations

import pytest

from conftest import ROOT

AXE = ROOT / "node_modules/axe-core/axe.min.js"
SEED_PAGES = [
    "",
    "texts/dual-circulation-commentary/",
    "texts/new-nationwide-system/",
    "texts/psc-meeting-2020-05-14/",
    "texts/psc-meeting-2020-05-14/?show=zh,en.revised,en",  # three columns, the picker in use
    "texts/new-nationwide-system/vocabulary/",
    "glossary/",
    "search/?q=双循环",
    "404.html",
]
ANALECTS_PAGES = ["", "texts/xue-er/", "texts/reading-notes/", "glossary/"]


def serious_violations(chromium, url: str, scheme: str, width: int = 1280) -> list[str]:
    assert AXE.exists(), "axe-core is not installed: run tools/install-test-tools"
    # axe is injected as a script of the test, which the pages' Content-Security-Policy would
    # refuse.
    context = chromium.new_context(
        bypass_csp=True, color_scheme=scheme, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", SEED_PAGES)
def test_seed_pages(chromium, seed_site, path, scheme):
    assert serious_violations(chromium, seed_site + path, scheme) == []


@pytest.mark.parametrize("path", ANALECTS_PAGES)
def test_pages_of_another_edition_on_a_phone(chromium, analects_site, path):
    assert serious_violations(chromium, analects_site + path, "light", width=375) == []
