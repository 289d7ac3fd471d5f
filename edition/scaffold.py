"""`build.py new DIR`: a minimal edition that builds with --strict at once.

It writes what an editor's own repository needs and nothing more:

    DIR/content/edition.yaml                 the edition, its two languages, one text
    DIR/content/texts/<SAMPLE>/              text.yaml and one file per language:
                                             two passages, a note, a cross-reference
    DIR/glossary.yaml                        one entry that occurs in the sample
    DIR/.github/workflows/pages.yml          publishing on GitHub Pages
    DIR/README.md, DIR/.gitignore            the editor's commands; the built site stays out of git

No anchors.lock: the first build writes it.

The Pages workflow checks out this tool from its own repository (TOOL_REPOSITORY, at TOOL_REF)
beside the edition and runs its build.py, so an edition's repository holds only the edition.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

from .model import Diagnostics, Location
from .textfile import shown

TOOL = Path(__file__).resolve().parent.parent
SAMPLE = "analects-1"

LANGUAGES = {  # code: (label, BCP 47 tag); any other code is its own label and tag
    "zh": ("中文", "zh-Hans"),
    "zh-hant": ("繁體中文", "zh-Hant"),
    "lzh": ("文言", "lzh"),
    "en": ("English", "en"),
}
TRADITIONAL = {"zh-hant", "lzh"}

# The first two sayings of the Analects and James Legge's translation (1861): public domain,
# short, and they show a note, a cross-reference and one glossary term rendered two ways; the
# marks <!--+--> join Legge's sentences where one Chinese sentence became two, so that the
# sentences pair in order.
CHINESE = {
    "simplified": (
        "子曰：“学而时习之，不亦说乎？[^1]有朋自远方来，不亦乐乎？人不知而不愠，不亦君子乎？”",
        "有子曰：“其为人也孝弟，而好犯上者，鲜矣；"
        "不好犯上，而好作乱者，未之有也。"
        "君子务本，本立而道生。孝弟也者，其为仁之本与！”",
        "说，读作“悦”，喜悦。",
    ),
    "traditional": (
        "子曰：「學而時習之，不亦說乎？[^1]有朋自遠方來，不亦樂乎？人不知而不慍，不亦君子乎？」",
        "有子曰：「其為人也孝弟，而好犯上者，鮮矣；"
        "不好犯上，而好作亂者，未之有也。"
        "君子務本，本立而道生。孝弟也者，其為仁之本與！」",
        "說，讀作「悅」，喜悅。",
    ),
}
ENGLISH = (
    'The Master said, "Is it not pleasant to learn with a constant perseverance and\n'
    "application? Is it not delightful to have friends coming from distant quarters? Is he not a\n"
    'man of complete virtue, who feels no discomposure though men may take no note of him?"',
    'The philosopher Yu said, "They are few who, being filial and fraternal, are fond of\n'
    "offending against their superiors.<!--+--> There have been none, who, not liking to offend\n"
    "against their superiors, have been fond of stirring up confusion. The superior man bends his\n"
    "attention to what is radical.<!--+--> That being established, all practical courses\n"
    "naturally grow up. Filial piety and fraternal submission! — are they not the root of all\n"
    'benevolent actions?"[^1]',
    'Legge renders 君子 as "man of complete virtue" in [the first saying](zh.md#p1) and as\n'
    '"superior man" here: the glossary lists both.',
)


def language(code: str) -> tuple[str, str]:
    return LANGUAGES.get(code, (code, code))


def is_chinese(code: str) -> bool:
    return code in ("zh", "lzh") or code.startswith("zh-")


def readable(name: str) -> str:
    """A folder or slug name as a title: `my-edition` → `My edition`."""
    words = re.sub(r"[-_]+", " ", name).strip()
    return words[:1].upper() + words[1:] if words else "A new edition"


def sample_passages(code: str, other: str) -> tuple[str, str, str]:
    """The sample's two passages and note in one language. Chinese in a Chinese language, the
    English translation otherwise: a placeholder the editor replaces, in a language we know."""
    if is_chinese(code):
        return CHINESE["traditional" if code in TRADITIONAL else "simplified"]
    first, second, note = ENGLISH
    return first, second, note.replace("(zh.md#p1)", f"({other}.md#p1)")


def language_file(code: str, other: str) -> str:
    first, second, note = sample_passages(code, other)
    return f"{{#p1}}\n{first}\n\n{{#p2}}\n{second}\n\n[^1]: {note}\n"


def edition_yaml(title: str, source: str, target: str, address: str) -> str:
    lines = [
        "# The edition. Every key is described in the editor's guide of the build tool",
        "# (docs/editor-guide.md); an unknown or misspelt key is an error.",
        f"title: {json.dumps(title, ensure_ascii=False)}    # or per language: {{zh: …, en: …}}",
        "languages:                # the order is the order of the parallel view",
    ]
    for code in (source, target):
        label, tag = language(code)
        lines.append(f"  {code}: {{label: {json.dumps(label, ensure_ascii=False)}, html: {tag}}}")
    lines += [
        f"source_language: {source}    # the language a text is in; the other translates it",
        f"texts: [{SAMPLE}]    # the reading order: one folder under texts/ each",
        f'site_url: "{address}"    # where the site is published',
    ]
    return "\n".join(lines) + "\n"


SAMPLE_NOTES = """\
notes: >-
  A sample text: replace it with your own (`build.py import` makes a text from plain files),
  then remove this folder and its line in edition.yaml. The translation is James Legge's
  (1861).
