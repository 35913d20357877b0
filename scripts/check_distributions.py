"""Check built distributions, install the wheels into a fresh venv outside the repository, smoke-test them.

`nox -s build` builds a wheel and an sdist of each package into dist/ and runs `twine check
--strict` on them; then this script:

1. opens every wheel and sdist and checks that it holds what the package needs at run time and
   what its installers read: `py.typed`, the bundled contract, the simulator's templates, static
   files and API reference, the contract tool's settings, the license, the README as the long
   description;
2. creates a virtual environment in a temporary folder outside this repository and installs the
   three wheels there (their dependencies from PyPI, at the newest versions their ranges allow),
   with pytest, as a service would;
3. runs each package's smoke test there, from that folder: the test file of docs/service.md with
   `pytest -W error` (the `cloudcore_simulator` fixture, the client over loopback and in-process);
   `cloudcore-simulator --version` and `cloudcore-contract --version`; an in-process
   `cloudcore-contract` run of a small slice (profile `faults`, examples phase, one operation);
   and the client imported and called against `cloudcore-simulator` started on a loopback port.

Prints each step and its duration; exits non-zero at the first failure.

    python scripts/check_distributions.py dist/ [--installer PATH_TO_UV]
"""

from __future__ import annotations

import argparse
import email
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECTS = {
    "cloudcore_client": ("generated_client", ["cloudcore_client/py.typed", "cloudcore_client/models/__init__.py"]),
    "cloudcore_simulator": (
        "simulator",
        [
            "cloudcore_simulator/py.typed",
            "cloudcore_simulator/generated/openapi.json",
            "cloudcore_simulator/web/templates/account.html",
            "cloudcore_simulator/web/templates/base.html",
            "cloudcore_simulator/web/templates/signin.html",
            "cloudcore_simulator/web/static/page.css",
            "cloudcore_simulator/web/static/page.js",
            "cloudcore_simulator/web/generated/api-reference.html",
        ],
    ),
    "cloudcore_contract": (
        "contract",
        [
            "cloudcore_contract/py.typed",
            "cloudcore_contract/generated/cloudcore.yaml",
            "cloudcore_contract/schemathesis.toml",
            "cloudcore_contract/profiles.toml",
        ],
    ),
}
KEY = "smoke-test-key-0123456789"


def step(title: str, command: list[str], cwd: Path, timeout: float = 900) -> str:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=timeout)
    print(f"{title}: exit {result.returncode} in {time.perf_counter() - started:.1f} s", flush=True)
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n")
        raise SystemExit(f"{title} failed")
    return result.stdout


