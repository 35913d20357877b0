"""The JUnit report stays readable whatever a fuzzed request or its answer contained."""

from __future__ import annotations

from pathlib import Path

from junitparser import JUnitXml

from cloudcore_contract.junit import Described, Outcome, write


def test_a_failure_holding_control_characters_still_writes_a_parseable_report(tmp_path: Path) -> None:
    body = 'came back:    400 Bad Request {"info": "bad \x00\x01\x1b\ud800 \ufffe value"}'
    outcome = Outcome(
        name="test_fuzzing[POST /orders/add]",
        classname="contract",
        seconds=1.0,
        status="failed",
        described=Described("POST /orders/add: ST101 Server error \x07", body),
    )
    report = tmp_path / "contract.xml"
    write(report, [outcome], {"cases": "12\x0b"})

    suite = next(iter(JUnitXml.fromfile(str(report))))
    case = next(iter(suite))
    failure = case.result[0]
    assert failure.message == "POST /orders/add: ST101 Server error \\u0007"
    assert failure.text is not None
    assert "bad \\u0000\\u0001\\u001b\\ud800 \\ufffe value" in failure.text