"""


def glossary_yaml(source: str, target: str) -> str:
    """The sample glossary: one entry, its headword under the source language's code and its
    rendering under the target's, each in the language the sample's file is written in."""

    def form(code: str) -> str:
        return "君子" if is_chinese(code) else "man of complete virtue"

    variants = (
        ""
        if is_chinese(target)
        else (
            "  variants:                     # other renderings that are glossed too\n"
            f'    {target}: ["superior man"]\n'
        )
    )
    return (
        "# The glossary: one entry per term, under an id of your choice ([a-z][a-z0-9-]*).\n"
        "junzi:\n"
        f"  {source}: {form(source)}    # the headword, as the source text writes it\n"
        f"  {target}: {form(target)}    # the preferred rendering\n"
        + variants
        + "  definition: >-\n"
        "    The exemplary person of the Analects: noble in conduct rather than by birth.\n"
    )


README = """\
# {title}

An annotated bilingual reading edition, made with an edition build tool whose own README and
`docs/editor-guide.md` describe the format in full. In this folder:

```sh
TOOL={tool}    # where the build tool is; `make site` there installs its .venv
$TOOL/.venv/bin/python $TOOL/build.py build --strict   # build the site into site/
$TOOL/.venv/bin/python $TOOL/build.py serve            # http://127.0.0.1:8000/, kept up to date
```

- `content/edition.yaml`: title, languages, reading order. `content/texts/<slug>/`: one
  folder per text, with `text.yaml` and one Markdown file per language. `glossary.yaml`: the
  glossary.
- Add a text from plain files, paragraphs paired in order:

  ```sh
  $TOOL/.venv/bin/python $TOOL/build.py import my-text \\
      --lang {source} {source}.txt --lang {target} {target}.txt
  ```

- Commit `content/anchors.lock`, which the first build writes: it keeps every published
  passage id, so that links to passages keep working.
- Publishing: push this folder as a GitHub repository and, in its *Settings → Pages*, choose
  *GitHub Actions*. `.github/workflows/pages.yml` fetches the build tool from
  `TOOL_REPOSITORY` (set at its top) and publishes the site at every push to `main`.
"""

WORKFLOW = """\
# Publish the edition on GitHub Pages at every push to main.
# In the repository's settings, Pages → Build and deployment → Source: GitHub Actions.
# The build tool is not copied into this repository: the workflow fetches it from its own.
name: Publish the edition

on:
  push:
    branches: [main]
  workflow_dispatch:

