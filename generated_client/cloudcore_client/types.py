# Copied verbatim from generator/runtime/types.py by `nox -s generate`: edit that file, not this one.
"""Shared types of the generated models: the `UNSET` marker and the number-as-string conversion."""

from __future__ import annotations

from typing import Any, Literal

__all__ = ["UNSET", "Unset", "number_as_str"]


class Unset:
    """The type of `UNSET`: an optional field the answer did not carry (distinct from `None`)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()


def number_as_str(value: Any) -> Any:
    """A JSON number where the contract declares a string, as that string; any other value as is.

    The live API sometimes sends `5` where the documentation says `"5"`: models convert it so
    that their declared `str` type holds. Booleans, nulls and objects stay untouched.
    """
    return str(value) if type(value) is int or type(value) is float else value
