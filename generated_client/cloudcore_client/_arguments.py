# Copied verbatim from generator/runtime/_arguments.py by `nox -s generate`: edit that file, not this one.
"""Arguments a resource method cannot send, refused with `InvalidArgumentError` before anything is sent.

The methods take the generated models (`Address(...)`, `OrderItem(...)`), which mypy checks. A plain
dict in their place, as in the API's JSON examples, used to fail deep inside `to_dict()` with an
`AttributeError`; now the error names where it is and how to build the model. The client does not
accept dicts itself: it has no TypedDicts that would let a type checker see their keys, and a dict
sent unchecked would only move the mistake to a 400 from the API.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ._exceptions import InvalidArgumentError

__all__ = ["invalid_argument"]

_MAX_DEPTH = 6


def _plain_mappings(value: Any, path: str, annotation: str, depth: int = 0) -> Iterator[tuple[str, str, Any]]:
    """(path, declared type, value) of every plain mapping inside `value`, where a model belongs."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, Mapping):
        yield path, annotation, value
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _plain_mappings(item, f"{path}[{index}]", annotation, depth + 1)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            if field.name != "additional_properties":
                inner = getattr(value, field.name)
                yield from _plain_mappings(inner, f"{path}.{field.name}", str(field.type or ""), depth + 1)


def _model_name(annotation: str) -> str | None:
    """`list[ItemFile] | Unset` -> `ItemFile`: the model a field declares, for the message."""
    for part in annotation.replace("list[", " ").replace("]", " ").replace("|", " ").split():
        if part[:1].isupper() and part != "Unset":
            return part
    return None


def invalid_argument(
    operation: str, failure: Exception, arguments: Mapping[str, tuple[Any, str]]
) -> InvalidArgumentError:
    """The error for a method whose request body could not be built: `arguments` maps each parameter
    name to its value and its declared type (as the generated signature writes it)."""
    for name, (argument, declared) in arguments.items():
        for path, annotation, value in _plain_mappings(argument, name, declared):
            model = _model_name(annotation)
            hint = f"{model}(...), or {model}.from_dict(...) for the API's JSON field names" if model else "its model"
            return InvalidArgumentError(
                f"{operation}: {path} is a plain {type(value).__name__}, not a model: build it with {hint}"
            )
    return InvalidArgumentError(
        f"{operation}: an argument is not of the type the method declares ({type(failure).__name__}: {failure})"
    )
