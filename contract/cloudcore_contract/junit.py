"""Failures as a person reads them, and the JUnit report (written with junitparser).

A failing test's exception is a schemathesis ``FailureGroup`` (possibly inside Hypothesis's own
group): each failure has an operation, a check (code and title) and a message saying what was
expected and what came back; the group's notes hold the response and a ``curl`` line. This module
turns that into plain text with the API key masked, never a Python repr; the JUnit report carries
that text and a few run figures as properties, nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from junitparser import Error, Failure, JUnitXml, Skipped, TestCase, TestSuite

from .masking import Masker

# What XML 1.0 cannot hold (C0 controls but tab/newline/CR, surrogates, U+FFFE/U+FFFF): fuzzed
# bodies and the answers to them contain such characters, and one of them makes the report unreadable.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _is_check_failure(exc: BaseException) -> bool:
    """A schemathesis check failure (it has a code, a title and an operation), by its public attributes."""
    return all(hasattr(exc, name) for name in ("code", "title", "operation", "message"))


def xml_safe(text: str) -> str:
    """``text`` with each character XML cannot carry written as a visible ``\\uXXXX`` escape."""
    return _NOT_XML.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def _walk(exc: BaseException) -> Iterator[BaseException]:
    if isinstance(exc, BaseExceptionGroup) and not any(_is_check_failure(e) for e in exc.exceptions):
        for inner in exc.exceptions:
            yield from _walk(inner)
    else:
        yield exc


def _notes(exc: BaseException) -> str:
    return "\n".join(getattr(exc, "__notes__", []))


def _after(text: str, marker: str) -> str | None:
    if marker not in text:
        return None
    rest = text.split(marker, 1)[1].strip()
    return rest.split("\n\n", 1)[0].strip() or None


_STATUS = re.compile(r"^\[(\d{3})\] ([^\n]*):[ \t]*\n\s*(\S[^\n]*)?", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Described:
    """A failure in words: one line for the report's message, the rest for its body."""

    message: str
    text: str


def describe(exc: BaseException, masker: Masker | None = None, operation: str | None = None) -> Described:
    """``exc`` in words; ``operation`` (``POST /products``) names where a failure that is no check's happened."""
    masker = masker or Masker()
    headlines: list[str] = []
    blocks: list[str] = []
    for part in _walk(exc):
        failures = list(part.exceptions) if isinstance(part, BaseExceptionGroup) else [part]
        checks: list[Any] = [f for f in failures if _is_check_failure(f)]
        if not checks:
            first = str(part).strip().splitlines()[0] if str(part).strip() else ""
            if not isinstance(part, AssertionError):  # an answer the suite could not even read
                first = f"{type(part).__name__}: {first}".rstrip(": ")
            if operation and not first.startswith(operation):
                first = f"{operation}: {first}"
            headlines.append(first)
            blocks.append(first + "\n" + str(part).strip() + ("\n" + _notes(part) if _notes(part) else ""))
            continue
        # schemathesis puts the response and the curl line into the group's message (or its notes).
        context = "\n".join((str(part), _notes(part), _notes(exc)))
        status = _STATUS.search(context)
        curl = _after(context, "Reproduce with:")
        for failure in checks:
            operation = failure.operation or "?"
            headlines.append(f"{operation}: {failure.code} {failure.title}")
            lines = [f"operation:    {operation}", f"check:        {failure.code} {failure.title}"]
            if failure.message:
                message = "\n".join("              " + line for line in failure.message.strip().splitlines())
                lines.append("expected/got:" + message[13:])
            if status is not None:
                payload = (status[3] or "").strip().strip("`")
                lines.append(f"came back:    {status[1]} {status[2]} {payload[:500]}".rstrip())
            if curl is not None:
                lines.append(f"replay:       {' '.join(curl.split())}")
            blocks.append("\n".join(lines))
    unique = list(dict.fromkeys(headlines))
    return Described(masker.text("; ".join(unique))[:1000], masker.text("\n\n".join(blocks)))


@dataclass(slots=True)
class Outcome:
    """One test's result, as the report shows it."""

    name: str
    classname: str
    seconds: float
    status: str  # passed | failed | error | skipped
    described: Described | None = None


def write(path: Path, outcomes: Iterable[Outcome], properties: dict[str, str], suite_name: str = "contract") -> None:
    suite = TestSuite(suite_name)
    for key, value in properties.items():
        suite.add_property(key, xml_safe(value))
    for outcome in outcomes:
        case = TestCase(xml_safe(outcome.name), classname=outcome.classname, time=round(outcome.seconds, 3))
        if outcome.status in ("failed", "error") and outcome.described is not None:
            kind = Failure if outcome.status == "failed" else Error
            result = kind(xml_safe(outcome.described.message))
            result.text = xml_safe(outcome.described.text)
            case.result = [result]
        elif outcome.status == "skipped":
            case.result = [Skipped(xml_safe(outcome.described.message) if outcome.described else "skipped")]
        suite.add_testcase(case)
    suite.update_statistics()  # type: ignore[no-untyped-call]
    xml = JUnitXml()
    xml.add_testsuite(suite)
    path.parent.mkdir(parents=True, exist_ok=True)
    xml.write(str(path), pretty=True)
