"""YAML in and out for the generator: the contract is read several times per run.

libyaml's parser (PyYAML's `CSafeLoader`, where PyYAML was built with it) reads the contract about
ten times faster than the pure-Python `SafeLoader`, into the same data: the constructor is the same.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes) -> Any:
    """The data of a YAML document (safe types only)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def dump_yaml(data: Any) -> str:
    """YAML text of `data`, keys in their order, non-ASCII text as it is."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
