"""The code's shape: the build's modules form layers, never a cycle; the linter, the formatter
and the type checker find nothing; the scripts share the build's constants."""

from __future__ import annotations

import ast
import re
import subprocess

from conftest import ROOT, build_copy
from edition import scripts


def imports_of_the_package() -> dict[str, set[str]]:
    """Each module of edition/ and the modules of edition/ it imports (type-only imports too)."""
    graph = {}
    for path in sorted((ROOT / "edition").glob("*.py")):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    imported.add(node.module.split(".")[0])
                else:
                    imported.update(alias.name for alias in node.names)
        graph[path.stem] = imported
    return graph


def test_the_import_graph_of_the_build_has_no_cycle():
    graph = imports_of_the_package()
    done: set[str] = set()
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for imported in sorted(graph.get(module, ())):
            if imported in path:
                cycles.append(path[path.index(imported) :] + [imported])
            elif imported not in done:
                visit(imported, path + [imported])
        done.add(module)

    for module in sorted(graph):
        visit(module, [module])
    assert cycles == []


def run_tool(*command: str) -> tuple[int, str]:
    done = subprocess.run(
        [str(ROOT / ".venv/bin" / command[0]), *command[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_ruff_finds_nothing_to_report():
    """The lint rules and the line length (100) of pyproject.toml, on every Python file."""
    assert run_tool("ruff", "check", "--no-cache", ".") == (0, "All checks passed!\n")


def test_the_python_is_formatted_as_ruff_formats_it():
    code, output = run_tool("ruff", "format", "--no-cache", "--check", ".")
    assert code == 0, output


MYPY_FILES = len(list((ROOT / "edition").glob("*.py"))) + 1  # and build.py


def test_mypy_finds_no_type_error():
    code, output = run_tool("mypy")
    assert (code, output.splitlines()[-1]) == (
        0,
        f"Success: no issues found in {MYPY_FILES} source files",
    )


def test_no_line_of_javascript_is_over_100_characters():
    long_lines = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "static").glob("*.js"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > 100
    ]
    assert long_lines == []


def javascript_class_ranges(javascript_class: str) -> list[tuple[str, str]]:
    """`\\u3400-\\u4dbf\\u{20000}-\\u{2a6df}` as [("\\u3400", "\\u4dbf"), ("\\U00020000", …)]."""
    escape = r"\\u(?:\{([0-9a-f]+)\}|([0-9a-f]{4}))"
    assert re.fullmatch(f"(?:{escape}-{escape})+", javascript_class), javascript_class
    pairs = re.findall(f"{escape}-{escape}", javascript_class)
    return [(chr(int(a or b, 16)), chr(int(c or d, 16))) for a, b, c, d in pairs]


def test_the_search_script_is_built_with_the_han_ranges_and_tone_marks_of_the_python(tmp_path):
    """search.js folds pinyin and splits Chinese as the build does: the character classes the
    build writes into it are edition/scripts.py's, with no placeholder left."""
    assert build_copy(ROOT / "tests/editions/analects", tmp_path).code == 0
    script = (tmp_path / "site/static/search.js").read_text(encoding="utf-8")
    assert "[HAN_RANGES]" not in script and "[TONE_MARKS]" not in script
    han = re.search(r"HAN\s*=\s*/\[([^\]]*)\]\+/gu", script)
    tones = re.search(r"TONE_MARKS\s*=\s*/\[([^\]]*)\]/g", script)
    assert han and tones, "the two character classes are not where search.js defines them"
    assert javascript_class_ranges(han.group(1)) == list(scripts.HAN_RANGES)
    assert javascript_class_ranges(tones.group(1)) == [scripts.TONE_MARKS]
