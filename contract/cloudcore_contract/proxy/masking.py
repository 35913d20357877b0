"""The API key masked in everything the proxy writes: log lines, reports, recordings, differences.

The key travels in the request body (``apikey``). A server may echo it back in any form, so each
character is matched in every escaping a body, a URL or a page may give it, in any mix: literally,
JSON (``\\u00e9`` in any hex case, surrogate pairs, ``\\"``, ``\\/``), percent-encoding (any hex
case, ``+`` for a space), HTML entities (decimal, hex, named) and Python escapes (``\\xe9``). The
whole key is also matched as base64 (standard and URL-safe, at every alignment inside a longer
base64 text) and as hex. The ``apikey`` field of a JSON body is masked whatever its value, so a key
too short to mask safely inside other text (under ``MIN_SUBSTRING_LENGTH`` characters) is still
masked where it is sent.

Keys live in memory only, never on disk: in the exchange being handled, and in the maskers of the
last ``CACHED_MASKERS`` keys (building one costs more than using it; Python's own regular
expression cache keeps recent patterns too). Nothing the proxy writes holds one.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Final

__all__ = ["MASK", "MIN_SUBSTRING_LENGTH", "SECRET_HEADERS", "Masker", "mask_apikey_field", "printable"]

MASK: Final = "***"
#: Maskers kept for reuse (see the module docstring).
CACHED_MASKERS: Final = 64
_MASK_BYTES: Final = MASK.encode()
#: Shorter keys are masked only as the ``apikey`` field: masking "ab" inside other text would mangle it.
MIN_SUBSTRING_LENGTH: Final = 4
#: Headers whose values are credentials of some kind: always masked whole.
SECRET_HEADERS: Final = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "apikey", "x-apikey"}
)

_SHORT_JSON: Final = {
    '"': '\\"',
    "\\": "\\\\",
    "/": "\\/",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}
_NAMED_HTML: Final = {"&": ("&amp;",), "<": ("&lt;",), ">": ("&gt;",), '"': ("&quot;",), "'": ("&apos;", "&#39;")}
_JSON_SCALAR: Final = r'"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null'
_APIKEY_FIELD: Final = re.compile(rf'("apikey"\s*:\s*)(?:{_JSON_SCALAR})')
_APIKEY_FIELD_BYTES: Final = re.compile(_APIKEY_FIELD.pattern.encode())


def _any_case(hex_digits: str) -> str:
    return "".join(f"[{d.lower()}{d.upper()}]" if d.isalpha() else d for d in hex_digits)


def _char_forms(char: str) -> str:
    """A regex for ``char`` written any way a body, URL or page may write it."""
    code = ord(char)
    forms = [re.escape(char)]
    if code > 0xFFFF:
        high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
        forms.append(rf"\\u{_any_case(f'{high:04x}')}\\u{_any_case(f'{low:04x}')}")
        forms.append(rf"\\U{_any_case(f'{code:08x}')}")
    else:
        forms.append(rf"\\u{_any_case(f'{code:04x}')}")
    if code <= 0xFF:
        forms.append(rf"\\x{_any_case(f'{code:02x}')}")
    if char in _SHORT_JSON:
        forms.append(re.escape(_SHORT_JSON[char]))
    forms.append("".join(rf"%{_any_case(f'{byte:02x}')}" for byte in char.encode("utf-8")))
    if char == " ":
        forms.append(r"\+")
    forms.append(rf"&#0*{code};")
    forms.append(rf"&#[xX]0*{_any_case(f'{code:x}')};")
    forms.extend(re.escape(entity) for entity in _NAMED_HTML.get(char, ()))
    return "(?:" + "|".join(forms) + ")"


def _base64_cores(raw: bytes) -> list[str]:
    """The key's base64 as it reads inside a longer base64 text, at each of the three alignments.

    Only the characters made of the key's bits alone: those that mix in a neighbour's bits differ
    with the neighbour (found by encoding with all-zero and all-one neighbours).
    """
    cores = []
    for offset in range(3):
        low = base64.b64encode(b"\0" * offset + raw + b"\0" * 3).decode("ascii")
        high = base64.b64encode(b"\xff" * offset + raw + b"\xff" * 3).decode("ascii")
        start = (offset * 8 + 5) // 6
        end = start
        while end < len(low) and low[end] == high[end]:
            end += 1
        if end - start >= MIN_SUBSTRING_LENGTH:
            cores.append(low[start:end])
    return cores


def printable(text: str, limit: int = 500) -> str:
    """``text`` clipped and escaped to printable ASCII: one log line can never become two."""
    clipped = text if len(text) <= limit else text[: limit - 3] + "..."
    return "".join(
        ch if " " <= ch <= "~" and ch != "\\" else ch.encode("unicode_escape").decode("ascii") for ch in clipped
    )


def mask_apikey_field(text: str) -> str:
    """``text`` with the value of every JSON ``"apikey"`` field replaced by ``"***"``."""
    return _APIKEY_FIELD.sub(rf'\g<1>"{MASK}"', text)


class Masker:
    """Masks the keys of one exchange (the request's ``apikey``, the shadow key) in text and bytes."""

    __slots__ = ("_fast", "_pattern", "_pattern_bytes")

    def __init__(self, keys: Iterable[str | None]) -> None:
        usable = sorted({key for key in keys if key and len(key) >= MIN_SUBSTRING_LENGTH}, key=len, reverse=True)
        alternatives: list[str] = []
        fast: list[bytes] = []
        for key in usable:
            alternatives.append("".join(_char_forms(char) for char in key))
            raw = key.encode("utf-8", errors="surrogatepass")
            fast.append(raw)
            encoded = [
                *_base64_cores(raw),
                *(core.replace("+", "-").replace("/", "_") for core in _base64_cores(raw)),
                raw.hex(),
                raw.hex().upper(),
            ]
            alternatives += [re.escape(value) for value in dict.fromkeys(encoded)]
        self._fast: tuple[bytes, ...] = tuple(fast)
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None
        self._pattern_bytes = (
            re.compile("|".join(alternatives).encode("utf-8", errors="surrogatepass")) if alternatives else None
        )

    @classmethod
    def of_body(cls, body: object, *extra: str | None) -> Masker:
        """The masker of a request whose parsed JSON body is ``body`` (a string or number key)."""
        key = body.get("apikey") if isinstance(body, dict) else None
        if isinstance(key, bool) or not isinstance(key, str | int | float):
            return _masker(tuple(extra))
        return _masker((str(key), *extra))

    def text(self, text: str) -> str:
        """``text`` with every key masked in every form, and every ``apikey`` field masked."""
        if self._pattern is not None:
            text = self._pattern.sub(MASK, text)
        return mask_apikey_field(text)

    def bytes(self, data: bytes) -> bytes:
        """``data`` with every key masked (bytes that are no UTF-8 are left as they are)."""
        if self._pattern_bytes is not None:
            data = self._pattern_bytes.sub(_MASK_BYTES, data)
            if any(key in data for key in self._fast):  # a key in another byte encoding (latin-1, ...)
                for key in self._fast:
                    data = data.replace(key, _MASK_BYTES)
        return _APIKEY_FIELD_BYTES.sub(rb'\g<1>"' + _MASK_BYTES + b'"', data)

    def headers(self, headers: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """Headers with credential headers masked whole and keys masked in every other value."""
        return [(name, MASK if name.lower() in SECRET_HEADERS else self.text(value)) for name, value in headers]


@functools.lru_cache(maxsize=CACHED_MASKERS)
def _masker(keys: tuple[str | None, ...]) -> Masker:
    return Masker(keys)
