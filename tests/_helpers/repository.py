"""A throw-away git copy of what `nox -s generate` reads and writes, for running the generator for real."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests._helpers.spec import REPO

#: The generator, the contract and every folder it writes (generate.GENERATED_DIRS and the client).
COPIED = (
    "openapi",
    "generator",
    "generated_client",
    "simulator/cloudcore_simulator/generated",
    "simulator/cloudcore_simulator/web/generated",
    "contract/cloudcore_contract/generated",
)
IGNORE = shutil.ignore_patterns("__pycache__", ".ruff_cache", ".mypy_cache", "*.egg-info")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def committed_copy(repo: Path) -> Path:
    """This worktree's generator, contract and generated code, copied to ``repo`` and committed there."""
    for folder in COPIED:
        shutil.copytree(REPO / folder, repo / folder, ignore=IGNORE)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "baseline")
    return repo


def generate(repo: Path, *args: str, ok: bool = True) -> str:
    """``generator/generate.py ARGS`` in ``repo`` (as `nox -s generate` runs it); its output."""
    done = subprocess.run(
        [sys.executable, str(repo / "generator" / "generate.py"), *args], capture_output=True, text=True, check=False
    )
    assert (done.returncode == 0) is ok, done.stdout + done.stderr
    return done.stdout


@dataclass(frozen=True)
class Regenerated:
    """A committed copy after `generate.py` ran in it with the spec unchanged, and what it printed."""

    root: Path
    output: str
