"""Fault injection, for the contract suite's own tests only: the simulator made wrong on purpose.

:class:`FaultInjector` is an ASGI middleware that wraps a simulator app and breaks exactly one
thing, named by a :class:`Fault`. The fault proof (``tests/contract/test_faults.py``) runs the
contract tool against each fault and asserts that it is reported: a suite that cannot fail proves
nothing. ``faulted_simulator`` (the strict simulator the tool builds in-process),
``faulted_tolerant_simulator`` (its default mode, which accepts unknown fields as the real API does)
and ``faulted_sandbox`` (the sandbox-like mode) are factories the tool's ``--app`` option takes
(``--app tests.contract.faults:faulted_simulator:FAULT``); the sandbox tests wrap a served stand-in.

This lives in ``tests/``: the simulator package knows nothing of it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final
from urllib.parse import urlsplit

import orjson

from cloudcore_contract.settings import load_spec
from cloudcore_contract.target import simulator_app
from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.sandbox import SandboxConfig, create_sandbox_app

__all__ = [
    "FAULT_DESCRIPTIONS",
    "Fault",
    "FaultInjector",
    "describe",
    "faulted_sandbox",
    "faulted_simulator",
    "faulted_tolerant_simulator",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Fault(StrEnum):
    """One deliberate drift between the simulator and the contract."""

    FIELD_TYPE_CHANGED = "field-type-changed"
    REQUIRED_FIELD_DROPPED = "required-field-dropped"
    FIELD_RENAMED = "field-renamed"
    UNDOCUMENTED_STATUS = "undocumented-status"
    WRONG_CONTENT_TYPE = "wrong-content-type"
    SERVER_ERROR = "server-error-on-valid-input"
    INVALID_INPUT_ACCEPTED = "invalid-input-accepted"
    API_KEY_IGNORED = "api-key-ignored"
    WRONG_STATE_AFTER_CANCEL = "wrong-state-after-cancel"
    ORDER_MISSING_FROM_LIST = "order-missing-from-list"
    NO_CONTENT_INSTEAD_OF_BODY = "no-content-instead-of-body"
    MALFORMED_ERROR_BODY = "malformed-error-body"
    ACCOUNTS_NOT_ISOLATED = "accounts-not-isolated"
    ORDER_INFO_DIFFERS = "order-info-differs"
    ALLOW_HEADER_MISSING = "allow-header-missing"
    WRONG_TYPE_ACCEPTED = "wrong-type-accepted"
    DUPLICATE_ORDER_REFERENCE = "duplicate-order-reference"
    DUPLICATE_ITEM_REFERENCE = "duplicate-item-reference"
    CANCEL_NOT_APPLIED = "cancel-not-applied"


FAULT_DESCRIPTIONS: Final[dict[Fault, str]] = {
    Fault.FIELD_TYPE_CHANGED: 'shipping/countries answers `require_state` as a boolean instead of 0/1 (or "0"/"1")',
    Fault.REQUIRED_FIELD_DROPPED: "products leaves the required `from_price` out of every product",
    Fault.FIELD_RENAMED: "shipping/levels renames the required `name` to `title`",
    Fault.UNDOCUMENTED_STATUS: "products/info answers 404 (not documented there) instead of 204 for an unknown product",
    Fault.WRONG_CONTENT_TYPE: "products answers with Content-Type text/plain",
    Fault.SERVER_ERROR: "shipping/states answers 500 to every valid request",
    Fault.INVALID_INPUT_ACCEPTED: "unknown body fields are dropped before validation instead of rejected",
    Fault.API_KEY_IGNORED: "any apikey, or none, is accepted as the first configured key",
    Fault.WRONG_STATE_AFTER_CANCEL: "a cancelled order still reports its previous state in info and log",
    Fault.ORDER_MISSING_FROM_LIST: "orders/ leaves out the most recently added order",
    Fault.NO_CONTENT_INSTEAD_OF_BODY: "shipping/countries answers 204 without a body instead of 200 with the list",
    Fault.MALFORMED_ERROR_BODY: 'every 4xx body is {"message": "..."} instead of {"error": {"type", "info"}}',
    Fault.ACCOUNTS_NOT_ISOLATED: "every valid key acts on the first key's account (orders leak between accounts)",
    Fault.ORDER_INFO_DIFFERS: "orders/info reports each item's count one higher than ordered",
    Fault.ALLOW_HEADER_MISSING: "405 answers carry no Allow header",
    Fault.WRONG_TYPE_ACCEPTED: "shipping/states takes a country_reference that is no string (as if it were US)",
    Fault.DUPLICATE_ORDER_REFERENCE: "orders/ lists its first order twice",
    Fault.DUPLICATE_ITEM_REFERENCE: "orders/info shows its first item twice",
    Fault.CANCEL_NOT_APPLIED: "orders/cancel answers 200 and {} without cancelling anything",
}

_JSON: Final = b"application/json"


@dataclass(slots=True)
class _Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def header(self, name: bytes) -> bytes | None:
        return next((value for key, value in self.headers if key.lower() == name), None)

    def set_header(self, name: bytes, value: bytes | None) -> None:
        self.headers = [(key, val) for key, val in self.headers if key.lower() != name]
        if value is not None:
            self.headers.append((name, value))

    def json(self) -> Any:
        if not (self.header(b"content-type") or b"").startswith(_JSON) or not self.body:
            return None
        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError:
            return None

    def set_json(self, payload: Any) -> None:
        self.body = orjson.dumps(payload)


def _request_properties(spec: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Spec path -> the property names its request body schema allows."""
    schemas = spec.get("components", {}).get("schemas", {})
    allowed: dict[str, frozenset[str]] = {}
    for path, item in spec["paths"].items():
        operation = item["post"]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        ref = schema.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            schema = schemas[ref.rsplit("/", 1)[1]]
        allowed[path] = frozenset(schema.get("properties", {}))
    return allowed


