"""The code's shape: the build's modules form layers, never a cycle."""

from __future__ import annotations

import ast

from conftest import ROOT


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
