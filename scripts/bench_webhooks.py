"""Benchmark: the webhook sender's bounds, memory after many failures and CPU on a dead receiver.

Prints figures; it is not a test (the bounds themselves are tested in tests/simulator/test_bounds.py).
Everything runs on 127.0.0.1 and stops by itself:

    .venv/bin/python scripts/bench_webhooks.py [--failed 100000] [--pending 20000] [--window 30]

1. Memory: a simulator process (memory store and outbox) gets ``--failed`` signals, from orders of
   six signals each, that all fail on their only attempt, through the sender's own outcome path
   (``WebhookEmitter.settle``: outbox record, retention, recent attempts, failure log; the socket
   part of an attempt keeps nothing). Prints the process's RSS before and after, its peak, and the
   records kept. Target: under 150 MB.
2. CPU: ``python -m cloudcore_simulator --db`` with ``--pending`` orders whose first signals come due
   one second after start, posting to a port where nothing listens (connection refused), clock at
   real speed, default retry settings. After a warm-up, prints the process's CPU time over
   ``--window`` seconds as a share of one core, and the signals still pending. Target: under 10%.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson

from cloudcore_simulator import VirtualClock, WebhookConfig, create_app
from cloudcore_simulator.accounts import account_id
from cloudcore_simulator.lifecycle import MAX_DURATION
from cloudcore_simulator.model import ItemRecord, OrderRecord
from cloudcore_simulator.outbox import MAX_FAILED_KEPT
from cloudcore_simulator.store import SQLiteStore

KEY = "bench-key-0123456789"
TOKEN = "bench-control-token"  # noqa: S105 - a throwaway token of a throwaway process
SIGNALS_PER_ORDER = 6  # an item's life: validated (order and item), produce, produced, packed, shipped


def kib(field: str, pid: int | str = "self") -> int:
    """A memory figure of /proc/PID/status, in KiB (VmRSS: now, VmHWM: the peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def orders(count: int, created_at: float, first: int = 0) -> Iterator[OrderRecord]:
    item = ItemRecord(
        reference="item-1",
        product="textbook_pb_a4_p_bw",
        count="2",
        shipping_level="cp_postal",
        shipping_option="National Post - Int. Postal Untracked",
        options=(("total_pages", "120"),),
        files=(("book", "https://download.example.com/b", "1ef89e74e628e223ae94aa4586330833"),),
    )
    address = {"type": "delivery", "firstname": "A", "lastname": "B", "street1": "S 1", "zip": "99999",
               "city": "C", "country": "DE", "email": "e@example.com", "phone": "123"}  # fmt: skip
    account = account_id(KEY)
    for n in range(first, first + count):
        yield OrderRecord(account, f"o-{n}", created_at, "support@example.com", (address,), (item,))


def failed_deliveries(count: int, batch: int) -> None:
    """Run in a child process (``--child-failed``): queue ``count`` signals, fail each once, print RSS.

    Orders come ``batch`` at a time and their lives are played out before the next ones, so the
    failures pile up while few signals wait at once: what grows is what the outbox keeps of them.
    """
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)  # the failure log is rate-limited anyway
    gc.collect()
    before = kib("VmRSS")
    clock = VirtualClock(start=1_767_225_600.0, speed=0)
    config = WebhookConfig("http://127.0.0.1:9/cloudsignal", "webhook-key-1234", max_attempts=1)
    simulator = create_app([KEY], clock=clock, webhooks=config).state.simulator
    emitter = simulator.webhooks
    order_count = -(-count // SIGNALS_PER_ORDER)
    started = time.perf_counter()
    queued = failed = 0

    async def fail_due() -> None:
        nonlocal failed
        while failed < count and (due := emitter.outbox.due(time.time(), 1000)):
            for delivery in due:
                await emitter.settle(delivery, orjson.loads(delivery.payload), None, "ConnectError")
                failed += 1

    for first in range(0, order_count, batch):
        records = orders(min(batch, order_count - first), clock.now(), first)
        simulator.store.bulk_insert(records)
        clock.advance(MAX_DURATION)
        queued += emitter.emit_once()
        asyncio.run(fail_due())
    elapsed = time.perf_counter() - started
    gc.collect()
    counts = emitter.outbox.counts()
    kept = len(emitter.outbox.entries(account_id(KEY)))
    print(
        f"  {order_count:,} orders ({batch:,} at a time), {queued:,} signals, {failed:,} failed deliveries in "
        f"{elapsed:.1f} s; records kept {kept:,} (at most {MAX_FAILED_KEPT:,}), dropped {counts['dropped']:,}"
    )
    print(f"  RSS before {before / 1024:.0f} MB, after {kib('VmRSS') / 1024:.0f} MB, peak {kib('VmHWM') / 1024:.0f} MB")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def dead_receiver_cpu(pending: int, window: float, warmup: float) -> None:
    with tempfile.TemporaryDirectory(prefix="cloudcore-bench-") as folder:
        db = Path(folder) / "sim.db"
        store = SQLiteStore(db)
        store.bulk_insert(orders(pending, time.time()))
        store.close()
        dead = free_port()  # nothing listens there: every attempt is refused
        port = free_port()
        command = [
            sys.executable, "-m", "cloudcore_simulator", "--port", str(port), "--api-key", KEY, "--db", str(db),
            "--speed", "0", "--control-token", TOKEN, "--webhook-url", f"http://127.0.0.1:{dead}/cloudsignal",
            "--webhook-key", "webhook-key-1234",
        ]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            assert process.stdout is not None
            process.stdout.readline()  # the start-up line: serving
            with httpx.Client(
                base_url=f"http://127.0.0.1:{port}", headers={"x-control-token": TOKEN}, timeout=120
            ) as http:
                http.post("/_simulator/clock/advance", json={"seconds": 200})  # every order's validation is due
                http.post("/_simulator/clock/speed", json={"speed": 1})  # then real time, as by default
                time.sleep(warmup)
                first = http.get("/_simulator/webhooks").json()
                cpu0, wall0 = cpu_seconds(process.pid), time.monotonic()
                time.sleep(window)
                cpu1, wall1 = cpu_seconds(process.pid), time.monotonic()
                last = http.get("/_simulator/webhooks").json()
            rss = kib("VmRSS", process.pid) / 1024
        finally:
            process.terminate()
            process.wait(60)
    share = 100 * (cpu1 - cpu0) / (wall1 - wall0)
    print(
        f"  {pending:,} orders, {first['pending']:,} signals pending (receiver down: {first['receiver_down']}); "
        f"after a {warmup:.0f} s warm-up: {share:.1f}% of one core over {wall1 - wall0:.0f} s; "
        f"then {last['pending']:,} pending, {last['failed']:,} failed; RSS {rss:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--failed", type=int, default=100_000)
    parser.add_argument("--pending", type=int, default=20_000)
    parser.add_argument("--window", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=15.0)
    parser.add_argument("--batch", type=int, default=2_000, help="orders whose lives are played out at once")
    parser.add_argument("--child-failed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_failed is not None:
        failed_deliveries(args.child_failed, args.batch)
        return
    print(f"1. memory after {args.failed:,} failed deliveries (target: under 150 MB)", flush=True)
    child = [sys.executable, __file__, "--child-failed", str(args.failed), "--batch", str(args.batch)]
    subprocess.run(child, check=True)
    print(f"2. CPU with {args.pending:,} orders pending on a dead receiver (target: under 10% of one core)", flush=True)
    dead_receiver_cpu(args.pending, args.window, args.warmup)


if __name__ == "__main__":
    main()
