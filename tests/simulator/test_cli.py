"""``python -m cloudcore_simulator``: the start-up line as readiness signal, and keys kept off the command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cloudcore_simulator.__main__ import KEYS_ENV

SERVING = re.compile(r"^cloudcore-simulator serving (http://127\.0\.0\.1:(\d+)/cloudcore/1\.0) \((\d+) accounts?\)$")
FILE_KEYS = ("file-key-0a1b2c3d", "file-key-4e5f6a7b")
ENV_KEYS = ("env-key-8c9d0e1f", "env-key-2a3b4c5d")
CLI_KEY = "cli-key-6e7f8a9b"


class Launched:
    """A simulator child process on ``--port 0`` and what it printed before it was ready."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        environ = {key: value for key, value in os.environ.items() if key != KEYS_ENV}
        environ.update(env or {})
        self.args = [sys.executable, "-m", "cloudcore_simulator", "--port", "0", *args]
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ)

    def first_line(self, timeout: float = 60.0) -> str:
        """The first stdout line, read in a thread so that a silent process fails the test in time."""
        lines: list[bytes] = []
        stdout = self.process.stdout
        assert stdout is not None
        reader = threading.Thread(target=lambda: lines.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        assert lines, f"no line on stdout within {timeout} s"
        return lines[0].decode().rstrip("\n")

    def stop(self) -> tuple[str, str]:
        """Terminate; return everything else it wrote to stdout and stderr."""
        self.process.terminate()
        out, err = self.process.communicate(timeout=60)
        return out.decode(), err.decode()


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys.txt"
    path.write_text(f"# test accounts\n{FILE_KEYS[0]}\n\n  {FILE_KEYS[1]}  \n", encoding="utf-8")
    return path


@pytest.fixture
def launched(key_file: Path) -> Iterator[Launched]:
    sim = Launched("--api-key-file", str(key_file), "--api-key", CLI_KEY, env={KEYS_ENV: ",".join(ENV_KEYS)})
    yield sim
    if sim.process.poll() is None:
        sim.stop()


def test_port_zero_prints_the_real_url_once_it_listens_and_keys_come_from_file_and_environment(
    launched: Launched,
) -> None:
    line = launched.first_line()
    match = SERVING.match(line)
    assert match, line
    base_url, port, accounts = match.group(1), int(match.group(2)), int(match.group(3))
    assert port > 0
    assert accounts == 5
    # Ready means ready: the first request, made right after the line, is answered.
    for key in (*FILE_KEYS, *ENV_KEYS, CLI_KEY):
        assert httpx.post(base_url + "/products", json={"apikey": key}, timeout=30).status_code == 200
    assert httpx.post(base_url + "/products", json={"apikey": "# test accounts"}, timeout=30).status_code == 403
    command_line = Path(f"/proc/{launched.process.pid}/cmdline").read_bytes()
    for key in (*FILE_KEYS, *ENV_KEYS):
        assert key.encode() not in command_line
    out, err = launched.stop()
    for key in (*FILE_KEYS, *ENV_KEYS, CLI_KEY):
        assert key not in line + out + err


def test_the_line_shows_a_single_account_in_the_singular() -> None:
    sim = Launched(env={KEYS_ENV: ENV_KEYS[0]})
    try:
        line = sim.first_line()
        assert line.endswith("(1 account)"), line
        match = SERVING.match(line)
        assert match, line
        base_url = match.group(1)
        assert httpx.post(base_url + "/products", json={"apikey": ENV_KEYS[0]}, timeout=30).status_code == 200
    finally:
        sim.stop()


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "No such file or directory"), ("\n# only a comment\n", "no key in the file")],
    ids=["missing", "empty"],
)
def test_an_unusable_key_file_is_one_clear_error(tmp_path: Path, content: str | None, problem: str) -> None:
    path = tmp_path / "keys.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cloudcore_simulator", "--port", "0", "--api-key-file", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"python -m cloudcore_simulator: error: --api-key-file {path}: {problem}"
    )
