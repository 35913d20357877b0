"""Each exchange judged against the contract, the way the contract suite judges its own requests.

What the suite checks with schemathesis, the proxy checks on the service's traffic:

| kind | the suite's check |
|---|---|
| ``server-error`` | ST101 not_a_server_error |
| ``undocumented-status`` | ST103 status_code_conformance |
| ``undocumented-content-type`` | ST105 content_type_conformance |
| ``response-schema`` | ST108 response_schema_conformance (the error shape included) |
| ``invalid-request-accepted`` | ST201 negative_data_rejection (a refused body answered other than 400/403) |
| ``valid-request-refused`` | positive_data_acceptance and ``positive_rejection_is_business`` |
| ``method-not-refused`` | ST204 unsupported_method (405 with ``Allow``) |
| ``added-order-missing`` | ``added_order_visible`` (the list) |
| ``order-info-differs`` | ``added_order_visible`` (the info) |
| ``cancel-not-reflected`` | ``cancel_reflected`` |
| ``foreign-order-visible`` | ``foreign_order_invisible`` |
| ``duplicate-reference`` | ``references_unique`` |
| ``invalid-request`` | none: the service itself sent a body the contract refuses (and it was refused) |

Unknown request fields are tolerated, as the real API tolerates them (``strict=True`` for an upstream
that refuses them, such as the simulator run ``--strict``). The known answer variants pass: see
``contract.py``. 429, and 503 with ``Retry-After``, are load, not drift: counted, never judged. The
rules no schema states (what ``orders/info`` must show, what a cancelled order shows, the uniqueness
of references, numbers compared as numbers, load) are ``cloudcore_contract.facts``: the suite's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

import jsonschema_rs

from ..facts import (
    CANCELED,
    is_load,
    log_shows_cancelled,
    order_differences,
    repeated_references,
    shows_cancelled,
    state_number,
)
from .contract import UNDECLARED_METHODS, Operation
from .exchange import NOT_JSON, Exchange, decoded, header, media_type
from .orderbook import CLIP, OrderBook, Remembered, sent_order

__all__ = ["SCHEMA_INVALID", "Judge", "Kind", "Verdict", "Violation"]

SCHEMA_INVALID: Final = "json_data_schema_is_not_valid"
JSON: Final = "application/json"
#: At most this many schema problems are reported per body (a list of 250 rows with one wrong field
#: is one problem, reported once: array indices are folded into ``[]``).
MAX_PROBLEMS: Final = 3
#: At most this many differences per stateful check and exchange.
MAX_STATE_FINDINGS: Final = 5


class Kind(StrEnum):
    """What a violation is; the suite's check it corresponds to is in the module docstring."""

    SERVER_ERROR = "server-error"
    UNDOCUMENTED_STATUS = "undocumented-status"
    UNDOCUMENTED_CONTENT_TYPE = "undocumented-content-type"
    RESPONSE_SCHEMA = "response-schema"
    INVALID_REQUEST_ACCEPTED = "invalid-request-accepted"
    VALID_REQUEST_REFUSED = "valid-request-refused"
    METHOD_NOT_REFUSED = "method-not-refused"
    ADDED_ORDER_MISSING = "added-order-missing"
    ORDER_INFO_DIFFERS = "order-info-differs"
    CANCEL_NOT_REFLECTED = "cancel-not-reflected"
    FOREIGN_ORDER_VISIBLE = "foreign-order-visible"
    DUPLICATE_REFERENCE = "duplicate-reference"
    INVALID_REQUEST = "invalid-request"

    @property
    def by_service(self) -> bool:
        """The service's own request broke the contract (not the API's answer)."""
        return self is Kind.INVALID_REQUEST


