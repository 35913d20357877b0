"""Hostile values for the simulator's property tests: extreme numbers, control characters, huge strings.

Shared by the hostile-input tests (``test_hostile_inputs.py``); every strategy yields JSON-encodable
Python values (big integers included: the bodies are encoded with the standard ``json`` module,
which writes them digit for digit, as a hostile client would).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

from tests._helpers.simulator import KEY_A, KEY_B

EXTREME_NUMBERS: list[int | float] = [
    0, -1, 1, 2**31, -(2**31) - 1, 2**53 + 1, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30, -(10**30), 10**400,
    1e300, -1e300, 1e-300, 5e-324, 1.5, -0.0, 1e308,
]  # fmt: skip
HOSTILE_TEXTS: list[str] = [
    "", " ", "\x00", "\r\nSet-Cookie: evil=1", "a\nCRITICAL:root:FORGED", "\x1b[31mred\x1b[0m", "\x7f", "\x1f",
    "tökén", "ключ", "名前", "😀", "\u202eevil", "\ufeff", "%00", "../../etc/passwd", "'; DROP TABLE orders;--",
    "{{7*7}}", "<script>alert(1)</script>", KEY_A, KEY_B, "x" * 300 + KEY_A, "9" * 5000,
]  # fmt: skip

numbers = st.one_of(
    st.sampled_from(EXTREME_NUMBERS),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
)
texts = st.one_of(
    st.sampled_from(HOSTILE_TEXTS),
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.builds(
        lambda piece, times: piece * times, st.sampled_from(["a", "😀", "\n", "\\", '"']), st.integers(1, 150_000)
    ),
)
scalars = st.one_of(numbers, texts, st.booleans(), st.none())


def _nested(depth: int) -> Any:
    value: Any = "deep"
    for n in range(depth):
        value = [value] if n % 2 else {"k": value}
    return value


values = st.one_of(
    scalars,
    st.lists(scalars, max_size=5),
    st.dictionaries(texts, scalars, max_size=5),
    st.builds(_nested, st.integers(1, 600)),
)
field_names = st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(st.characters(codec="utf-8"), max_size=30))


def paths(node: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every path to a value inside a JSON document (dict keys and list indexes), the root excluded."""
    if isinstance(node, dict):
        for key, child in node.items():
            yield (*prefix, key)
            yield from paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield (*prefix, index)
            yield from paths(child, (*prefix, index))


def replaced(document: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """A copy of ``document`` with the value at ``path`` replaced."""
    copy = json.loads(json.dumps(document))
    node = copy
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return copy


def encoded(document: Any) -> bytes:
    """JSON as a hostile client writes it: big integers digit for digit, non-ASCII as is."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8", "surrogatepass")