class FaultInjector:
    """ASGI middleware: ``app`` with ``fault`` injected; everything else passes through unchanged.

    ``api_keys`` are the keys the wrapped simulator accepts (the key faults substitute the first).
    """

    def __init__(self, app: ASGIApp, fault: Fault | str, *, api_keys: Sequence[str] = ()) -> None:
        self.app = app
        self.fault = Fault(fault)
        if (
            self.fault in (Fault.API_KEY_IGNORED, Fault.ACCOUNTS_NOT_ISOLATED, Fault.CANCEL_NOT_APPLIED)
            and not api_keys
        ):
            raise ValueError(f"fault {self.fault} needs the simulator's api_keys")
        self.api_keys = tuple(api_keys)
        spec = load_spec()  # parsed once per process (the tool has read it already)
        self.prefix = urlsplit(spec["servers"][0]["url"]).path.rstrip("/")
        self.allowed = _request_properties(spec)

    def _operation(self, path: str) -> str | None:
        if not path.startswith(self.prefix):
            return None
        rest = path[len(self.prefix) :]
        if rest == "/orders":
            rest = "/orders/"
        return rest if rest in self.allowed else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        operation = self._operation(str(scope["path"]))
        raw = await _read_body(receive)
        if self.fault is Fault.CANCEL_NOT_APPLIED and operation == "/orders/cancel" and self._valid_cancel(raw):
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", _JSON)]})
            await send({"type": "http.response.body", "body": b"{}", "more_body": False})
            return
        raw = self._rewrite_request(operation, raw)
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(raw)).encode()))
        inner_scope = {**scope, "headers": headers}

        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()

        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))

        await self.app(inner_scope, replay, capture)
        answer = _Answer(
            int(start["status"]), [(bytes(k), bytes(v)) for k, v in start.get("headers", [])], b"".join(chunks)
        )
        self._rewrite_answer(operation, raw, answer)
        answer.set_header(b"content-length", str(len(answer.body)).encode())
        await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers})
        await send({"type": "http.response.body", "body": answer.body, "more_body": False})

    # ---- requests -------------------------------------------------------------------------------
    def _valid_cancel(self, raw: bytes) -> bool:
        """A cancel the simulator would act on: a known key and a string reference."""
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return False
        return isinstance(body, dict) and isinstance(body.get("reference"), str) and body.get("apikey") in self.api_keys

    def _rewrite_request(self, operation: str | None, raw: bytes) -> bytes:
        if operation is None or self.fault not in (
            Fault.API_KEY_IGNORED,
            Fault.ACCOUNTS_NOT_ISOLATED,
            Fault.INVALID_INPUT_ACCEPTED,
            Fault.WRONG_TYPE_ACCEPTED,
        ):
            return raw
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return raw
        if not isinstance(body, dict):
            return raw
        if self.fault is Fault.INVALID_INPUT_ACCEPTED:
            body = {key: value for key, value in body.items() if key in self.allowed[operation]}
        elif self.fault is Fault.WRONG_TYPE_ACCEPTED:
            if operation == "/shipping/states" and not isinstance(body.get("country_reference"), str):
                body["country_reference"] = "US"
        elif (body.get("apikey") in self.api_keys) == (self.fault is Fault.ACCOUNTS_NOT_ISOLATED):
            # API_KEY_IGNORED: an unknown or missing key becomes the first key.
            # ACCOUNTS_NOT_ISOLATED: every known key does, so all accounts share one.
            body["apikey"] = self.api_keys[0]
        return orjson.dumps(body)

    # ---- answers --------------------------------------------------------------------------------
    def _rewrite_answer(self, operation: str | None, request: bytes, answer: _Answer) -> None:
        fault = self.fault
        if fault is Fault.ALLOW_HEADER_MISSING:
            if answer.status == 405:
                answer.set_header(b"allow", None)
            return
        if fault is Fault.MALFORMED_ERROR_BODY:
            payload = answer.json()
            if 400 <= answer.status < 500 and isinstance(payload, dict) and isinstance(payload.get("error"), dict):
                answer.set_json({"message": payload["error"].get("info", "")})
            return
        if operation is None:
            return
        payload = answer.json()
        if fault is Fault.FIELD_TYPE_CHANGED and operation == "/shipping/countries" and answer.status == 200:
            answer.set_json([{**row, "require_state": bool(row["require_state"])} for row in payload])
        elif fault is Fault.REQUIRED_FIELD_DROPPED and operation == "/products" and answer.status == 200:
            answer.set_json([{k: v for k, v in row.items() if k != "from_price"} for row in payload])
        elif fault is Fault.FIELD_RENAMED and operation == "/shipping/levels" and answer.status == 200:
            answer.set_json([_renamed(row, "name", "title") for row in payload])
        elif fault is Fault.UNDOCUMENTED_STATUS and operation == "/products/info" and answer.status == 204:
            answer.status = 404
            answer.set_header(b"content-type", _JSON)
            answer.set_json({"error": {"type": "product_not_found", "info": "Product not found"}})
        elif fault is Fault.WRONG_CONTENT_TYPE and operation == "/products" and answer.status == 200:
            answer.set_header(b"content-type", b"text/plain; charset=utf-8")
        elif fault is Fault.SERVER_ERROR and operation == "/shipping/states" and answer.status == 200:
            answer.status = 500
            answer.set_json({"error": {"type": "internal_error", "info": "Internal server error"}})
        elif fault is Fault.WRONG_STATE_AFTER_CANCEL and answer.status == 200:
            if operation == "/orders/info" and isinstance(payload, dict) and str(payload.get("state")) == "500":
                answer.set_json({**payload, "state": "1", "state_code": "order_state_new", "is_cancelable": True})
            elif operation == "/orders/log" and isinstance(payload, list):
                answer.set_json([row for row in payload if str(row.get("state")) != "500"])
        elif fault is Fault.ORDER_MISSING_FROM_LIST and operation == "/orders/" and answer.status == 200:
            if isinstance(payload, list) and len(payload) > 1:
                answer.set_json(payload[:-1])
            else:
                answer.status, answer.body = 204, b""
                answer.set_header(b"content-type", None)
        elif fault is Fault.NO_CONTENT_INSTEAD_OF_BODY and operation == "/shipping/countries":
            if answer.status == 200:
                answer.status, answer.body = 204, b""
                answer.set_header(b"content-type", None)
        elif fault is Fault.DUPLICATE_ORDER_REFERENCE and operation == "/orders/" and answer.status == 200:
            if isinstance(payload, list) and payload:
                answer.set_json([*payload, payload[0]])
        elif fault is Fault.DUPLICATE_ITEM_REFERENCE and operation == "/orders/info" and answer.status == 200:
            items = payload.get("items", []) if isinstance(payload, dict) else []
            if items:
                answer.set_json({**payload, "items": [*items, items[0]]})
        elif fault is Fault.ORDER_INFO_DIFFERS and operation == "/orders/info" and answer.status == 200:
            items = payload.get("items", []) if isinstance(payload, dict) else []
            answer.set_json({**payload, "items": [{**item, "count": str(int(item["count"]) + 1)} for item in items]})