@dataclass(frozen=True, slots=True)
class Violation:
    """One finding: ``what`` is stable across exchanges (it is counted), ``detail`` is this instance."""

    kind: Kind
    what: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement of one exchange: its violations, and what is counted besides."""

    violations: tuple[Violation, ...] = ()
    #: Unknown request fields the upstream tolerated (not a violation).
    unknown_fields: bool = False
    #: 429, or 503 with Retry-After: load, not drift.
    load: bool = False


def _location(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += "[]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


def _problems(validator: jsonschema_rs.Draft202012Validator, value: Any) -> list[str]:
    """Distinct schema problems, array indices folded, at most ``MAX_PROBLEMS``."""
    found: dict[str, None] = {}
    try:
        for error in validator.iter_errors(value):
            found[f"{_location(error.instance_path)}: {error.message}"] = None
            if len(found) == MAX_PROBLEMS:
                break
    except (ValueError, TypeError, OverflowError, RecursionError):
        return ["the JSON value cannot be validated"]
    return list(found)


def _error_type(value: Any) -> str | None:
    error = value.get("error") if isinstance(value, dict) else None
    kind = error.get("type") if isinstance(error, dict) else None
    return kind if isinstance(kind, str) else None


def _error_info(value: Any) -> str:
    error = value.get("error") if isinstance(value, dict) else None
    info = error.get("info") if isinstance(error, dict) else None
    return str(info)[:200] if info is not None else ""


class Judge:
    """Judges exchanges; remembers orders between them (``OrderBook``, bounded)."""

    def __init__(self, *, strict: bool = False, orders: OrderBook | None = None) -> None:
        self.strict = strict
        self.orders = orders if orders is not None else OrderBook()

    def judge(self, exchange: Exchange) -> Verdict:
        operation, answer = exchange.operation, exchange.answer
        if operation is None or answer is None:
            return Verdict()
        status = answer.status
        if exchange.method != "POST":
            return Verdict(tuple(self._undeclared_method(exchange.method, status, answer.headers)))
        if is_load(status, header(answer.headers, "retry-after")):
            return Verdict(load=True)
        found: list[Violation] = []
        body = exchange.request_json()
        problems, unknown = self._request_problems(operation, exchange)
        if status >= 500:
            found.append(Violation(Kind.SERVER_ERROR, f"answered {status}", exchange.shown_answer()))
        elif status not in operation.documented:
            documented = ", ".join(str(code) for code in sorted(operation.documented))
            found.append(Violation(Kind.UNDOCUMENTED_STATUS, f"answered {status} (documented: {documented})"))
        else:
            found += self._answer_problems(operation, exchange)
            found += self._repeated_references(operation, exchange)
        if problems is not None and status < 500:
            found += self._request_outcome(operation, exchange, problems, body)
        if problems == [] and 200 <= status < 300 and status in operation.documented:
            found += self._stateful(operation, exchange, body)
        return Verdict(tuple(dict.fromkeys(found)), unknown_fields=unknown)

    # ---- the request --------------------------------------------------------------------------
    def _request_problems(self, operation: Operation, exchange: Exchange) -> tuple[list[str] | None, bool]:
        """The request's schema problems (None: the body was not captured), and whether it had unknown fields."""
        if exchange.request_body is None:
            return None, False
        if not exchange.request_body:
            return ["the body is empty"], False
        body = exchange.request_json()
        if body is NOT_JSON:
            return ["the body is not JSON"], False
        try:
            valid = operation.request.is_valid(body)
            strictly = valid and operation.request_strict.is_valid(body)
        except (ValueError, TypeError, OverflowError, RecursionError):
            return ["the JSON value cannot be validated"], False
        if not valid:
            return _problems(operation.request, body), False
        if not strictly and self.strict:
            return _problems(operation.request_strict, body), True
        return [], not strictly

    def _request_outcome(
        self, operation: Operation, exchange: Exchange, problems: list[str], body: Any
    ) -> list[Violation]:
        assert exchange.answer is not None
        status, answer = exchange.answer.status, exchange.answer
        if problems:
            if status in (400, 403):
                return [Violation(Kind.INVALID_REQUEST, f"request {problem}") for problem in problems]
            if status not in operation.documented:
                return []  # already reported as an undocumented status
            return [
                Violation(Kind.INVALID_REQUEST_ACCEPTED, f"answered {status} to a body the contract refuses: {problem}")
                for problem in problems
            ]
        if status != 400:
            return []
        error_type = _error_type(answer.json())
        if error_type == SCHEMA_INVALID:
            return [
                Violation(
                    Kind.VALID_REQUEST_REFUSED,
                    f"a body the contract accepts was refused as {SCHEMA_INVALID}",
                    _error_info(answer.json()),
                )
            ]
        if not operation.business_400:
            return [
                Violation(
                    Kind.VALID_REQUEST_REFUSED,
                    f"a body the contract accepts was refused with 400 ({error_type or 'no error type'}); "
                    "this operation has no business rule",
                    _error_info(answer.json()),
                )
            ]
        return []

    # ---- the answer ---------------------------------------------------------------------------
    @staticmethod
    def _undeclared_method(method: str, status: int, headers: Any) -> list[Violation]:
        if method not in UNDECLARED_METHODS:
            return []
        if status != 405:
            return [Violation(Kind.METHOD_NOT_REFUSED, f"{method} answered {status}, expected 405 with Allow: POST")]
        allow = header(headers, "allow")
        if allow is None or "POST" not in {part.strip().upper() for part in allow.split(",")}:
            return [Violation(Kind.METHOD_NOT_REFUSED, f"405 to {method} without an Allow header naming POST")]
        return []

    @staticmethod
    def _answer_problems(operation: Operation, exchange: Exchange) -> list[Violation]:
        answer = exchange.answer
        assert answer is not None
        status = answer.status
        spec = operation.responses[status]
        if answer.body is None:
            return []  # not captured (over the size or memory bound): nothing to judge
        plain = decoded(answer.body, answer.headers)
        if plain is None:
            return [Violation(Kind.RESPONSE_SCHEMA, f"{status}: the body's Content-Encoding cannot be decoded")]
        if not spec.json:
            if plain:
                return [Violation(Kind.RESPONSE_SCHEMA, f"{status}: a body where the contract documents none")]
            return []
        if not plain:
            if operation.empty_body_allowed(status):
                return []
            return [Violation(Kind.RESPONSE_SCHEMA, f"{status}: an empty body where the contract documents JSON")]
        kind = media_type(answer.headers)
        if kind != JSON:
            shown = f"Content-Type {kind}" if kind else "no Content-Type"
            return [Violation(Kind.UNDOCUMENTED_CONTENT_TYPE, f"{status}: {shown} (documented: {JSON})")]
        value = answer.json()
        if value is NOT_JSON:
            return [Violation(Kind.RESPONSE_SCHEMA, f"{status}: the body is not JSON")]
        if spec.validator is None or spec.validator.is_valid(value):
            return []
        return [Violation(Kind.RESPONSE_SCHEMA, f"{status} {problem}") for problem in _problems(spec.validator, value)]

    @staticmethod
    def _repeated_references(operation: Operation, exchange: Exchange) -> list[Violation]:
        """An order reference listed twice, or an item reference shown twice (documented as unique)."""
        answer = exchange.answer
        assert answer is not None
        if answer.status != 200 or answer.body is None:
            return []
        repeated = repeated_references(operation.id, answer.json())
        if repeated is None:
            return []
        shown = ", ".join(repr(reference[:CLIP]) for reference in repeated.references[:MAX_STATE_FINDINGS])
        return [Violation(Kind.DUPLICATE_REFERENCE, repeated.rule, shown)]

    # ---- answers judged by earlier ones ---------------------------------------------------------
    def _stateful(self, operation: Operation, exchange: Exchange, body: Any) -> list[Violation]:
        if not isinstance(body, dict):
            return []
        account = exchange.account  # None: no key, or not a string (see accounts.py)
        if account is None:
            return []
        assert exchange.answer is not None
        reference = body.get("reference")
        value = exchange.answer.json()
        if operation.id == "listOrders":
            return self._listing(account, exchange, value if exchange.answer.status == 200 else [])
        if not isinstance(reference, str):
            return []
        if operation.id == "addOrder" and exchange.answer.status == 201:
            self.orders.added(account, reference, sent_order(body), exchange.finished)
            return []
        foreign = self.orders.foreign(account, reference, exchange.started)
        if foreign and operation.id in ("getOrderInfo", "getOrderLog", "cancelOrder"):
            return [
                Violation(
                    Kind.FOREIGN_ORDER_VISIBLE,
                    f"{operation.path} answered {exchange.answer.status} for an order another account added",
                    f"order {reference!r}",
                )
            ]
        if operation.id == "cancelOrder" and exchange.answer.status == 200:
            self.orders.cancelled(account, reference, exchange.finished)
            return []
        order = self.orders.get(account, reference)
        if order is None:
            return []
        if operation.id == "getOrderInfo":
            return self._info(order, exchange, value)
        if operation.id == "getOrderLog":
            return self._log(order, exchange, value)
        return []

    def _cancelled_before(self, order: Remembered, exchange: Exchange) -> bool:
        return order.cancelled_at is not None and order.cancelled_at <= exchange.started

    def _info(self, order: Remembered, exchange: Exchange, value: Any) -> list[Violation]:
        if not isinstance(value, dict):
            return []
        found: list[Violation] = []
        if self._cancelled_before(order, exchange) and not shows_cancelled(value):
            state, cancelable = value.get("state"), value.get("is_cancelable", False)
            found.append(
                Violation(
                    Kind.CANCEL_NOT_REFLECTED,
                    "orders/info of an order cancelled (200) before shows no state 500, or is_cancelable",
                    f"order {order.reference!r}: state {state!r}, is_cancelable {cancelable!r}",
                )
            )
        if order.sent is not None and order.added_at is not None and order.added_at <= exchange.started:
            found += _info_differences(order, value)
        return found

    def _log(self, order: Remembered, exchange: Exchange, value: Any) -> list[Violation]:
        if not self._cancelled_before(order, exchange) or not isinstance(value, list) or log_shows_cancelled(value):
            return []  # not a list: the answer's schema problem, reported as such
        last = value[-1] if value else None
        state = last.get("state") if isinstance(last, dict) else None
        return [
            Violation(
                Kind.CANCEL_NOT_REFLECTED,
                "orders/log of an order cancelled (200) before does not end with state 500",
                f"order {order.reference!r}: last state {state!r}",
            )
        ]

    def _listing(self, account: str, exchange: Exchange, value: Any) -> list[Violation]:
        rows = [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []
        listed = {str(row.get("reference")): row for row in rows}
        found: list[Violation] = []
        missing = [
            order.reference
            for order in self.orders.of_account(account)
            if order.added_at is not None and order.added_at <= exchange.started and order.reference not in listed
        ]
        if missing:
            found.append(
                Violation(
                    Kind.ADDED_ORDER_MISSING,
                    "orders/ does not list an order added (201) before it was asked",
                    "missing: " + ", ".join(repr(reference) for reference in missing[:MAX_STATE_FINDINGS]),
                )
            )
        stale, foreign = [], []
        for reference, row in listed.items():
            order = self.orders.get(account, reference)
            if (
                order is not None
                and self._cancelled_before(order, exchange)
                and state_number(row.get("state")) != CANCELED
            ):
                stale.append(f"{reference!r} state {row.get('state')!r}")
            elif order is None and self.orders.foreign(account, reference, exchange.started):
                foreign.append(repr(reference))
        if stale:
            found.append(
                Violation(
                    Kind.CANCEL_NOT_REFLECTED,
                    "orders/ shows an order cancelled (200) before without state 500",
                    ", ".join(stale[:MAX_STATE_FINDINGS]),
                )
            )
        if foreign:
            found.append(
                Violation(
                    Kind.FOREIGN_ORDER_VISIBLE,
                    "orders/ lists an order another account added",
                    "orders " + ", ".join(foreign[:MAX_STATE_FINDINGS]),
                )
            )
        return found


def _info_differences(order: Remembered, info: dict[str, Any]) -> list[Violation]:
    """``orders/info`` against what ``orders/add`` sent, as the contract suite compares them (``facts``)."""
    assert order.sent is not None
    found: dict[str, str] = {}
    for difference in order_differences(order.sent, info, clip=CLIP):
        found.setdefault(difference.field, f"order {order.reference!r}: {difference.detail}")
    return [
        Violation(Kind.ORDER_INFO_DIFFERS, f"orders/info differs from what orders/add sent: {field}", detail)
        for field, detail in list(found.items())[:MAX_STATE_FINDINGS]
    ]
