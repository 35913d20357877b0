# Copied verbatim from generator/runtime/_operation.py by `nox -s generate`: edit that file, not this one.
"""What the engine needs to know about one operation, and how an answer becomes its result or error.

The generated `_operations.py` holds one `Operation` per operation of the spec; everything here is
the same for all of them: JSON decoding, the key masking of decoded answers, the error mapping.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Mapping
from itertools import islice
from typing import Any, Final, Generic, NamedTuple, TypeVar

import httpx
import orjson
from attrs import frozen

from ._api_key import ApiKey
from ._deadline import check as check_deadline
from ._exceptions import (
    EXCERPT_CHARS,
    APIResponseValidationError,
    APIStatusError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    UnexpectedStatusError,
)
from ._values import FAST, InexactNumberError, number_texts, parse_exact

__all__ = ["Exchange", "NoContent", "Operation", "decode_answer", "many", "one"]

R = TypeVar("R")
M = TypeVar("M")

#: What a failed decoding of a model raises: missing field, wrong type, bad enum value, too deep.
_DECODING_FAILURES: Final = (KeyError, TypeError, ValueError, AttributeError, RecursionError)
#: A list answer is decoded in batches of this many items, with the call's deadline checked between
#: them: a 100,000-order answer cannot hold a call long past its deadline.
DECODE_BATCH: Final = 4096


class NoContent(enum.Enum):
    """What a content-less success means (the spec's `x-cloudcore-no-content`)."""

    EMPTY_LIST = "empty-list"
    NOT_FOUND = "not-found"


@frozen
class Operation(Generic[R]):
    """One operation of the spec: where it is sent and what its answers mean.

    Attributes:
        name: the method name (snake_case operationId), used in errors and logs.
        path: appended to the base URL.
        status: the success status whose JSON body is the result.
        decode: JSON data -> the result (a model or a list of models); raises on a wrong shape. It
            may take the data apart (models' `_decode`): each answer is parsed for it afresh.
        errors: documented error statuses -> the exception raised for them.
        no_content: content-less success statuses -> what they mean.
        empty_body_is_object: an empty body of the success status is read as `{}` (the spec's
            `x-cloudcore-empty-body: empty-object`: `orders/cancel`, whose answer the documentation
            does not show).
    """

    name: str
    path: str
    status: int
    decode: Callable[[Any], R]
    errors: Mapping[int, type[APIStatusError]]
    no_content: Mapping[int, NoContent] = {}
    empty_body_is_object: bool = False


def _kind(data: Any) -> str:
    return "null" if data is None else type(data).__name__


def one(decode: Callable[[Any], M]) -> Callable[[Any], M]:
    """The decoder of a JSON object into the model `decode` builds (a model's `_decode`, which may
    take the parse apart: the engine never reads it again)."""

    def decode_object(data: Any) -> M:
        if type(data) is not dict:
            raise TypeError(f"expected a JSON object, got {_kind(data)}")
        return decode(data)

    return decode_object


def many(decode_each: Callable[[Iterable[Any]], list[M]]) -> Callable[[Any], list[M]]:
    """The decoder of a JSON array of objects into a list of models (see `one`), from a model's
    `_decode_each`, which decodes every item of an iterable in one loop."""

    def decode_array(data: Any) -> list[M]:
        if type(data) is not list:
            raise TypeError(f"expected a JSON array, got {_kind(data)}")
        # An item that is no object fails inside `decode_each` (TypeError): no separate pass over a
        # 100,000-item list is needed to catch it. The batches (the deadline is checked between
        # them) are taken from one iterator, so that no slice of the list is copied.
        if len(data) <= DECODE_BATCH:
            return decode_each(data)
        models: list[M] = []
        items = iter(data)
        for _ in range(0, len(data), DECODE_BATCH):
            check_deadline()
            models.extend(decode_each(islice(items, DECODE_BATCH)))
        return models

    return decode_array


class Exchange(NamedTuple):
    """The final answer of a call (key already masked), and whether an attempt may have applied.

    `maybe_applied` is what makes retrying `orders/add` safe: when it is true, a "reference
    already exists" answer may be the echo of our own first attempt and must be checked.
    """

    status_code: int
    headers: httpx.Headers
    content: bytes
    attempts: int
    maybe_applied: bool


def excerpt(content: bytes, key: ApiKey) -> str:
    """The start of a body, for a message: short, printable, key masked."""
    return key.scrub(content[: EXCERPT_CHARS * 4].decode("utf-8", errors="replace"))[:EXCERPT_CHARS]


def _error_detail(content: bytes, key: ApiKey) -> tuple[str | None, str | None]:
    """The API's `error.type` and `error.info`, tolerating empty and non-JSON bodies."""
    try:
        body = json.loads(content) if content else None
    except (ValueError, RecursionError):
        return None, None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, None
    kind, info = error.get("type"), error.get("info")
    return (
        key.scrub(str(kind)) if kind is not None else None,
        key.scrub(str(info)) if info is not None else None,
    )


def status_error(operation: Operation[Any], status: int, content: bytes, key: ApiKey) -> APIStatusError:
    """The exception for a status that is not the operation's success: typed when documented."""
    kind = operation.errors.get(status)
    if kind is None:
        if status == 429:
            kind = RateLimitError
        elif status >= 500:
            kind = InternalServerError
        else:
            kind = UnexpectedStatusError
    error_type, info = _error_detail(content, key)
    return kind(status, key.scrub_bytes(content), error_type=error_type, info=info, operation=operation.name)


def parse_json(content: bytes) -> tuple[Any, Any]:
    """The JSON value of `content` and where its number texts come from (for `number_texts`).

    orjson first (twice as fast as `json` on large answers; its floats have lost their text, hence
    `FAST`: a float in a string field asks for `parse_exact`); `parse_exact` for what orjson refuses
    but JSON allows (integers past 64 bits), so no valid answer is lost. `NaN` and `Infinity` are
    not JSON and are refused. Raises ValueError for anything that is not JSON, RecursionError for
    nesting deeper than `json` follows.
    """
    try:
        return orjson.loads(content), FAST
    except orjson.JSONDecodeError:
        return parse_exact(content)


def decode_answer(operation: Operation[R], status: int, content: bytes, key: ApiKey) -> R:
    """The result of `operation` from its final answer (key already masked), or the exception to raise.

    Whatever a success answer holds, the outcome is the documented model or a `CloudCoreError`:
    a body that is not JSON, has the wrong shape, lacks a field or holds a value of the wrong JSON
    type is an `APIResponseValidationError`. Called within a call, it stops between batches of list
    items once the call's deadline has passed (`DeadlinePassedError`, which the engine maps).
    """
    meaning = operation.no_content.get(status)
    if meaning is NoContent.EMPTY_LIST:
        return operation.decode([])
    if meaning is NoContent.NOT_FOUND:
        raise NotFoundError(status, b"", info="not found (no content)", operation=operation.name)
    if status != operation.status:
        raise status_error(operation, status, content, key)
    if operation.empty_body_is_object and not content.strip():
        content = b"{}"
    check_deadline()
    try:
        data, texts = parse_json(content)
    except (ValueError, RecursionError) as exc:
        reason = "empty body" if not content.strip() else f"not JSON: {type(exc).__name__}"
        raise APIResponseValidationError(
            status, operation=operation.name, reason=reason, excerpt=excerpt(content, key)
        ) from None
    try:
        try:
            with number_texts(texts):
                return operation.decode(data)
        except InexactNumberError:
            # A JSON number where the contract says string: read again, keeping every number's text.
            data, texts = parse_exact(content)
            with number_texts(texts):
                return operation.decode(data)
    except _DECODING_FAILURES as exc:
        detail = f"field {exc} missing" if isinstance(exc, KeyError) else key.scrub(str(exc))[:EXCERPT_CHARS]
        raise APIResponseValidationError(
            status, operation=operation.name, reason=f"{type(exc).__name__}: {detail}", excerpt=excerpt(content, key)
        ) from None
