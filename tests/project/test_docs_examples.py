"""The code of the Getting started page (docs/index.md): type-checked with mypy, and the test run.

The client example calls the real API with a placeholder key, so it is type-checked only; the
fixture example is a service's test file, so it also runs, with pytest and warnings as errors,
from a folder outside the repository (the `cloudcore_simulator` plugin registers itself).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests._helpers.spec import REPO

PAGE = REPO / "docs" / "index.md"


def _blocks() -> list[str]:
    blocks: list[str] = re.findall(r"^```python\n(.*?)^```$", PAGE.read_text(encoding="utf-8"), re.M | re.S)
    return blocks


def test_the_page_has_a_client_example_and_a_fixture_example() -> None:
    client, fixture = _blocks()
    assert "CloudCore(" in client
    assert "def test_" in fixture
    assert "cloudcore_simulator" in fixture


def test_its_examples_type_check(tmp_path: Path) -> None:
    for number, block in enumerate(_blocks()):
        (tmp_path / f"example_{number}.py").write_text(block, encoding="utf-8")
    mypy = [sys.executable, "-m", "mypy", "--check-untyped-defs", "--cache-dir", str(tmp_path / "c")]
    done = subprocess.run(
        [*mypy, *sorted(str(path) for path in tmp_path.glob("example_*.py"))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_its_fixture_example_passes_as_a_services_test(tmp_path: Path) -> None:
    (tmp_path / "test_getting_started.py").write_text(_blocks()[1], encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider", "test_getting_started.py"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
