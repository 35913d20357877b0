"""Keys are masked in every form a report, a server or an escaping can give them."""

from __future__ import annotations

import base64
import html
import io
import json
import re
from urllib.parse import quote, quote_plus

import pytest

from cloudcore_contract.masking import MASK, MaskedStream, Masker, key_forms

KEY = 'sk/tést+key "with" spaces & <angles> 9f3a'


@pytest.mark.parametrize(
    "shown",
    [
        KEY,
        json.dumps(KEY)[1:-1],
        re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m[1].upper(), json.dumps(KEY)[1:-1]),  # \u00E9
        json.dumps(KEY, ensure_ascii=False)[1:-1],
        json.dumps(KEY)[1:-1].replace("/", "\\/"),  # PHP's json_encode
        quote(KEY, safe=""),
        quote(KEY, safe="").lower(),
        quote_plus(KEY),
        repr(KEY)[1:-1],
        html.escape(KEY),
    ],
    ids=[
        "raw",
        "json",
        "json-upper-hex",
        "json-unicode",
        "php-json",
        "url",
        "url-lower-hex",
        "url-plus",
        "repr",
        "html",
    ],
)
def test_every_escaping_of_the_key_is_masked(shown: str) -> None:
    masker = Masker([KEY])
    assert shown in key_forms(KEY)
    masked = masker.text(f"info: bad key {shown}!")
    assert shown not in masked
    assert MASK in masked


@pytest.mark.parametrize("prefix", [b"", b"x", b"xy", b"user:"])
def test_the_key_in_base64_is_masked_at_every_alignment(prefix: bytes) -> None:
    encoded = base64.b64encode(prefix + KEY.encode() + b"!").decode()
    masked = Masker([KEY]).text(f"Authorization: Basic {encoded}")
    assert MASK in masked
    # What is left around the mask is too short to hold the key.
    assert all(len(part) < 8 for part in masked.removeprefix("Authorization: Basic ").split(MASK))


def test_bytes_and_json_apikey_fields_are_masked() -> None:
    masker = Masker([KEY, "other-account-key-123"])
    data = json.dumps({"apikey": KEY, "info": "other-account-key-123"}).encode()
    assert KEY.encode() not in masker.bytes(data)
    assert b"other-account-key-123" not in masker.bytes(data)
    assert masker.text('{"apikey": "anything at all"}') == '{"apikey": "***"}'


def test_a_key_split_over_writes_and_flushes_is_masked() -> None:
    out = io.StringIO()
    stream = MaskedStream(out, Masker([KEY]))
    for piece in ("start ", KEY[:5], KEY[5:12]):
        stream.write(piece)
        stream.flush()
    stream.write(KEY[12:] + " end\nnext")
    stream.flush()
    stream.close_out()
    assert KEY not in out.getvalue()
    assert KEY[:5] not in out.getvalue()
    assert out.getvalue() == f"start {MASK} end\nnext"


def test_empty_and_missing_keys_mask_nothing() -> None:
    masker = Masker([None, ""])
    assert masker.text("nothing secret here") == "nothing secret here"
    assert masker.longest == 0
