"""``cloudcore-contract replay``: a recording sent again to any target, its answers compared.

Each recorded request goes to the target in the recorded order, one at a time, with the real key
put back where the recording has ``***`` (account 1 gets the first ``--api-key``, account 2 the
second, ...; a request the upstream refused with 403 gets a key no account has). The target's
answer is compared with the recorded one (``compare.py``: status, error type, fields and their
types, values that must agree) and judged against the contract like the proxy's traffic. The report
is the proxy's, with the fidelity of the target to the recording.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

import httpx
import orjson

from .accounts import Accounts
from .compare import compare
from .contract import Contract, load_contract
from .exchange import Answer, Exchange, end_to_end
from .judging import Judge
from .masking import MASK
from .recording import Recorded, read_recording
from .report import Fidelity, Report

__all__ = ["DEFAULT_REMOTE_RATE", "UNKNOWN_KEY", "ReplayUnreachable", "default_rate", "replay"]

TOOL: Final = "cloudcore-contract replay"
#: The key given to requests the upstream refused with 403: well-formed, and no account's.
UNKNOWN_KEY: Final = "cloudcore-replay-unknown-key-000000000000"
#: Requests per second against a target that is not on this machine (a shared sandbox account).
DEFAULT_REMOTE_RATE: Final = 5.0


class ReplayUnreachable(RuntimeError):
    """The target answered nothing to the first request: nothing could be compared."""


def default_rate(target: str) -> float | None:
    """No pacing on loopback; ``DEFAULT_REMOTE_RATE`` requests per second elsewhere."""
    host = httpx.URL(target).host
    if host == "localhost":
        return None
    try:
        return None if ipaddress.ip_address(host).is_loopback else DEFAULT_REMOTE_RATE
    except ValueError:
        return DEFAULT_REMOTE_RATE


def _key_for(recorded: Recorded, keys: Sequence[str]) -> str | None:
    if recorded.account is None:
        refused = recorded.answer is not None and recorded.answer.status == 403
        return UNKNOWN_KEY if refused else None
    number = recorded.account
    return keys[number - 1] if 1 <= number <= len(keys) else keys[0]


def _body(recorded: Recorded, keys: Sequence[str]) -> bytes:
    """The recorded body with the masked key replaced by the account's key."""
    body = recorded.body or b""
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    key = _key_for(recorded, keys)
    if isinstance(value, dict) and value.get("apikey") == MASK and key is not None:
        return orjson.dumps({**value, "apikey": key})
    return body


def replay(
    files: Iterable[Path],
    target: str,
    keys: Sequence[str],
    *,
    max_rate: float | None = None,
    timeout: float = 60.0,
    strict: bool = False,
    contract: Contract | None = None,
) -> Report:
    """Replay ``files`` against ``target``; the report holds the judgement and the fidelity."""
    if not keys:
        raise ValueError("replay needs at least one API key")
    contract = contract if contract is not None else load_contract()
    report = Report(contract, tool=TOOL, upstream=target, strict=strict)
    fidelity = report.fidelity = Fidelity(target)
    judge = Judge(strict=strict)
    accounts = Accounts()
    base = httpx.URL(target)
    interval = 1.0 / max_rate if max_rate else 0.0
    next_at = time.monotonic()
    sent = 0
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for recorded in read_recording(files):
            if recorded.answer is None or recorded.body is None or recorded.answer.body is None:
                fidelity.skip("not fully recorded")
                continue
            if interval:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at = max(next_at + interval, time.monotonic())
            body = _body(recorded, keys)
            headers = end_to_end(
                ((name.encode("latin-1"), value.encode("latin-1")) for name, value in recorded.headers),
                drop=frozenset({b"host", b"content-length"}),
            )
            raw = recorded.path.encode("latin-1") + (b"?" + recorded.query.encode("latin-1") if recorded.query else b"")
            url = base.copy_with(raw_path=base.raw_path.rstrip(b"/") + raw)
            exchange = Exchange(
                seq=recorded.seq,
                wall=time.time(),
                started=time.monotonic(),
                method=recorded.method,
                path=recorded.path,
                query=recorded.query,
                operation=contract.match(recorded.path.split("?", 1)[0]),
                request_headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers],
                request_body=body,
            )
            try:
                response = client.send(httpx.Request(recorded.method, url, headers=headers, content=body), stream=True)
                try:
                    content = b"".join(response.iter_raw())
                finally:
                    response.close()
            except httpx.HTTPError as exc:
                if sent == 0:
                    raise ReplayUnreachable(f"{target} gave no answer ({type(exc).__name__}: {exc})") from exc
                exchange.error = f"the target gave no answer ({type(exc).__name__})"
                fidelity.failed += 1
                report.add(exchange, None)
                continue
            sent += 1
            exchange.finished = time.monotonic()
            answer_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw]
            exchange.answer = Answer(response.status_code, answer_headers, content)
            value = exchange.request_json()
            exchange.account = accounts.fingerprint(value.get("apikey") if isinstance(value, dict) else None)
            report.add(exchange, judge.judge(exchange))
            differences = compare(exchange.operation_id, recorded.answer, exchange.answer, ("recorded", "target"))
            fidelity.add(exchange, differences, f"recorded {recorded.answer.status}")
    return report
