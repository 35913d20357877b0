"""Keys never leave the tool: every form a key can take in text is masked as ``***``.

A key reaches output by more than one road: a target that echoes the request (in an error
``info``, a header, a wrongly shaped 200), a report line, a repr. So masking happens twice: every
answer is masked as it arrives (``transport.py``), and everything the tool prints goes through a
:class:`MaskedStream` (and the JUnit report and the figures through :meth:`Masker.text`).

A key is masked as sent and in the escapings a server or a report may apply: JSON (``\\uXXXX`` in
either case, ``\\/`` as PHP writes it), URL encoding (either case of hex digits, ``+`` or ``%20``
for a space), HTML/XML entities, Python's repr and unicode escapes, and base64 at each of its
three alignments. A JSON ``"apikey": "..."`` field is masked whatever it holds.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import json
import os
import re
from collections.abc import Iterable
from typing import Final, TextIO
from urllib.parse import quote, quote_plus

__all__ = ["MASK", "MaskedStream", "Masker", "key_forms"]

MASK: Final = "***"
_KEY_IN_JSON: Final = re.compile(r'("apikey"\s*:\s*")(?:[^"\\]|\\.)*(")')
_HEX_ESCAPE: Final = re.compile(r"(\\u|%)([0-9a-fA-F]{2,4})")


def _hex_cases(text: str) -> set[str]:
    """``text`` with every ``\\uXXXX`` and ``%XX`` escape in lower and in upper case."""
    lower = _HEX_ESCAPE.sub(lambda m: m[1] + m[2].lower(), text)
    upper = _HEX_ESCAPE.sub(lambda m: m[1] + m[2].upper(), text)
    return {text, lower, upper}


def _base64_cores(key: bytes) -> set[str]:
    """The part of ``base64(prefix + key + suffix)`` that depends on the key alone, per alignment."""
    cores = set()
    for shift in range(3):
        encoded = base64.b64encode(b"\x00" * shift + key).decode("ascii").rstrip("=")
        # Characters mixing the prefix's bits (at the start) or a suffix's bits (at the end) vary.
        start = -(-shift * 4 // 3)
        end = (shift + len(key)) * 4 // 3
        core = encoded[start:end]
        if len(core) >= 8:
            cores.add(core)
            cores.add(core.replace("+", "-").replace("/", "_"))  # the URL-safe alphabet
    return cores


def key_forms(key: str) -> set[str]:
    """Every form of ``key`` this tool masks (the key itself included)."""
    forms = {key}
    for escaped in (json.dumps(key)[1:-1], json.dumps(key, ensure_ascii=False)[1:-1]):
        forms |= _hex_cases(escaped) | _hex_cases(escaped.replace("/", "\\/"))
    for encoded in (quote(key, safe=""), quote(key), quote_plus(key, safe="")):
        forms |= _hex_cases(encoded)
    forms |= {html.escape(key), html.escape(key, quote=False), repr(key)[1:-1]}
    forms.add(key.encode("unicode_escape").decode("ascii"))
    forms |= _base64_cores(key.encode("utf-8"))
    return {form for form in forms if form}


class Masker:
    """Masks the given keys (and their forms) in text and bytes; ``None`` and empty keys are ignored."""

    def __init__(self, keys: Iterable[str | None] = ()) -> None:
        self._forms: list[str] = []
        self.add(*keys)

    def add(self, *keys: str | None) -> None:
        forms = set(self._forms)
        for key in keys:
            if key:
                forms |= key_forms(key)
        self._forms = sorted(forms, key=len, reverse=True)  # longest first: no form hides inside another
        self._byte_forms = [form.encode("utf-8") for form in self._forms]

    @property
    def longest(self) -> int:
        return len(self._forms[0]) if self._forms else 0

    def text(self, text: str) -> str:
        """``text`` with every key form and every JSON ``apikey`` value replaced by ``***``."""
        for form in self._forms:
            if form in text:
                text = text.replace(form, MASK)
        return _KEY_IN_JSON.sub(rf"\g<1>{MASK}\g<2>", text.replace("[Filtered]", MASK))

    def bytes(self, data: bytes) -> bytes:
        """``data`` with every key form (as UTF-8) replaced by ``***``."""
        for form in self._byte_forms:
            if form in data:
                data = data.replace(form, MASK.encode())
        return data

    def unsafe_tail(self, text: str) -> int:
        """How many trailing characters of ``text`` could be the start of a key form (hold them back)."""
        for size in range(min(len(text), self.longest - 1), 0, -1):
            tail = text[-size:]
            if any(form.startswith(tail) for form in self._forms):
                return size
        return 0


class MaskedStream(io.TextIOBase):
    """A text stream that masks what it passes on, a line at a time.

    A key split over two writes is still masked: text is passed on at line ends, and a flush keeps
    back a tail that could be the start of a key form until more text shows what it is. When the
    reader goes away (``cloudcore-contract ... | head``), the rest is dropped and the run goes on:
    its exit status and reports are what they would have been.
    """

    def __init__(self, stream: TextIO, masker: Masker) -> None:
        self._stream = stream
        self._masker = masker
        self._pending = ""
        self._reader_gone = False

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8") or "utf-8"

    @property
    def wrapped(self) -> TextIO:
        return self._stream

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            done, self._pending = self._pending.rsplit("\n", 1)
            self._pass_on(self._masker.text(done + "\n"), flush=False)
        return len(text)

    def flush(self) -> None:
        ready = ""
        if self._pending:
            keep = self._masker.unsafe_tail(self._pending)
            ready = self._pending[: len(self._pending) - keep]
            self._pending = self._pending[len(self._pending) - keep :]
        self._pass_on(self._masker.text(ready) if ready else "", flush=True)

    def close_out(self) -> None:
        """Pass on everything still held back (at exit)."""
        pending, self._pending = self._pending, ""
        self._pass_on(self._masker.text(pending) if pending else "", flush=True)

    def _pass_on(self, text: str, *, flush: bool) -> None:
        if self._reader_gone:
            return
        try:
            if text:
                self._stream.write(text)
            if flush:
                self._stream.flush()
        except BrokenPipeError:
            self._reader_gone = True
            # What the wrapped stream still buffers would fail again when Python flushes it at exit:
            # its descriptor now leads nowhere (the recipe of Python's `signal` documentation).
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())
