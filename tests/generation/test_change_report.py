"""`nox -s generate` in a throw-away copy of this repository: the report, the version, the changelog.

Each case copies the committed baseline (conftest.py), edits the spec like a maintainer would, and
regenerates (openapi-python-client runs for real: a few seconds each). The unchanged spec's run is the
golden check's (test_golden.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests._helpers.repository import generate, git
from tests._helpers.spec import load_yaml

# openapi-python-client runs up to four times in one test; a loaded 2-core machine needs minutes.
pytestmark = pytest.mark.timeout(900)


def _edit_spec(repo: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = repo / "openapi" / "cloudcore.yaml"
    spec = load_yaml(path.read_text(encoding="utf-8"))
    edit(spec)
    path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _version(repo: Path) -> str:
    pyproject = (repo / "generated_client" / "pyproject.toml").read_text(encoding="utf-8")
    return next(line.split('"')[1] for line in pyproject.splitlines() if line.startswith("version = "))


def _changelog_top(repo: Path) -> str:
    text = (repo / "generated_client" / "CHANGELOG.md").read_text(encoding="utf-8")
    return text.split("\n## ", 2)[1]


def test_a_contract_that_fails_to_generate_leaves_the_client_as_it_was(clone: Path) -> None:
    """A YAML slip while editing: generation stops with the error and the client is not deleted."""
    spec = clone / "openapi" / "cloudcore.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "broken: key: here\n", encoding="utf-8")
    generate(clone, ok=False)
    assert git(clone, "status", "--porcelain") == " M openapi/cloudcore.yaml\n"
    assert not list(clone.glob(".generating-*")), "the staging folder is removed"


def _drop_email(spec: dict[str, Any]) -> None:
    schema = spec["components"]["schemas"]["AddOrderRequest"]
    schema["required"].remove("email")
    del schema["properties"]["email"]


def test_removing_a_required_request_field_is_breaking_and_bumps_major(clone: Path) -> None:
    major = int(_version(clone).split(".")[0])
    _edit_spec(clone, _drop_email)

    refused = generate(clone, "--check-version", ok=False)
    assert f"version {major + 1}.0.0 needed" in refused

    out = generate(clone)
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
    out = generate(clone)
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
    generate(clone)
    assert {path: path.read_bytes() for path in (clone / "generated_client").rglob("*") if path.is_file()} == changed
