"""The simulator's and the contract tool's versions: real, in their changelogs, in step with the contract.

Each package's newest CHANGELOG entry is its pyproject version and names the contract version it
bundles; so a contract change (a new `info.version`, which `nox -s generate` writes into both
packages) fails here until both packages get a new version and entry. `--version` reports both.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests._helpers.spec import REPO, load_spec

PACKAGES = {
    "simulator": ("cloudcore-simulator", [sys.executable, "-m", "cloudcore_simulator", "--version"]),
    "contract": ("cloudcore-contract", [sys.executable, "-m", "cloudcore_contract", "--version"]),
}
ENTRY = re.compile(r"^## (\d+\.\d+\.\d+)\n\nBundles contract (\d+\.\d+\.\d+)\.\n", re.MULTILINE)


def _contract_version() -> str:
    return str(load_spec()["info"]["version"])


def _entries(folder: str) -> list[tuple[str, str]]:
    return ENTRY.findall((REPO / folder / "CHANGELOG.md").read_text(encoding="utf-8"))


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_the_contract_version_is_semver() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", _contract_version())


@pytest.mark.parametrize("folder", sorted(PACKAGES))
def test_the_newest_changelog_entry_is_the_version_and_names_the_bundled_contract(folder: str) -> None:
    version = tomllib.loads((REPO / folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    entries = _entries(folder)
    assert entries, f"{folder}/CHANGELOG.md has no '## X.Y.Z' entry followed by 'Bundles contract X.Y.Z.'"
    newest, bundled = entries[0]
    assert newest == version, f"{folder}/pyproject.toml says {version}; its CHANGELOG.md's newest entry is {newest}"
    contract = _contract_version()
    assert bundled == contract, (
        f"openapi/cloudcore.yaml is contract {contract}, but {folder}/CHANGELOG.md's newest entry ({newest}) bundles "
        f"{bundled}: bump {folder}/pyproject.toml and add an entry that says 'Bundles contract {contract}.'"
    )
    versions = [_semver(v) for v, _ in entries]
    assert versions == sorted(versions, reverse=True)
    assert len(set(versions)) == len(versions)
    bundles = [_semver(c) for _, c in entries]
    assert bundles == sorted(bundles, reverse=True), "an older release cannot bundle a newer contract"


@pytest.mark.parametrize("folder", sorted(PACKAGES))
def test_version_reports_the_package_and_its_contract(folder: str) -> None:
    distribution, command = PACKAGES[folder]
    version = tomllib.loads((REPO / folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True, cwd=Path.home())
    assert done.stdout.strip() == f"{distribution} {version} (contract {_contract_version()}, CloudCore API v1.0)"