def _renamed(row: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    return {new if key == old else key: value for key, value in row.items()}


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(bytes(message.get("body", b"")))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def describe(faults: Iterable[Fault] = tuple(Fault)) -> str:
    """One line per fault: its name and what it breaks."""
    return "\n".join(f"{fault.value}: {FAULT_DESCRIPTIONS[fault]}" for fault in faults)


def faulted_simulator(api_keys: Sequence[str], fault: str | None) -> FaultInjector:
    """The in-process simulator of the contract tool with ``fault`` injected (``--app`` factory)."""
    if fault is None:
        raise ValueError("name the fault: --app tests.contract.faults:faulted_simulator:FAULT")
    return FaultInjector(simulator_app(api_keys), fault, api_keys=api_keys)


def faulted_tolerant_simulator(api_keys: Sequence[str], fault: str | None) -> FaultInjector:
    """The simulator in its default mode (unknown fields accepted, as the real API does), ``fault`` injected."""
    if fault is None:
        raise ValueError("name the fault: --app tests.contract.faults:faulted_tolerant_simulator:FAULT")
    return FaultInjector(create_app(list(api_keys), clock=VirtualClock(speed=0)), fault, api_keys=api_keys)


#: The in-process sandbox of the fault proof: a small seeded account, no rate limit (nothing to wait for).
SMALL_SANDBOX: Final = SandboxConfig(orders=20, rate_limit=0)


def faulted_sandbox(api_keys: Sequence[str], fault: str | None) -> FaultInjector:
    """The sandbox-like mode (``--sandbox``) with ``fault`` injected: an account with earlier orders."""
    if fault is None:
        raise ValueError("name the fault: --app tests.contract.faults:faulted_sandbox:FAULT")
    return FaultInjector(create_sandbox_app(api_keys, config=SMALL_SANDBOX), fault, api_keys=api_keys)
