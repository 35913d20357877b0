"""How the generated models read loosely typed JSON: a value of the wrong JSON type is refused, a number
where the contract says string keeps its exact text.

`from_dict` checks each field inline with one `type(value) is T` test, so the common case (the
documented type) costs nothing more; only a value of another type reaches the `as_*` functions, which
convert what the API is known to send (FACTS.md: numbers where strings are documented, flags as
`"0"`/`"1"`) and raise `TypeError` for the rest, which the engine reports as
`APIResponseValidationError`.

Lossless numbers: orjson reads a JSON number such as `1234567890123456.78` as a float, whose text
is lost (`1234567890123456.8`). Answers are decoded first from orjson's fast result; when a float
reaches a field documented as a string, decoding stops (`InexactNumberError`) and starts again from
a slower parse that remembers each number's text (`parse_exact`). The answers the documentation
shows (strings) never take that path.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final

__all__ = [
    "FAST",
    "InexactNumberError",
    "api_datetime_text",
    "as_bool",
    "as_datetime",
    "as_int",
    "as_list",
    "as_object",
    "as_one_of",
    "as_text",
    "json_kind",
    "number_texts",
    "parse_exact",
    "parse_utc_time",
    "unknown_fields",
]


class InexactNumberError(Exception):
    """Internal: a float from the fast parse reached a string field; the answer must be read exactly."""


class _Fast:
    """The marker of a decoding from orjson's result: a float in a string field means "re-read"."""

    def __repr__(self) -> str:
        return "FAST"


FAST: Final = _Fast()

#: While the engine decodes an answer: FAST, or the text of every float of an exact parse by `id()`.
#: Outside (a caller's own `from_dict`), None: a float is written with `repr`, the best it can be.
_NUMBER_TEXTS: ContextVar[_Fast | Mapping[int, str] | None] = ContextVar("cloudcore_number_texts", default=None)


@contextmanager
def number_texts(texts: _Fast | Mapping[int, str]) -> Iterator[None]:
    """Decode with `texts` as the source of number texts (see the module docstring)."""
    token = _NUMBER_TEXTS.set(texts)
    try:
        yield
    finally:
        _NUMBER_TEXTS.reset(token)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_exact(content: bytes | str) -> tuple[Any, dict[int, str]]:
    """The JSON value of `content` and the text of each of its floats (by `id()`); `NaN`/`Infinity` refused.

    The floats stay alive in the returned value, so their ids identify them while it is decoded.
    """
    texts: dict[int, str] = {}

    def keep(text: str) -> float:
        number = float(text)
        texts[id(number)] = text
        return number

    return json.loads(content, parse_float=keep, parse_constant=_refuse_constant), texts


def json_kind(value: object) -> str:
    """The JSON name of a value's type, for messages: `null`, `object`, `array`, `string`, ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__


def _float_text(value: float, name: str) -> str:
    texts = _NUMBER_TEXTS.get()
    if isinstance(texts, _Fast):
        raise InexactNumberError(name)
    text = texts.get(id(value)) if texts is not None else None
    if text is not None:
        return text
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{name}: {value!r} is not a number JSON can carry")
    return repr(value)


def as_text(value: object, name: str) -> str:
    """A string field's value that is not a `str`: a JSON number becomes its exact text, else TypeError."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is float:
        return _float_text(value, name)  # type: ignore[arg-type]
    raise TypeError(f"{name}: expected a string, got {json_kind(value)}")


def as_bool(value: object, name: str) -> bool:
    """A boolean field's value that is not a `bool`: always refused (no source sends another form)."""
    raise TypeError(f"{name}: expected true or false, got {json_kind(value)}")


def as_int(value: object, name: str) -> int:
    """An integer field's value that is not an `int`: a flag or code in its documented string form
    (`"0"`, `"1"`), a boolean, or a float with an integral value becomes the integer; else TypeError."""
    if type(value) is bool:
        return int(value)
    if type(value) is str:
        digits = value[1:] if value[:1] in ("-", "+") else value
        if digits.isascii() and digits.isdigit() and len(digits) <= 20:
            return int(value)
        raise TypeError(f"{name}: expected an integer, got the string {value[:40]!r}")
    if type(value) is float and value.is_integer():
        return int(value)
    raise TypeError(f"{name}: expected an integer, got {json_kind(value)}")


def as_one_of(value: object, name: str, expected: str) -> Any:
    """A value of a plain union field (`int | str`, ...) that is none of its types: refused."""
    raise TypeError(f"{name}: expected {expected}, got {json_kind(value)}")


def as_list(value: object, name: str) -> list[Any]:
    """An array field's value that is not a `list`: refused."""
    raise TypeError(f"{name}: expected an array, got {json_kind(value)}")


def as_object(value: object, name: str, *, single_item_array: bool = False) -> Mapping[str, Any]:
    """A model's source that is not a `dict`: another mapping is read as is; with `single_item_array`,
    an array that holds exactly one object is read as that object (`x-client-single-item-array`)."""
    if isinstance(value, Mapping):
        return value
    if single_item_array and type(value) is list and len(value) == 1 and isinstance(value[0], Mapping):
        return value[0]
    if single_item_array and type(value) is list:
        raise TypeError(f"{name}: expected an object or an array of one object, got an array of {len(value)}")
    raise TypeError(f"{name}: expected an object, got {json_kind(value)}")


_fromisoformat: Final = datetime.datetime.fromisoformat
_UTC: Final = datetime.UTC
#: `datetime.fromisoformat`, for the models' inline fast path: `parse_utc_time(text + "Z")` reads a
#: time without an offset as UTC, and raises for any other text, which then goes to `as_datetime`.
parse_utc_time: Final = _fromisoformat


def as_datetime(value: str) -> datetime.datetime:
    """A date-time field, always aware: a time without an offset (`order_date`, `create_date`) is UTC.

    The documentation names no zone for `YYYY-MM-DD HH:MM:SS`; the one offset it shows is
    `+00:00` (`expire_date`), and the simulator writes UTC. Aware values compare with the
    signals' times instead of raising `TypeError`. A `Z` appended to a time without an offset
    makes it UTC in the parse itself, the fast path (`datetime.replace` costs ten times a parse);
    to a time with an offset (or to anything else) it makes the text invalid, and the value is
    parsed as given.
    """
    try:
        return _fromisoformat(value + "Z")
    except (TypeError, ValueError):
        pass
    moment = _fromisoformat(value)  # TypeError for a value that is not a string, ValueError for other text
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=_UTC)


def unknown_fields(data: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The fields of an answer's object that the contract does not name: its `additional_properties`."""
    return {key: value for key, value in data.items() if key not in known}


def api_datetime_text(value: datetime.datetime) -> str:
    """A time in the API's `YYYY-MM-DD HH:MM:SS` form, in UTC (a naive value is taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(_UTC)
    return value.isoformat(" ", "seconds")[:19]
