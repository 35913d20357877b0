"""The versions the simulator reports (`--version`): its own, and the contract's it bundles.

The package's version lives in simulator/pyproject.toml (read back from the installed metadata);
the contract's is `info.version` of the bundled copy (`generated/openapi.json`), which
`nox -s generate` rewrites. simulator/CHANGELOG.md names the contract version of every release.
"""

from __future__ import annotations

import importlib.metadata

from .spec import load_spec

__all__ = ["DISTRIBUTION", "contract_version", "describe", "package_version"]

DISTRIBUTION = "cloudcore-simulator"


def package_version() -> str:
    """The installed distribution's version, e.g. ``1.0.0``."""
    return importlib.metadata.version(DISTRIBUTION)


def contract_version() -> str:
    """``info.version`` of the bundled contract, e.g. ``1.0.0``."""
    return str(load_spec()["info"]["version"])


def describe() -> str:
    """One line for ``--version``: ``cloudcore-simulator 1.0.0 (contract 1.0.0, CloudCore API v1.0)``."""
    return f"{DISTRIBUTION} {package_version()} (contract {contract_version()}, CloudCore API v1.0)"