def check_archives(dist: Path) -> dict[str, Path]:
    """Every wheel and sdist holds its data files, license and README; returns the wheels by module."""
    wheels: dict[str, Path] = {}
    for module, (folder, needed) in PROJECTS.items():
        version = tomllib.loads((REPO / folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
        [wheel] = dist.glob(f"{module}-{version}-py3-none-any.whl")
        with zipfile.ZipFile(wheel) as archive:
            names = set(archive.namelist())
            missing = [name for name in needed if name not in names]
            if missing:
                raise SystemExit(f"{wheel.name} lacks {missing}")
            info = f"{module}-{version}.dist-info"
            if not any(name.startswith(f"{info}/licenses/") and name.endswith("LICENSE") for name in names):
                raise SystemExit(f"{wheel.name} carries no LICENSE under {info}/licenses/")
            metadata = email.message_from_string(archive.read(f"{info}/METADATA").decode("utf-8"))
            readme = (REPO / folder / "README.md").read_text(encoding="utf-8")
            body = metadata.get_payload()
            assert isinstance(body, str)
            if metadata["Description-Content-Type"] != "text/markdown" or readme.strip() not in body:
                raise SystemExit(f"{wheel.name}: the long description is not {folder}/README.md (Markdown)")
            if metadata["License-Expression"] != "MIT":
                raise SystemExit(f"{wheel.name}: License-Expression is {metadata['License-Expression']!r}, not MIT")
        [sdist] = dist.glob(f"{module.replace('_', '?')}-{version}.tar.gz")
        with tarfile.open(sdist) as archive:
            members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
            wanted = ["pyproject.toml", "README.md", "LICENSE", *needed]
            if folder != "generated_client":
                wanted.append("CHANGELOG.md")
            missing = [name for name in wanted if name not in members]
            if missing:
                raise SystemExit(f"{sdist.name} lacks {missing}")
        print(f"{wheel.name} and {sdist.name}: data files, license, README ok", flush=True)
        wheels[module] = wheel
    return wheels


def service_test_file() -> str:
    """The test file of docs/service.md ("Use in your service"): its first python block."""
    blocks: list[str] = re.findall(
        r"^```python\n(.*?)^```$", (REPO / "docs" / "service.md").read_text(encoding="utf-8"), re.M | re.S
    )
    return blocks[0]


def client_call(python: str, folder: Path) -> None:
    """`cloudcore-simulator` on a free loopback port; the installed client calls it."""
    simulator = subprocess.Popen(
        [str(Path(python).parent / "cloudcore-simulator"), "--port", "0", "--api-key", KEY],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert simulator.stdout is not None
        line = simulator.stdout.readline()  # the start-up line, once the socket listens
        found = re.search(r"serving (http://127\.0\.0\.1:\d+/cloudcore/1\.0)", line)
        if found is None:
            raise SystemExit(
                f"cloudcore-simulator did not start: {line!r} {simulator.stderr.read() if simulator.stderr else ''}"
            )
        program = (
            "import cloudcore_client; from cloudcore_client import CloudCore\n"
            f"with CloudCore({KEY!r}, base_url={found.group(1)!r}) as client:\n"
            "    levels = [level.shipping_level for level in client.shipping.list_shipping_levels()]\n"
            "assert 'cp_saver' in levels, levels\n"
            "print('cloudcore-client', cloudcore_client.__version__, 'called the simulator:', levels)\n"
        )
        print(step("the client imported and called over loopback", [python, "-c", program], folder).strip())
    finally:
        simulator.terminate()
        simulator.communicate(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path)
    parser.add_argument("--installer", help="uv's path, to install with `uv pip` (default: pip)")
    args = parser.parse_args()
    wheels = check_archives(args.dist.resolve())
    with tempfile.TemporaryDirectory(prefix="cloudcore-dist-") as tmp:
        folder = Path(tmp)
        venv = folder / "venv"
        python = str(venv / "bin" / "python")
        if args.installer:
            step(
                "uv venv (outside the repository)",
                [args.installer, "venv", "-q", "--python", sys.executable, str(venv)],
                folder,
            )
            install = [args.installer, "pip", "install", "-q", "--python", python]
        else:
            step("python -m venv (outside the repository)", [sys.executable, "-m", "venv", str(venv)], folder)
            install = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        wheel_files = [str(wheels[module]) for module in PROJECTS]
        step("install the three wheels and pytest", [*install, *wheel_files, "pytest"], folder)
        print(
            step(
                "versions installed",
                [python, "-m", "pip", "list"]
                if not args.installer
                else [args.installer, "pip", "list", "--python", python],
                folder,
            )
        )
        (folder / "test_cloudprinter.py").write_text(service_test_file(), encoding="utf-8")
        step(
            "the test file of docs/service.md, pytest -W error",
            [python, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider", "test_cloudprinter.py"],
            folder,
        )
        print(
            step(
                "cloudcore-simulator --version", [str(venv / "bin" / "cloudcore-simulator"), "--version"], folder
            ).strip()
        )
        contract = str(venv / "bin" / "cloudcore-contract")
        print(step("cloudcore-contract --version", [contract, "--version"], folder).strip())
        step(
            "cloudcore-contract in-process, profile faults, examples of listShippingLevels",
            [contract, "--profile", "faults", "--phase", "examples", "--operation", "listShippingLevels"],
            folder,
        )
        client_call(python, folder)
    print("distributions: all checks passed")


if __name__ == "__main__":
    main()
