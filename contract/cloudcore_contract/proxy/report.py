"""The proxy's report: counts per operation and kind, coverage, findings, fidelity; JSON and JUnit.

Everything here is a count or a bounded list: exchanges per operation, statuses seen, violations
per kind, and each distinct finding once with its count and one masked example (at most
``max_findings`` distinct findings; further ones are counted, not listed). The same holds for the
differences of a shadow target or a replay (:class:`Fidelity`).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from junitparser import Failure, JUnitXml, Skipped, TestCase, TestSuite

from ..junit import xml_safe
from .contract import Contract
from .exchange import Exchange
from .judging import Verdict, Violation
from .masking import printable

__all__ = ["DEFAULT_MAX_FINDINGS", "MAX_OUTSIDE_PATHS", "Fidelity", "Finding", "Report"]

DEFAULT_MAX_FINDINGS: Final = 500
#: Paths outside the contract are counted per path up to this many paths (then as "other").
MAX_OUTSIDE_PATHS: Final = 50


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Finding:
    """One distinct violation or difference: counted, with the first example kept (masked)."""

    kind: str
    operation: str
    what: str
    count: int
    first_seen: float
    last_seen: float
    detail: str
    request: str
    answer: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "operation": self.operation,
            "what": self.what,
            "count": self.count,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
            "example": {"detail": self.detail, "request": self.request, "answer": self.answer},
        }

    def line(self) -> str:
        return f"{self.operation} {self.kind}: {self.what} (x{self.count})"


class _Findings:
    """Distinct findings keyed by (kind, operation, what); at most ``limit`` of them are listed."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.items: dict[tuple[str, str, str], Finding] = {}
        self.not_listed = 0

    def add(self, kind: str, operation: str, what: str, detail: str, exchange: Exchange, other: str = "") -> bool:
        """Count one occurrence; True when it is the first of its kind (worth a log line of its own)."""
        key = (kind, operation, what)
        found = self.items.get(key)
        now = exchange.wall
        if found is not None:
            found.count += 1
            found.last_seen = now
            return False
        if len(self.items) >= self.limit:
            self.not_listed += 1
            return False
        answer = exchange.shown_answer() + (f" | {other}" if other else "")
        self.items[key] = Finding(
            kind, operation, what, 1, now, now, exchange.masker.text(detail), exchange.shown_request(), answer
        )
        return True

    def listed(self) -> list[Finding]:
        return sorted(self.items.values(), key=lambda f: (-f.count, f.operation, f.kind, f.what))


@dataclass(slots=True)
class _OperationFigures:
    exchanges: int = 0
    #: ``200`` for POST (the API's method), ``GET 405`` for another method.
    statuses: Counter[str] = field(default_factory=Counter)
    violations: Counter[str] = field(default_factory=Counter)
    unknown_fields: int = 0
    load: int = 0
    upstream_failures: int = 0
    unjudged: int = 0


class Fidelity:
    """A second target's answers against the reference answers: per operation, and each difference once."""

    def __init__(self, target: str, max_findings: int = DEFAULT_MAX_FINDINGS) -> None:
        self.target = target
        self.compared: Counter[str] = Counter()
        self.agreeing: Counter[str] = Counter()
        self.differences: Counter[str] = Counter()
        self.findings = _Findings(max_findings)
        self.skipped: Counter[str] = Counter()
        self.failed = 0

    def add(self, exchange: Exchange, differences: Iterable[tuple[str, str]], other: str) -> list[str]:
        """Count one comparison; the differences seen for the first time (for the log)."""
        operation = exchange.operation_id or "outside the contract"
        self.compared[operation] += 1
        new: list[str] = []
        listed = list(differences)
        for what, detail in listed:
            self.differences[operation] += 1
            if self.findings.add("difference", operation, what, detail, exchange, other):
                new.append(what)
        if not listed:
            self.agreeing[operation] += 1
        return new

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    @staticmethod
    def _score(agreeing: int, compared: int) -> float | None:
        return round(agreeing / compared, 4) if compared else None

    def as_dict(self) -> dict[str, Any]:
        compared, agreeing = sum(self.compared.values()), sum(self.agreeing.values())
        return {
            "target": self.target,
            "compared": compared,
            "agreeing": agreeing,
            "score": self._score(agreeing, compared),
            "differences": sum(self.differences.values()),
            "skipped": dict(self.skipped),
            "failed": self.failed,
            "operations": {
                operation: {
                    "compared": count,
                    "agreeing": self.agreeing[operation],
                    "score": self._score(self.agreeing[operation], count),
                    "differences": self.differences[operation],
                }
                for operation, count in sorted(self.compared.items())
            },
            "findings": [finding.as_dict() for finding in self.findings.listed()],
            "findings_not_listed": self.findings.not_listed,
        }

    def summary(self) -> str:
        compared, agreeing = sum(self.compared.values()), sum(self.agreeing.values())
        if not compared:
            return f"fidelity of {self.target}: nothing compared"
        distinct = len(self.findings.items) + self.findings.not_listed
        return (
            f"fidelity of {self.target}: {agreeing / compared:.1%} ({agreeing:,} of {compared:,} answers agreed), "
            f"{distinct} distinct difference(s)"
        )


