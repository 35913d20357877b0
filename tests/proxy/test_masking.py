"""The key is masked everywhere the proxy writes, in every escaping, even where the server echoes it:
log lines, the JSON and JUnit reports, the recording, the control path's report."""

from __future__ import annotations

import base64
import html
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest

from cloudcore_contract.proxy.masking import Masker
from tests._helpers.proxy import TIMEOUT, stack

SECRET = "sk/live+Key é✓ 𝄞 0123456789"


def forms(key: str) -> dict[str, str]:
    """The key as a body, URL, page or log may write it."""
    raw = key.encode()
    return {
        "raw": key,
        "json ascii": json.dumps(key)[1:-1],
        "json slashes": json.dumps(key)[1:-1].replace("/", "\\/"),
        "json upper hex": json.dumps(key)[1:-1].replace("\\u00e9", "\\u00E9"),
        "url": quote(key, safe=""),
        "url lower hex": re.sub("%[0-9A-F]{2}", lambda escape: escape[0].lower(), quote(key, safe="")),
        "form": quote_plus(key),
        "html": html.escape(key),
        "html numeric": "".join(f"&#{ord(ch)};" for ch in key),
        "python": key.encode("unicode_escape").decode(),
        "base64": base64.b64encode(raw).decode().rstrip("="),
        "base64 url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "base64 inside": base64.b64encode(b"xy" + raw + b"z").decode(),
        "hex": raw.hex(),
    }


def echo_body(key: str) -> bytes:
    return json.dumps({"echo": list(forms(key).values())}).encode()


class Echo:
    """An upstream that echoes the request's key back in every form: body, header, error info."""

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        key = json.loads(body).get("apikey", "")
        status = 500 if scope["path"].endswith("/shipping/levels") else 200
        content = echo_body(key)
        headers = [
            (b"content-type", b"application/json"),
            (b"x-echo", quote(key).encode()),
            (b"content-length", str(len(content)).encode()),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})


@pytest.mark.parametrize("key", [SECRET, "short-key-1", "abcd"])
def test_the_masker_masks_every_form(key: str) -> None:
    masker = Masker([key])
    for name, form in forms(key).items():
        if len(form) >= 4:
            assert form not in masker.text(f"before {form} after"), name
    assert masker.text('{"apikey": 12345, "x": 1}') == '{"apikey": "***", "x": 1}'


def test_the_key_appears_in_nothing_the_proxy_writes(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    report_json, junit = tmp_path / "report.json", tmp_path / "report.xml"
    recording = tmp_path / "recording"
    with stack(Echo(), record_dir=recording, report_json=report_json, report_junit=junit) as running:
        for path in ("/products", "/shipping/levels", "/nowhere"):
            answer = running.post(path, {"apikey": SECRET}, headers={"Authorization": f"Bearer {quote(SECRET)}"})
            assert answer.content == echo_body(SECRET), "the caller gets the echo unchanged"
        running.post("/orders/info", {"apikey": SECRET, "reference": SECRET})
        report = running.report()
        control = httpx.get(running.proxy.url + "/_proxy/report", timeout=TIMEOUT).text
        written = httpx.post(running.proxy.url + "/_proxy/report", timeout=TIMEOUT).text
    assert report["violations"] >= 2
    outputs = {
        "log": caplog.text,
        "report.json": report_json.read_text(encoding="utf-8"),
        "report.xml": junit.read_text(encoding="utf-8"),
        "control": control + written,
        "recording": "\n".join(path.read_text(encoding="utf-8") for path in recording.iterdir()),
    }
    assert "***" in outputs["recording"]
    for where, text in outputs.items():
        for name, form in forms(SECRET).items():
            assert form not in text, f"the key ({name}) is in the {where}"
