"""The API key: kept out of reprs, and masked in everything an answer may echo, in any JSON form."""

from __future__ import annotations

import re
from typing import Final

from ._exceptions import ConfigurationError

__all__ = ["MASK", "MIN_KEY_LENGTH", "ApiKey"]

#: What replaces the key wherever it would show.
MASK: Final = "**********"
#: Shorter keys are refused: masking a 1-4 character key would mangle ordinary text (an order
#: reference "test-order-1" is not a leak of the key "test"). Real keys are long random strings.
MIN_KEY_LENGTH: Final = 8

_SHORT_ESCAPES: Final = {
    '"': '\\"',
    "\\": "\\\\",
    "/": "\\/",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _hex_any_case(code: int) -> str:
    return "".join(f"[{d}{d.upper()}]" if d.isalpha() else d for d in f"{code:04x}")


def _json_forms(char: str) -> str:
    """A regex matching `char` as JSON may write it: literally, `\\uXXXX` (any case), or a short escape."""
    forms = [re.escape(char)]
    code = ord(char)
    if code > 0xFFFF:
        high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
        forms.append(r"\\u" + _hex_any_case(high) + r"\\u" + _hex_any_case(low))
    else:
        forms.append(r"\\u" + _hex_any_case(code))
    if char in _SHORT_ESCAPES:
        forms.append(re.escape(_SHORT_ESCAPES[char]))
    return "(?:" + "|".join(forms) + ")"


class ApiKey:
    """The account's API key, kept out of every repr, str, log line, exception message and pickle."""

    __slots__ = ("_encoded", "_pattern", "_value")

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or len(value) < MIN_KEY_LENGTH or value != value.strip():
            raise ConfigurationError(
                f"the API key must be a string of at least {MIN_KEY_LENGTH} characters without surrounding spaces"
            )
        self._value = value
        self._encoded = value.encode("utf-8")
        # The key as it may appear in a body: raw, or in any mix of JSON escapes per character.
        self._pattern = re.compile("".join(_json_forms(char) for char in value))

    def get_secret_value(self) -> str:
        """The key itself: only the engine calls this, when it serialises a request."""
        return self._value

    def scrub(self, text: str) -> str:
        """`text` with the key masked, raw or JSON-escaped (servers sometimes echo what they got)."""
        return self._pattern.sub(MASK, text)

    def may_hold(self, content: bytes) -> bool:
        """Whether `content` may hold the key: raw, or behind an escape (a cheap test, no regex)."""
        return self._encoded in content or b"\\" in content

    def scrub_bytes(self, content: bytes) -> bytes:
        """A body with the key masked; undecodable bytes stay as they are."""
        if not self.may_hold(content):
            return content
        return self.scrub(content.decode("utf-8", errors="surrogateescape")).encode("utf-8", errors="surrogateescape")

    def __repr__(self) -> str:
        return f"ApiKey('{MASK}')"

    __str__ = __repr__

    def __reduce_ex__(self, protocol: object) -> str | tuple[object, ...]:
        # A pickle holds the key in clear (a cache, a task queue, a crash dump): refused.
        raise TypeError("an ApiKey cannot be pickled: pass the key to the process that needs it")

    def __copy__(self) -> ApiKey:
        return self  # immutable: a copy would only be a second object holding the key

    def __deepcopy__(self, memo: dict[int, object]) -> ApiKey:
        return self
