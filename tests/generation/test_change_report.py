"""`nox -s generate` in a throw-away copy of this repository: the report, the version, the changelog.

Each case commits the current contract and generated code as the baseline, edits the spec like a
maintainer would, and regenerates (openapi-python-client runs for real: a few seconds each).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests._helpers.spec import REPO, load_yaml

# openapi-python-client runs up to four times in one test; a loaded 2-core machine needs minutes.
pytestmark = pytest.mark.timeout(900)

COPIED = (
    "openapi",
    "generator",
    "generated_client",
    "simulator/cloudcore_simulator/generated",
    "simulator/cloudcore_simulator/web/generated",
    "contract/cloudcore_contract/generated",
)
IGNORE = shutil.ignore_patterns("__pycache__", ".ruff_cache", ".mypy_cache", "*.egg-info")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding this worktree's generator, contract and generated code, committed."""
    repo = tmp_path_factory.mktemp("baseline") / "repo"
    for folder in COPIED:
        shutil.copytree(REPO / folder, repo / folder, ignore=IGNORE)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "baseline")
    return repo


@pytest.fixture
def clone(baseline: Path, tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(baseline, repo, symlinks=True)
    return repo


def _edit_spec(repo: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = repo / "openapi" / "cloudcore.yaml"
    spec = load_yaml(path.read_text(encoding="utf-8"))
    edit(spec)
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _generate(repo: Path, *args: str, ok: bool = True) -> str:
    done = subprocess.run(
        [sys.executable, str(repo / "generator" / "generate.py"), *args], capture_output=True, text=True, check=False
    )
    assert (done.returncode == 0) is ok, done.stdout + done.stderr
    return done.stdout


def _version(repo: Path) -> str:
    pyproject = (repo / "generated_client" / "pyproject.toml").read_text(encoding="utf-8")
    return next(line.split('"')[1] for line in pyproject.splitlines() if line.startswith("version = "))


def _changelog_top(repo: Path) -> str:
    text = (repo / "generated_client" / "CHANGELOG.md").read_text(encoding="utf-8")
    return text.split("\n## ", 2)[1]


def test_an_unchanged_spec_changes_no_byte_and_no_version(clone: Path) -> None:
    version = _version(clone)
    out = _generate(clone)
    assert "No change" in out
    assert _git(clone, "status", "--porcelain") == ""
    assert _version(clone) == version


def test_a_contract_that_fails_to_generate_leaves_the_client_as_it_was(clone: Path) -> None:
    """A YAML slip while editing: generation stops with the error and the client is not deleted."""
    spec = clone / "openapi" / "cloudcore.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "broken: key: here\n", encoding="utf-8")
    _generate(clone, ok=False)
    assert _git(clone, "status", "--porcelain") == " M openapi/cloudcore.yaml\n"
    assert not list(clone.glob(".generating-*")), "the staging folder is removed"


def _drop_email(spec: dict[str, Any]) -> None:
    schema = spec["components"]["schemas"]["AddOrderRequest"]
    schema["required"].remove("email")
    del schema["properties"]["email"]


def test_removing_a_required_request_field_is_breaking_and_bumps_major(clone: Path) -> None:
    major = int(_version(clone).split(".")[0])
    _edit_spec(clone, _drop_email)

    refused = _generate(clone, "--check-version", ok=False)
    assert f"version {major + 1}.0.0 needed" in refused

    out = _generate(clone)
    row = next(line for line in out.splitlines() if "request field `email` removed" in line)
    assert "addOrder" in row
    assert "**breaking**" in row  # for code calling the client
    assert "handler must stop reading it" in row  # for the simulator
    assert "now optional" not in out  # the removal says it; no second row for `required`
    assert "Orders.add_order(email): Parameter was removed" in out  # griffe
    assert f"-> {major + 1}.0.0 (breaking)" in out
    assert _version(clone) == f"{major + 1}.0.0"
    assert f'package_version_override: "{major + 1}.0.0"' in (clone / "generator" / "client-config.yaml").read_text()
    entry = _changelog_top(clone)
    assert entry.startswith(f"{major + 1}.0.0\n\n### Breaking\n")
    assert "request field `email` removed" in entry


def test_adding_an_optional_response_field_is_an_addition_and_bumps_minor(clone: Path) -> None:
    major, minor, _ = (int(part) for part in _version(clone).split("."))
    _edit_spec(
        clone,
        lambda spec: spec["components"]["schemas"]["OrderInfo"]["properties"].update(
            tracking_url={"type": "string", "description": "Where the end customer can follow the parcel."}
        ),
    )
    out = _generate(clone)
    row = next(line for line in out.splitlines() if "response field `tracking_url` added" in line)
    assert "getOrderInfo" in row
    assert "| non-breaking | addition | ok" in row
    assert "**breaking**" not in out
    assert "Simulator and contract suite: nothing to change" in out
    assert f"-> {major}.{minor + 1}.0 (addition)" in out
    assert _version(clone) == f"{major}.{minor + 1}.0"
    assert _changelog_top(clone).startswith(f"{major}.{minor + 1}.0\n\n### Added\n")

    # Regenerating again against the same baseline moves nothing further.
    changed = {path: path.read_bytes() for path in (clone / "generated_client").rglob("*") if path.is_file()}
    _generate(clone)
    assert {path: path.read_bytes() for path in (clone / "generated_client").rglob("*") if path.is_file()} == changed
