"""The simulator's module structure: no import cycles and no lazy imports hiding one.

grimp (the import graph library behind import-linter) reads every import statement of the
package, including those inside functions and under ``TYPE_CHECKING``, so a cycle cannot hide.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

import cloudcore_simulator

PACKAGE = "cloudcore_simulator"


def test_no_import_cycles() -> None:
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                cycles.append(" -> ".join((module, *back)))
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)
    assert len(graph.modules) > 20  # the graph really covers the package


def _type_checking_block(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def test_every_import_is_at_module_level() -> None:
    """A function-level import is how a cycle gets hidden; none is needed."""
    root = Path(cloudcore_simulator.__file__).parent
    lazy = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Module level: the body itself, and a top-level `try: import ... except ImportError:` (an
        # optional dependency), which runs at import time like any other module-level import.
        top = {id(node) for node in tree.body}
        for statement in tree.body:
            if isinstance(statement, ast.Try):
                top.update(id(child) for child in statement.body)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top:
                lazy.append(f"{path.relative_to(root.parent)}:{node.lineno}")
            if isinstance(node, ast.If) and _type_checking_block(node):
                lazy.append(f"{path.relative_to(root.parent)}:{node.lineno} (TYPE_CHECKING)")
    assert lazy == []