env:
  TOOL_REPOSITORY: {repository}   # the build tool's repository on GitHub (owner/name)
  TOOL_REF: main                  # its branch, tag or commit: a tag or commit pins the version

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: Say which tool to fetch when it is not set
        if: env.TOOL_REPOSITORY == 'OWNER/REPOSITORY'
        run: |
          echo "::error::set TOOL_REPOSITORY at the top of .github/workflows/pages.yml"
          exit 1
      - uses: actions/checkout@v4.2.2
      - name: Fetch the build tool
        uses: actions/checkout@v4.2.2
        with:
          repository: ${{{{ env.TOOL_REPOSITORY }}}}
          ref: ${{{{ env.TOOL_REF }}}}
          path: .tool
      - uses: actions/setup-python@v5.6.0
        with:
          python-version: "3.11"
      - id: pages
        uses: actions/configure-pages@v5.0.0
      - name: Install the build's pinned requirements
        run: python -m pip install -r .tool/requirements.txt
      - name: Build the edition under the repository's address
        run: >-
          python .tool/build.py build --strict
          --base-url "${{{{ steps.pages.outputs.base_path }}}}/"
          --site-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3.0.1
        with:
          path: site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4.0.5
"""

GITIGNORE = "site/\n.site.*\n"  # the site, and what a build keeps beside it while it runs


def tool_repository() -> str:
    """owner/name of this tool on GitHub when its git remote says so; a placeholder otherwise,
    which the workflow explains."""
    try:
        url = subprocess.run(
            ["git", "-C", str(TOOL), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        url = ""
    match = re.search(r"github\.com[:/]([\w.-]+/[\w.-]+?)(?:\.git)?/?\Z", url)
    return match.group(1) if match else "OWNER/REPOSITORY"


def files(folder: Path, source: str, target: str) -> dict[str, str]:
    """Every file of the new edition, by its path inside `folder`."""
    title = readable(folder.resolve().name)
    address_name = re.sub(r"[^a-z0-9-]+", "-", folder.resolve().name.lower()).strip("-")
    texts = f"content/texts/{SAMPLE}"
    return {
        "content/edition.yaml": edition_yaml(
            title, source, target, f"https://example.github.io/{address_name or 'edition'}/"
        ),
        f"{texts}/text.yaml": sample_text_yaml(source, target),
        f"{texts}/{source}.md": language_file(source, target),
        f"{texts}/{target}.md": language_file(target, source),
        "glossary.yaml": glossary_yaml(source, target),
        ".github/workflows/pages.yml": WORKFLOW.format(repository=tool_repository()),
        "README.md": README.format(
            title=title, tool=shlex.quote(str(TOOL)), source=source, target=target
        ),
        ".gitignore": GITIGNORE,
    }


def sample_text_yaml(source: str, target: str) -> str:
    """The sample's titles under the edition's own language codes."""

    def chinese(code: str) -> tuple[str, str]:
        if code in TRADITIONAL:
            return "論語·學而（選）", "孔子弟子"
        return "论语·学而（选）", "孔子弟子"

    english = ("The Analects, Book 1 (selection)", "Disciples of Confucius")
    both = {code: chinese(code) if is_chinese(code) else english for code in (source, target)}
    title = {code: pair[0] for code, pair in both.items()}
    author = {code: pair[1] for code, pair in both.items()}

    def mapping(values: dict[str, str]) -> str:
        pairs = (f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in values.items())
        return "{" + ", ".join(pairs) + "}"

    return f"title: {mapping(title)}\nauthor: {mapping(author)}\n{SAMPLE_NOTES}"


def new_edition(folder: Path, source: str, target: str) -> Diagnostics:
    diagnostics = Diagnostics()
    where = Location(shown(folder), 1)
    if folder.exists() and not folder.is_dir():
        diagnostics.error(where, "this is a file; new makes an edition only in a folder")
        return diagnostics
    if folder.is_dir() and any(folder.iterdir()):
        diagnostics.error(
            where, "the folder is not empty; new makes an edition only in an empty or new folder"
        )
        return diagnostics
    for name, body in files(folder, source, target).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    shown_folder = shown(folder)
    print(
        f"made an edition in {shown_folder}/ (content/, glossary.yaml, README.md, "
        f".github/workflows/pages.yml); next: python build.py build "
        f"--content {shown_folder}/content --out {shown_folder}/site"
    )
    return diagnostics