class Report:
    """Counts and findings of a proxy run (or a replay), written as JSON and JUnit."""

    def __init__(
        self,
        contract: Contract,
        *,
        tool: str,
        upstream: str,
        strict: bool = False,
        max_findings: int = DEFAULT_MAX_FINDINGS,
    ) -> None:
        self.contract = contract
        self.tool = tool
        self.upstream = upstream
        self.strict = strict
        self.started_wall = time.time()
        self.started = time.monotonic()
        self.operations = {operation_id: _OperationFigures() for operation_id in contract.operations}
        self.findings = _Findings(max_findings)
        self.by_kind: Counter[str] = Counter()
        self.exchanges = 0
        self.outside: Counter[str] = Counter()
        self.unjudged: Counter[str] = Counter()
        self.upstream_failures = 0
        self.fidelity: Fidelity | None = None
        #: More sections of the JSON report (held exchanges, recording), each computed when written.
        self.sections: dict[str, Callable[[], Mapping[str, Any]]] = {}

    # ---- counting -------------------------------------------------------------------------------
    def count(self, exchange: Exchange) -> _OperationFigures | None:
        """Count an exchange; its operation's figures (None: outside the contract)."""
        self.exchanges += 1
        if exchange.answer is None:
            self.upstream_failures += 1
        if exchange.operation is None:
            path = exchange.path if len(self.outside) < MAX_OUTSIDE_PATHS or exchange.path in self.outside else "other"
            self.outside[printable(exchange.masker.text(path), 200)] += 1
            return None
        figures = self.operations[exchange.operation.id]
        figures.exchanges += 1
        if exchange.answer is not None:
            status = str(exchange.answer.status)
            figures.statuses[status if exchange.method == "POST" else f"{exchange.method} {status}"] += 1
        else:
            figures.upstream_failures += 1
        return figures

    def add(self, exchange: Exchange, verdict: Verdict | None) -> list[Violation]:
        """Count an exchange and its verdict (None: not judged); the violations to log."""
        figures = self.count(exchange)
        if figures is None or exchange.answer is None:
            return []
        if verdict is None:
            figures.unjudged += 1
            self.unjudged[exchange.unjudged or "not judged"] += 1
            return []
        figures.unknown_fields += verdict.unknown_fields
        figures.load += verdict.load
        operation = exchange.operation_id or ""
        for violation in verdict.violations:
            kind = violation.kind.value
            figures.violations[kind] += 1
            self.by_kind[kind] += 1
            self.findings.add(kind, operation, violation.what, violation.detail, exchange)
        return list(verdict.violations)

    def not_judged(self, reason: str) -> None:
        """An exchange passed through without being held (over the bound): counted, not judged."""
        self.exchanges += 1
        self.unjudged[reason] += 1

    # ---- output ---------------------------------------------------------------------------------
    @property
    def violations(self) -> int:
        return sum(self.by_kind.values())

    def coverage(self) -> dict[str, Any]:
        seen = [op for op, figures in self.operations.items() if figures.exchanges]
        documented = sum(len(op.documented) for op in self.contract.operations.values())
        covered = sum(
            len({str(code) for code in op.documented} & set(self.operations[op.id].statuses))
            for op in self.contract.operations.values()
        )
        return {
            "operations": len(seen),
            "operations_documented": len(self.operations),
            "operations_not_seen": sorted(set(self.operations) - set(seen)),
            "statuses": covered,
            "statuses_documented": documented,
        }

    def as_dict(self) -> dict[str, Any]:
        now = time.time()
        operations = {}
        for operation_id, figures in self.operations.items():
            documented = self.contract.operations[operation_id].documented
            operations[operation_id] = {
                "path": self.contract.operations[operation_id].path,
                "exchanges": figures.exchanges,
                "statuses": dict(sorted(figures.statuses.items())),
                "documented_statuses": sorted(documented),
                "documented_statuses_not_seen": sorted(
                    code for code in documented if str(code) not in figures.statuses
                ),
                "violations": dict(sorted(figures.violations.items())),
                "unknown_fields_tolerated": figures.unknown_fields,
                "load_answers": figures.load,
                "upstream_failures": figures.upstream_failures,
                "not_judged": figures.unjudged,
            }
        report: dict[str, Any] = {
            "tool": self.tool,
            "upstream": self.upstream,
            "strict": self.strict,
            "started": _iso(self.started_wall),
            "written": _iso(now),
            "seconds": round(time.monotonic() - self.started, 3),
            "exchanges": self.exchanges,
            "violations": self.violations,
            "violations_by_kind": dict(sorted(self.by_kind.items())),
            "coverage": self.coverage(),
            "operations": operations,
            "outside_the_contract": dict(self.outside.most_common()),
            "upstream_failures": self.upstream_failures,
            "not_judged": dict(self.unjudged),
            "findings": [finding.as_dict() for finding in self.findings.listed()],
            "findings_not_listed": self.findings.not_listed,
        }
        if self.fidelity is not None:
            report["shadow"] = self.fidelity.as_dict()
        for name, section in self.sections.items():
            report[name] = dict(section())
        return report

    def summary(self) -> str:
        """A few lines for the terminal: totals, the findings, the fidelity."""
        coverage = self.coverage()
        lines = [
            f"{self.tool}: {self.exchanges:,} exchanges, {coverage['operations']} of "
            f"{coverage['operations_documented']} operations and {coverage['statuses']} of "
            f"{coverage['statuses_documented']} documented statuses seen",
        ]
        kinds = ", ".join(f"{kind} {n}" for kind, n in self.by_kind.most_common())
        lines.append(f"violations: {self.violations:,}" + (f" ({kinds})" if kinds else ""))
        lines += [f"  {finding.line()}" for finding in self.findings.listed()[:20]]
        if self.fidelity is not None:
            lines.append(self.fidelity.summary())
            lines += [
                f"  {finding.operation}: {finding.what} (x{finding.count})"
                for finding in self.fidelity.findings.listed()[:20]
            ]
        return "\n".join(lines)

    def write(self, json_path: Path | None = None, junit_path: Path | None = None) -> list[Path]:
        """Write the report files asked for (each atomically: a reader never sees half a file)."""
        written = []
        if json_path is not None:
            _atomic_write(json_path, json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n")
            written.append(json_path)
        if junit_path is not None:
            junit_path.parent.mkdir(parents=True, exist_ok=True)
            temporary = junit_path.with_name(junit_path.name + ".tmp")
            self._junit().write(str(temporary), pretty=True)
            os.replace(temporary, junit_path)
            written.append(junit_path)
        return written

    def _junit(self) -> JUnitXml:
        xml = JUnitXml()
        suite = TestSuite(self.tool)
        for name, value in (("upstream", self.upstream), ("exchanges", str(self.exchanges))):
            suite.add_property(name, xml_safe(value))
        by_operation: dict[str, list[Finding]] = {}
        for finding in self.findings.listed():
            by_operation.setdefault(finding.operation, []).append(finding)
        for operation_id, operation in self.contract.operations.items():
            figures = self.operations[operation_id]
            case = TestCase(f"POST {operation.path} ({operation_id})", classname="proxy.contract")
            findings = by_operation.get(operation_id, [])
            if figures.violations:
                failure = Failure(
                    xml_safe(
                        f"{sum(figures.violations.values())} violation(s): "
                        + "; ".join(f"{kind} {n}" for kind, n in figures.violations.most_common())
                    )
                )
                failure.text = xml_safe("\n\n".join(_finding_text(finding) for finding in findings))
                case.result = [failure]
            elif not figures.exchanges:
                case.result = [Skipped("not in the traffic")]
            suite.add_testcase(case)
        suite.update_statistics()  # type: ignore[no-untyped-call]
        xml.add_testsuite(suite)
        if self.fidelity is not None:
            xml.add_testsuite(_fidelity_suite(self.fidelity))
        return xml


def _fidelity_suite(fidelity: Fidelity) -> TestSuite:
    suite = TestSuite("shadow fidelity")
    suite.add_property("target", xml_safe(fidelity.target))
    by_operation: dict[str, list[Finding]] = {}
    for finding in fidelity.findings.listed():
        by_operation.setdefault(finding.operation, []).append(finding)
    for operation_id, compared in sorted(fidelity.compared.items()):
        case = TestCase(f"{operation_id}", classname="proxy.shadow")
        if fidelity.differences[operation_id]:
            agreeing = fidelity.agreeing[operation_id]
            failure = Failure(xml_safe(f"{agreeing} of {compared} answers agreed"))
            failure.text = xml_safe("\n\n".join(_finding_text(f) for f in by_operation.get(operation_id, [])))
            case.result = [failure]
        suite.add_testcase(case)
    suite.update_statistics()  # type: ignore[no-untyped-call]
    return suite


def _finding_text(finding: Finding) -> str:
    return "\n".join(
        [
            f"{finding.kind}: {finding.what} (x{finding.count})",
            *([f"detail:  {finding.detail}"] if finding.detail else []),
            f"request: {finding.request}",
            f"answer:  {finding.answer}",
        ]
    )


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
