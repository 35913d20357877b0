"""Golden check: regenerating from the spec reproduces the committed generated code byte for byte.

A spec change committed without `nox -s generate` fails here, as does a hand edit of generated code.
The regeneration is `generate.py` run in a committed copy of the repository (conftest.py), as
`nox -s generate` runs it: it must also report no change and leave every file as committed.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

import pytest

from tests._helpers.repository import Regenerated, git
from tests._helpers.spec import OPERATIONS, REPO

sys.path.insert(0, str(REPO / "generator"))
from generate import GENERATED_DIRS
from openapi_python_client.strings import snake_case

IGNORED = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist"}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not IGNORED.intersection(path.relative_to(root).parts)
        and path.suffix != ".pyc"
        and not path.name.endswith(".egg-info")
        and not any(part.endswith(".egg-info") for part in path.relative_to(root).parts)
    }


@pytest.mark.parametrize("folder", GENERATED_DIRS, ids=str)
def test_committed_generated_code_matches_the_spec(regenerated: Regenerated, folder: Path) -> None:
    committed, fresh = _tree(REPO / folder), _tree(regenerated.root / folder)
    assert fresh, f"the generator wrote nothing into {folder}"
    assert sorted(committed) == sorted(fresh), "files added or missing: run `nox -s generate`"
    for name, content in fresh.items():
        if committed[name] != content:
            diff = difflib.unified_diff(
                committed[name].decode().splitlines(),
                content.decode().splitlines(),
                f"committed/{name}",
                f"fresh/{name}",
                lineterm="",
            )
            pytest.fail(f"{folder / name} is stale: run `nox -s generate`\n" + "\n".join(list(diff)[:60]))


def test_an_unchanged_spec_reports_no_change_and_moves_no_file_or_version(regenerated: Regenerated) -> None:
    assert "No change" in regenerated.output, regenerated.output
    assert git(regenerated.root, "status", "--porcelain") == ""  # client-config.yaml's version, the spec's, too


def test_client_covers_all_eleven_operations(regenerated: Regenerated) -> None:
    client = regenerated.root / "generated_client"
    resources = client / "cloudcore_client" / "resources"
    source = "".join(path.read_text(encoding="utf-8") for path in sorted(resources.glob("*.py")))
    modules = set(re.findall(r'^    name="(\w+)",$', source, flags=re.MULTILINE))
    assert not (client / "cloudcore_client" / "api").exists()
    assert modules == {snake_case(operation_id) for operation_id in OPERATIONS}
    assert (client / "cloudcore_client" / "py.typed").exists()
    assert (client / "pyproject.toml").exists()
