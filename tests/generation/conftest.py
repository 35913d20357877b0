"""The generator's fixtures: a committed copy of the repository, and one regeneration of it in place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests._helpers.repository import Regenerated, committed_copy, generate


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return committed_copy(tmp_path_factory.mktemp("baseline") / "repo")


@pytest.fixture(scope="session")
def regenerated(baseline: Path, tmp_path_factory: pytest.TempPathFactory) -> Regenerated:
    """One full regeneration (openapi-python-client and all) shared by the golden check and the change report."""
    repo = tmp_path_factory.mktemp("regenerated") / "repo"
    shutil.copytree(baseline, repo, symlinks=True)
    return Regenerated(repo, generate(repo))


@pytest.fixture
def clone(baseline: Path, tmp_path: Path) -> Path:
    """A copy of the baseline for one test to edit and regenerate."""
    repo = tmp_path / "repo"
    shutil.copytree(baseline, repo, symlinks=True)
    return repo
