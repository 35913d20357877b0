"""Install the client and the simulator as a service would, and run the test file of docs/service.md there.

A fresh virtual environment in a temporary folder outside this repository gets, with plain pip and
from PyPI, ``./generated_client`` and ``./simulator`` next to Starlette and anyio one minor version
older than the pins of ``requirements/dev.txt`` (a service that pins its own); then the python
test file of docs/service.md ("Use in your service") runs there with ``pytest -W error``.
Prints each step, its duration and the versions installed; exits non-zero when a step fails.

    python scripts/check_service_install.py        # or: nox -s service_install
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OLDER = ("starlette", "anyio")


def pinned(name: str) -> tuple[int, int]:
    text = (REPO / "requirements" / "dev.txt").read_text(encoding="utf-8")
    match = re.search(rf"^{name}==(\d+)\.(\d+)", text, re.MULTILINE)
    if match is None:
        raise SystemExit(f"{name} is not pinned in requirements/dev.txt")
    return int(match.group(1)), int(match.group(2))


def one_minor_older(name: str) -> str:
    major, minor = pinned(name)
    if minor == 0:
        raise SystemExit(f"{name} {major}.0 has no older minor version in the same major")
    return f"{name}=={major}.{minor - 1}.*"


def readme_test_file() -> str:
    section = (REPO / "docs" / "service.md").read_text(encoding="utf-8")
    blocks: list[str] = re.findall(r"^```python\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    return blocks[0]


def step(title: str, command: list[str], cwd: Path) -> str:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    print(f"{title}: exit {result.returncode} in {time.perf_counter() - started:.1f} s", flush=True)
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n")
        raise SystemExit(result.returncode)
    return result.stdout


def main() -> None:
    requirements = [one_minor_older(name) for name in OLDER]
    with tempfile.TemporaryDirectory(prefix="cloudcore-service-") as folder:
        service = Path(folder)
        python = str(service / "venv" / "bin" / "python")
        step("python -m venv venv", [sys.executable, "-m", "venv", "venv"], service)
        step("pip install --upgrade pip", [python, "-m", "pip", "install", "-q", "--upgrade", "pip"], service)
        packages = [str(REPO / "generated_client"), str(REPO / "simulator"), *requirements, "pytest"]
        step(
            f"pip install generated_client simulator {' '.join(requirements)} pytest",
            [python, "-m", "pip", "install", "-q", *packages],
            service,
        )
        versions = step("pip list", [python, "-m", "pip", "list", "--format=freeze"], service)
        wanted = (
            "starlette",
            "anyio",
            "uvicorn",
            "httpx",
            "cloudcore-simulator",
            "generated-client",
            "cloudcore-client",
        )
        print(
            "installed:",
            ", ".join(line for line in versions.split() if line.lower().replace("_", "-").split("==")[0] in wanted),
        )
        (service / "test_cloudprinter.py").write_text(readme_test_file(), encoding="utf-8")
        output = step(
            "pytest -W error test_cloudprinter.py",
            [python, "-m", "pytest", "-W", "error", "-p", "no:cacheprovider", "-q", "test_cloudprinter.py"],
            service,
        )
        print(output.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
