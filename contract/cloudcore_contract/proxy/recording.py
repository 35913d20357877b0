"""Recordings: exchanges written as JSON lines, every key masked; and read back for ``replay``.

JSON lines rather than HAR: a line is written (and flushed) as each exchange completes, so a
recording is readable while the proxy runs and loses at most the line being written if the proxy
is killed; a HAR file is one JSON document, complete only when closed. One line per exchange:

    {"seq": 1, "time": "2026-01-01T10:00:00Z", "ms": 4.2, "operation": "addOrder", "account": 1,
     "request": {"method": "POST", "path": "/cloudcore/1.0/orders/add", "query": "",
                 "headers": [["content-type", "application/json"], ...], "body": "{\\"apikey\\":\\"***\\",...}"},
     "response": {"status": 201, "headers": [...], "body": "{\\"order\\":\\"o-1\\"}"},
     "error": null, "not_captured": null}

``account`` numbers the accounts of the recording (1, 2, ...; null: no key, or a key the upstream
refused with 403) so that ``replay`` can give each its own key. A body that is no UTF-8 is written
as ``body_base64``; a response body with a Content-Encoding is written decoded (``decoded_from``
names the encoding). The file is capped at ``max_bytes``: past it recording stops, which the
report and one log line say.
"""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Final

import orjson

from .exchange import Answer, Exchange, decoded, header
from .masking import Masker

__all__ = ["DEFAULT_MAX_RECORD_BYTES", "Recorded", "Recorder", "RecordingError", "read_recording"]

DEFAULT_MAX_RECORD_BYTES: Final = 512 * 1024 * 1024
_log = logging.getLogger("cloudcore_contract.proxy")


class RecordingError(ValueError):
    """A recording that cannot be read (a line that is no recorded exchange)."""


def _body_fields(data: bytes | None, masker: Masker) -> dict[str, Any]:
    if data is None:
        return {"body": None}
    masked = masker.bytes(data)
    try:
        return {"body": masked.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body_base64": base64.b64encode(masked).decode("ascii")}


def _headers(headers: Iterable[tuple[str, str]], masker: Masker) -> list[list[str]]:
    return [[name, value] for name, value in masker.headers(list(headers))]


class Recorder:
    """Appends masked exchanges to ``<directory>/proxy-<time>-<pid>.jsonl``, up to ``max_bytes``."""

    def __init__(self, directory: Path, max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> None:
        if max_bytes < 1:
            raise ValueError("the recording's size cap must be positive")
        self.directory = directory
        self.max_bytes = max_bytes
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.path = directory / f"proxy-{stamp}-{os.getpid()}.jsonl"
        self.exchanges = 0
        self.bytes = 0
        self.stopped: str | None = None
        self._file: IO[bytes] | None = None

    def open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("ab")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def record(self, exchange: Exchange, account: int | None) -> None:
        """Write one exchange (masked); stop for good once the cap would be passed."""
        if self._file is None or self.stopped is not None:
            return
        line = orjson.dumps(entry(exchange, account)) + b"\n"
        if self.bytes + len(line) > self.max_bytes:
            self.stopped = f"the size cap of {self.max_bytes:,} bytes was reached after {self.exchanges:,} exchanges"
            _log.warning("recording stopped: %s (%s)", self.stopped, self.path)
            return
        try:
            self._file.write(line)
            self._file.flush()
        except OSError as exc:
            self.stopped = f"writing failed: {exc.strerror or exc}"
            _log.warning("recording stopped: %s (%s)", self.stopped, self.path)
            return
        self.exchanges += 1
        self.bytes += len(line)

    def as_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "exchanges": self.exchanges, "bytes": self.bytes, "stopped": self.stopped}


def entry(exchange: Exchange, account: int | None) -> dict[str, Any]:
    """The JSON line of an exchange, every key masked."""
    masker = exchange.masker
    answer = exchange.answer
    response: dict[str, Any] | None = None
    if answer is not None:
        body = answer.body
        plain = decoded(body, answer.headers) if body is not None else None
        encoding = (header(answer.headers, "content-encoding") or "identity").strip().lower()
        response = {"status": answer.status, "headers": _headers(answer.headers, masker)}
        if plain is not None and encoding not in ("identity", ""):
            response["decoded_from"] = encoding
            response.update(_body_fields(plain, masker))
        else:
            response.update(_body_fields(body, masker))
    return {
        "seq": exchange.seq,
        "time": datetime.fromtimestamp(exchange.wall, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "ms": round((exchange.finished - exchange.started) * 1000, 3) if exchange.finished else None,
        "operation": exchange.operation_id,
        "account": account,
        "request": {
            "method": exchange.method,
            "path": masker.text(exchange.path),
            "query": masker.text(exchange.query),
            "headers": _headers(exchange.request_headers, masker),
            **_body_fields(exchange.request_body, masker),
        },
        "response": response,
        "error": masker.text(exchange.error) if exchange.error else None,
        "not_captured": exchange.unjudged,
    }


@dataclass(frozen=True, slots=True)
class Recorded:
    """One recorded exchange, read back: the request to send again and the answer it got."""

    seq: int
    operation: str | None
    account: int | None
    method: str
    path: str
    query: str
    headers: list[tuple[str, str]]
    body: bytes | None
    answer: Answer | None


def _body(part: dict[str, Any]) -> bytes | None:
    if part.get("body_base64") is not None:
        return base64.b64decode(part["body_base64"])
    body = part.get("body")
    return body.encode("utf-8") if isinstance(body, str) else None


def _recorded(line: bytes, where: str) -> Recorded:
    try:
        data = orjson.loads(line)
        request = data["request"]
        response = data.get("response")
        answer = None
        if isinstance(response, dict):
            headers = [(str(k), str(v)) for k, v in response.get("headers", [])]
            if response.get("decoded_from"):
                headers = [(k, v) for k, v in headers if k.lower() != "content-encoding"]
            answer = Answer(int(response["status"]), headers, _body(response))
        return Recorded(
            seq=int(data.get("seq", 0)),
            operation=data.get("operation"),
            account=data.get("account"),
            method=str(request["method"]),
            path=str(request["path"]),
            query=str(request.get("query", "")),
            headers=[(str(k), str(v)) for k, v in request.get("headers", [])],
            body=_body(request),
            answer=answer,
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise RecordingError(f"{where}: not a recorded exchange ({exc})") from exc


def recording_files(paths: Iterable[Path]) -> list[Path]:
    """The files of the given paths: a directory stands for its ``*.jsonl`` files, oldest name first."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    return files


def read_recording(paths: Iterable[Path]) -> Iterator[Recorded]:
    """Every exchange of the recordings, in order (a directory: its ``*.jsonl`` files by name)."""
    for file in recording_files(paths):
        with file.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield _recorded(line, f"{file}:{number}")
