"""A ``--db`` file that cannot be used, and the bound on stored quotes (issue 11).

A damaged or unreadable file stops the simulator before it serves, with one line naming the file
and the problem and exit status 3; it never starts and then answers 500.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.model import QuoteRecord
from cloudcore_simulator.store import MAX_QUOTES_PER_ACCOUNT, MemoryStore, SQLiteStore, Store, StoreError
from tests._helpers.simulator import API, KEY_A, KEYS, START, order_body


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "good.db"
    app = create_app(KEYS, db_path=path, clock=VirtualClock(start=START, speed=0))
    with TestClient(app) as client:
        for n in range(120):
            assert client.post(API + "/orders/add", json=order_body(f"order-{n}")).status_code == 201
    return path


def _damaged(good: Path, target: Path, how: str) -> Path:
    shutil.copyfile(good, target)
    data = bytearray(target.read_bytes())
    if how == "cut-1":
        del data[-1:]
    elif how == "cut-page":
        del data[-4096:]
    elif how == "scribbled":
        data[8192:8692] = b"\xff" * 500
    elif how == "garbage":
        data = bytearray(b"this is not a database\n" * 50)
    target.write_bytes(bytes(data))
    return target


CASES = ["cut-1", "cut-page", "scribbled", "garbage"]


@pytest.mark.parametrize("how", CASES)
def test_a_damaged_db_raises_store_error_naming_the_file(good_db: Path, tmp_path: Path, how: str) -> None:
    path = _damaged(good_db, tmp_path / f"{how}.db", how)
    with pytest.raises(StoreError) as raised:
        create_app(KEYS, db_path=path)
    assert str(path) in str(raised.value)
    assert "\n" not in str(raised.value)


def test_an_unopenable_path_raises_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unable to open"):
        create_app(KEYS, db_path=tmp_path)  # a directory
    with pytest.raises(StoreError):
        create_app(KEYS, db_path=tmp_path / "missing-folder" / "sim.db")


@pytest.mark.parametrize("how", ["cut-1", "garbage"])
def test_the_cli_prints_one_line_and_exits_3(good_db: Path, tmp_path: Path, how: str) -> None:
    path = _damaged(good_db, tmp_path / "sim.db", how)
    done = subprocess.run(
        [sys.executable, "-m", "cloudcore_simulator", "--api-key", KEY_A, "--db", str(path), "--port", "0"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == StoreError.exit_code == 4
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert str(path) in lines[0]
    assert "Traceback" not in done.stderr.decode()


def test_the_good_db_still_opens(good_db: Path) -> None:
    store = SQLiteStore(good_db)
    assert store.count_orders() == 120
    store.close()


# ---- quotes are bounded ----------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_each_account_keeps_its_newest_quotes_only(kind: str, tmp_path: Path) -> None:
    store: Store = MemoryStore() if kind == "memory" else SQLiteStore(tmp_path / "q.db")
    extra = 25

    def quote(account: str, n: int) -> QuoteRecord:
        return QuoteRecord(
            f"hash-{n:06d}", account, START + n, START + n + 48 * 3600, frozenset({"i"}), "cp_saver", "NL"
        )

    for start in range(0, MAX_QUOTES_PER_ACCOUNT + extra, 100):  # in batches, as quote answers come
        stop = min(start + 100, MAX_QUOTES_PER_ACCOUNT + extra)
        store.insert_quotes([quote("a", n) for n in range(start, stop)])
    store.insert_quotes([quote("b", 0)])
    kept = [n for n in range(MAX_QUOTES_PER_ACCOUNT + extra) if store.get_quote("a", f"hash-{n:06d}")]
    assert kept == list(range(extra, MAX_QUOTES_PER_ACCOUNT + extra))  # the oldest evicted first
    assert store.get_quote("b", "hash-000000") is not None  # another account keeps its own
    store.close()
