"""The versions the contract tool reports (`--version`): its own, and the contract's it bundles.

The package's version lives in contract/pyproject.toml (read back from the installed metadata);
the contract's is `info.version` of the bundled copy (`generated/cloudcore.yaml`), which
`nox -s generate` rewrites. contract/CHANGELOG.md names the contract version of every release.
"""

from __future__ import annotations

import importlib.metadata
import re

from .selection import SPEC_PATH

__all__ = ["DISTRIBUTION", "contract_version", "describe", "package_version"]

DISTRIBUTION = "cloudcore-contract"


def package_version() -> str:
    """The installed distribution's version, e.g. ``1.0.0``."""
    return importlib.metadata.version(DISTRIBUTION)


def contract_version() -> str:
    """``info.version`` of the bundled contract, e.g. ``1.0.0`` (read off its line: no YAML parse at start-up)."""
    found = re.search(
        r'^info:\n(?:  .*\n)*?  version:\s*"?([^"\n]+)"?\s*$', SPEC_PATH.read_text(encoding="utf-8"), re.M
    )
    if found is None:
        raise RuntimeError(f"{SPEC_PATH} has no info.version: reinstall cloudcore-contract")
    return found.group(1)


def describe() -> str:
    """One line for ``--version``: ``cloudcore-contract 1.0.0 (contract 1.0.0, CloudCore API v1.0)``."""
    return f"{DISTRIBUTION} {package_version()} (contract {contract_version()}, CloudCore API v1.0)"
