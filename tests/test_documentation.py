"""Every command and option is documented where editors look: the README and the editor's guide."""

from __future__ import annotations

import re

import build
from conftest import ROOT

GUIDE = (ROOT / "docs/editor-guide.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def options():
    parser = build.parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name, command in commands.items():
        yield (
            name,
            [
                o
                for a in command._actions
                for o in a.option_strings
                if o.startswith("--") and o != "--help"
            ],
        )


def test_every_command_and_option_is_in_the_guide_and_the_readme():
    for name, flags in options():
        for text in (GUIDE, README):
            # The synopsis: a line naming the command with every option (examples name fewer).
            command = f"python build.py {name}"
            lines = [l for l in text.splitlines() if f"{command} " in l or l.endswith(command)]
            assert lines, name
            assert any(all(flag in line for flag in flags) for line in lines), (name, flags)


def test_every_edition_and_text_key_is_in_the_guide():
    from edition.glossary import ENTRY_KEYS
    from edition.load import EDITION_KEYS, TEXT_KEYS

    for key in EDITION_KEYS | TEXT_KEYS | ENTRY_KEYS:
        assert re.search(rf"^\s*{key}:", GUIDE, re.M), key
