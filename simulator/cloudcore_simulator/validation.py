"""Request validation against the spec's own request schemas, compiled once with jsonschema-rs.

Each operation's ``requestBody`` schema becomes a self-contained JSON Schema 2020-12 document
(the spec's components as ``$defs``), so what the simulator accepts is exactly what the contract
says, conditional rules included (``if``/``then`` in the spec): no hand-written duplicate of the
rules to drift away from it.

Unknown fields. The spec's request schemas say ``additionalProperties: false`` (the client's field
list, schemathesis's negative cases), but the real API tolerates unknown fields, and the official
Node SDK sends them. So each schema is compiled twice: as written (``strict``) and with every
``additionalProperties: false`` removed (``relaxed``). A body valid as written passes at once. By
default a body that fails only because of unknown fields passes too, and the unknown fields are
reported (:class:`Verdict`) for the ``Warning`` header and the log; ``strict=True`` refuses them
with the 400 of any other schema violation.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import jsonschema_rs

from .errors import ApiError
from .spec import SpecError

__all__ = [
    "MAX_WARNED",
    "MAX_WARNING_CHARS",
    "SCHEMA_INVALID",
    "RequestValidator",
    "compile_request_schema",
    "printable",
    "unknown_fields_text",
    "unknown_fields_warning",
]

SCHEMA_INVALID: Final = "json_data_schema_is_not_valid"
RULE_KEY: Final = "x-cloudcore-rule"
"""The spec's plain-words name of a conditional rule, quoted in the 400 that the rule causes."""
_MAX_REPORTED = 5
_MAX_MESSAGE = 240
MAX_WARNED: Final = 20
"""Unknown field names named per request (in the ``Warning`` header and the log line); the rest are counted."""
MAX_WARNING_CHARS: Final = 1000
"""Characters of field names per request in the ``Warning`` header and the log line, after escaping."""
_MAX_NAME = 120
_COMPONENT_PREFIX = "#/components/schemas/"
_log = logging.getLogger("cloudcore_simulator.validation")


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        out = {key: _rewrite_refs(value) for key, value in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith(_COMPONENT_PREFIX):
            out["$ref"] = "#/$defs/" + ref[len(_COMPONENT_PREFIX) :]
        return out
    if isinstance(node, list):
        return [_rewrite_refs(value) for value in node]
    return node


def _relax(node: Any) -> Any:
    """A copy of ``node`` without any ``additionalProperties: false``."""
    if isinstance(node, dict):
        return {k: _relax(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}
    if isinstance(node, list):
        return [_relax(value) for value in node]
    return node


def compile_request_schema(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    """A standalone 2020-12 schema for ``schema`` with every component schema under ``$defs``."""
    components = spec.get("components", {}).get("schemas", {})
    document: dict[str, Any] = _rewrite_refs(copy.deepcopy(dict(schema)))
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["$defs"] = {**_rewrite_refs(copy.deepcopy(components)), **document.get("$defs", {})}
    return document


def _location(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _clip(text: str, limit: int = _MAX_MESSAGE) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _rule_of(document: Mapping[str, Any], schema_path: list[str | int]) -> str | None:
    """The ``x-cloudcore-rule`` of the conditional whose ``then``/``else`` produced an error."""
    node: Any = document
    rule = None
    for part in schema_path:
        if part in ("then", "else") and isinstance(node, dict):
            rule = node.get(RULE_KEY)
        if isinstance(node, dict):
            node = node.get(str(part))
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            break
    return rule if isinstance(rule, str) else None


def describe(error: jsonschema_rs.ValidationError, document: Mapping[str, Any] | None = None) -> str:
    """One violation as ``"country" is required``, ``items[0].count: <problem>`` or with its rule."""
    where = _location(list(error.instance_path))
    kind = error.kind
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
        name = f"{where}.{kind.property}" if where else str(kind.property)
        rule = _rule_of(document, list(error.schema_path)) if document is not None else None
        return _clip(f'"{name}" is required' + (f" ({rule})" if rule else ""))
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
        names = ", ".join(f'"{name}"' for name in kind.unexpected)
        verb = "is" if len(kind.unexpected) == 1 else "are"
        return _clip(f"{where + ': ' if where else ''}{names} {verb} not allowed")
    return _clip(f"{where or 'body'}: {error.message}")


def _unknown_fields(validator: jsonschema_rs.Draft202012Validator, body: Any) -> tuple[str, ...]:
    found: list[str] = []
    for error in validator.iter_errors(body):
        kind = error.kind
        if isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
            where = _location(list(error.instance_path))
            found += [f"{where}.{name}" if where else str(name) for name in kind.unexpected]
    return tuple(dict.fromkeys(found))


def printable(name: str, limit: int = _MAX_NAME) -> str:
    """``name`` clipped and escaped to printable ASCII: safe in a header value and in one log line.

    Control characters (CR, LF, NUL, ESC, DEL), backslashes and non-ASCII become Python-style
    escapes (``\\n``, ``\\x1b``, ``\\u00e9``), so a field name can neither break an HTTP header
    (uvicorn refuses to send one) nor forge a log line or pass a terminal escape through. The
    result is at most ``limit`` characters, escapes included.
    """
    clipped = _clip(name, limit)
    escaped = "".join(
        ch if " " <= ch <= "~" and ch != "\\" else ch.encode("unicode_escape").decode("ascii") for ch in clipped
    )
    return _clip(escaped, limit)


def _same(text: str) -> str:
    return text


def unknown_fields_text(fields: tuple[str, ...], redact: Callable[[str], str] = _same) -> str:
    """The unknown fields, comma-separated: each ``redact``-ed, then :func:`printable`.

    At most :data:`MAX_WARNED` names and :data:`MAX_WARNING_CHARS` characters; the rest are
    counted (``and 12 more``). ``redact`` masks secrets (the app passes the key ring's) before
    anything is clipped, so no part of a key survives.
    """
    shown: list[str] = []
    size = 0
    for name in fields[:MAX_WARNED]:
        text = printable(redact(name))
        size += len(text) + 2
        if size > MAX_WARNING_CHARS:
            break
        shown.append(text)
    if len(fields) > len(shown):
        shown.append(f"and {len(fields) - len(shown)} more")
    return ", ".join(shown)


def unknown_fields_warning(fields: tuple[str, ...], redact: Callable[[str], str] = _same) -> str:
    """The ``Warning`` header value (RFC 9111 warn-code 299) naming the unknown fields, printable ASCII only."""
    text = unknown_fields_text(fields, redact).replace('"', '\\"')
    return f'299 cloudcore-simulator "unknown field(s) ignored: {text}"'


@dataclass(frozen=True, slots=True)
class _Compiled:
    strict: jsonschema_rs.Draft202012Validator
    relaxed: jsonschema_rs.Draft202012Validator
    document: dict[str, Any]


class RequestValidator:
    """Compiled validators for every POST path of the spec, keyed by spec path."""

    def __init__(
        self,
        spec: Mapping[str, Any],
        operations: Mapping[str, Mapping[str, Any]],
        formats: bool,
        *,
        strict: bool = False,
    ) -> None:
        self.strict = strict
        self._compiled: dict[str, _Compiled] = {}
        for path, operation in operations.items():
            try:
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
            except (KeyError, TypeError) as exc:
                raise SpecError(f"{path}: no application/json request body schema") from exc
            document = compile_request_schema(spec, schema)
            self._compiled[path] = _Compiled(
                jsonschema_rs.Draft202012Validator(document, validate_formats=formats, mask="value"),
                jsonschema_rs.Draft202012Validator(_relax(document), validate_formats=formats, mask="value"),
                document,
            )

    def validate(self, path: str, body: Any, redact: Callable[[str], str] = _same) -> tuple[str, ...]:
        """The unknown fields of a valid ``body`` (empty: none); a 400 naming each violation otherwise.

        Accepted unknown fields are logged in one bounded line; ``redact`` masks secrets in it and
        in the ``Warning`` header of a refusal (the caller masks the answers' ``info``).
        """
        compiled = self._compiled[path]
        unknown: tuple[str, ...] = ()
        try:
            if compiled.strict.is_valid(body):
                return ()
            unknown = _unknown_fields(compiled.strict, body)
            if unknown and not self.strict and compiled.relaxed.is_valid(body):
                _log.warning("%s: unknown request field(s) accepted: %s", path, unknown_fields_text(unknown, redact))
                return unknown
            checked = compiled.strict if self.strict else compiled.relaxed
            problems = []
            for error in checked.iter_errors(body):
                problems.append(describe(error, compiled.document))
                if len(problems) == _MAX_REPORTED:
                    break
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise ApiError(400, SCHEMA_INVALID, "body: the JSON value cannot be validated") from exc
        headers = {"Warning": unknown_fields_warning(unknown, redact)} if unknown and not self.strict else None
        raise ApiError(400, SCHEMA_INVALID, "; ".join(problems) or "body: does not match the schema", headers)
