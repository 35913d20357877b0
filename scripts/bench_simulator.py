"""Benchmark: the simulator against Prism's mock server, and orders/info latency vs. store size.

Prints figures; it is not a test. Everything runs on 127.0.0.1 and stops by itself:

    .venv/bin/python scripts/bench_simulator.py [--duration 10] [--clients 16] [--large 1000000]

1. Throughput: the same mixed workload (add, info, list, quote, products) with ``--clients``
   concurrent keep-alive connections against ``python -m cloudcore_simulator`` and against
   ``prism mock`` on the same spec; requests/s of both and the ratio (target >= 4).
2. Latency: median ``orders/info`` latency with 1,000 and with ``--large`` stored orders, for the
   SQLite store (seeded directly into the file, then served with ``--db``) and for the memory
   store (seeded in the server process); the ratio (target <= 1.5).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import uvloop

from cloudcore_simulator.accounts import account_id
from cloudcore_simulator.model import ItemRecord, OrderRecord
from cloudcore_simulator.store import SQLiteStore

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "openapi" / "cloudcore.yaml"
PRISM = "@stoplight/prism-cli@5.14.2"
API = "/cloudcore/1.0"
KEY = "bench-key-0123456789"
LIST_KEY = "bench-list-key-0123456789"

ADDRESS = {
    "type": "delivery",
    "firstname": "Example",
    "lastname": "Person",
    "street1": "Example street 1234",
    "zip": "99999",
    "city": "Example city",
    "country": "DE",
    "email": "email@example.com",
    "phone": "12345678",
}
ORDER_TEMPLATE = {
    "apikey": KEY,
    "email": "support@client-company.com",
    "addresses": [ADDRESS],
    "items": [
        {
            "reference": "item-1",
            "product": "textbook_pb_a4_p_bw",
            "shipping_level": "cp_postal",
            "count": "2",
            "files": [
                {
                    "type": "cover",
                    "url": "https://download.example.com/c",
                    "md5sum": "4578c3ecf64e47581b175d542f8b0160",
                },
                {"type": "book", "url": "https://download.example.com/b", "md5sum": "1ef89e74e628e223ae94aa4586330833"},
            ],
            "options": [{"type": "total_pages", "count": "120"}],
        }
    ],
}
QUOTE = {
    "apikey": KEY,
    "country": "NL",
    "items": [
        {
            "reference": "ref_id_1234567",
            "product": "textbook_pb_a4_p_bw",
            "count": "1",
            "options": [{"type": "pageblock_80off", "count": "120"}, {"type": "total_pages", "count": "120"}],
        }
    ],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def request_bytes(port: int, path: str, body: object, prefix: str = API) -> bytes:
    payload = orjson.dumps(body)
    head = (
        f"POST {prefix}{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


class Workload:
    """The mixed request cycle: 2 info, 1 add, 1 list, 1 quote, 1 products per 6 requests."""

    def __init__(self, port: int, info_refs: list[str], prefix: str = API) -> None:
        self.port = port
        self.prefix = prefix
        self.counter = itertools.count()
        self.info = [request_bytes(port, "/orders/info", {"apikey": KEY, "reference": r}, prefix) for r in info_refs]
        self.fixed = {
            "list": request_bytes(port, "/orders/", {"apikey": LIST_KEY}, prefix),
            "quote": request_bytes(port, "/orders/quote", QUOTE, prefix),
            "products": request_bytes(port, "/products", {"apikey": KEY}, prefix),
        }
        self.cycle = itertools.cycle(["info", "add", "info", "list", "quote", "products"])
        self.run_id = os.urandom(4).hex()

    def next(self) -> bytes:
        kind = next(self.cycle)
        n = next(self.counter)
        if kind == "info":
            return self.info[n % len(self.info)]
        if kind == "add":
            body = {**ORDER_TEMPLATE, "reference": f"b-{self.run_id}-{n}"}
            return request_bytes(self.port, "/orders/add", body, self.prefix)
        return self.fixed[kind]


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (Content-Length or chunked); return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    return status


async def drive(port: int, workload: Workload, clients: int, duration: float) -> tuple[int, dict[int, int]]:
    """Run ``clients`` keep-alive connections for ``duration`` seconds; count responses."""
    stop_at = time.perf_counter() + duration
    statuses: dict[int, int] = {}
    done = 0

    async def client() -> None:
        nonlocal done
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop_at:
                writer.write(workload.next())
                status = await read_response(reader)
                statuses[status] = statuses.get(status, 0) + 1
                done += 1
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return done, statuses


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants so far (from /proc)."""
    total = 0.0
    for each in [pid, *children_of(pid)]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def throughput(
    port: int, workload: Workload, clients: int, duration: float, server_pid: int
) -> tuple[float, dict[int, int], float]:
    """Requests/s, status counts and the server's CPU use (1.0 = one core busy) over the run."""
    uvloop.run(drive(port, workload, clients, min(2.0, duration / 5)))  # warm-up
    cpu_before = cpu_seconds(server_pid)
    start = time.perf_counter()
    done, statuses = uvloop.run(drive(port, workload, clients, duration))
    elapsed = time.perf_counter() - start
    return done / elapsed, statuses, (cpu_seconds(server_pid) - cpu_before) / elapsed


def wait_ready(port: int, probe: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with {process.returncode}")
        try:
            httpx.post(f"http://127.0.0.1:{port}{probe}", json={"apikey": KEY}, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def children_of(pid: int) -> list[int]:
    """Descendant PIDs (so Prism's node process is stopped by its own PID, not by name)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def stop(process: subprocess.Popen[bytes]) -> None:
    for pid in [*reversed(children_of(process.pid)), process.pid]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        for pid in [*children_of(process.pid), process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(10)


def start_simulator(port: int, *args: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "cloudcore_simulator", "--port", str(port), "--api-key", KEY, "--api-key", LIST_KEY,
         *args],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    wait_ready(port, API + "/products", process)
    return process


def seed_over_http(port: int, references: list[str], key: str = KEY) -> None:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        for ref in references:
            response = client.post(API + "/orders/add", json={**ORDER_TEMPLATE, "apikey": key, "reference": ref})
            if response.status_code not in (201, 400):
                raise RuntimeError(f"seeding failed: {response.status_code} {response.text[:200]}")


def bench_throughput(args: argparse.Namespace) -> None:
    info_refs = [f"info-{n}" for n in range(100)]
    results: dict[str, float] = {}
    port = free_port()
    sim = start_simulator(port)
    try:
        seed_over_http(port, info_refs)
        seed_over_http(port, ["list-1", "list-2"], key=LIST_KEY)
        rate, statuses, cpu = throughput(port, Workload(port, info_refs), args.clients, args.duration, sim.pid)
        results["simulator"] = rate
        print(f"simulator: {rate:9.0f} requests/s   server CPU {cpu:.2f} cores   statuses {sorted(statuses.items())}")
    finally:
        stop(sim)
    if args.skip_prism:
        return
    port = free_port()
    prism = subprocess.Popen(
        ["npx", "--yes", PRISM, "mock", "-h", "127.0.0.1", "-p", str(port), str(SPEC)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NPM_CONFIG_UPDATE_NOTIFIER": "false", "NPM_CONFIG_FUND": "false"},
    )
    try:
        wait_ready(port, "/products", prism, timeout=300)  # Prism serves the paths without the server's base path
        workload = Workload(port, info_refs, prefix="")
        rate, statuses, cpu = throughput(port, workload, args.clients, args.duration, prism.pid)
        results["prism"] = rate
        print(f"prism:     {rate:9.0f} requests/s   server CPU {cpu:.2f} cores   statuses {sorted(statuses.items())}")
    finally:
        stop(prism)
    print(f"throughput ratio simulator/prism: {results['simulator'] / results['prism']:.1f}x (target >= 4)")


def seeded_orders(count: int) -> Iterator[OrderRecord]:
    account = account_id(KEY)
    item = ItemRecord(
        reference="item-1",
        product="textbook_pb_a4_p_bw",
        count="2",
        shipping_level="cp_postal",
        shipping_option="National Post - Int. Postal Untracked",
        options=(("total_pages", "120"),),
        files=(("book", "https://download.example.com/b", "1ef89e74e628e223ae94aa4586330833"),),
    )
    address = dict(ADDRESS)
    now = time.time()
    for n in range(count):
        yield OrderRecord(account, f"seed-{n}", now - count + n, "support@example.com", (address,), (item,))


def median_info_latency(port: int, count: int, samples: int) -> float:
    refs = [f"seed-{(n * 7919) % count}" for n in range(samples)]
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        for ref in refs[:200]:  # warm-up
            client.post(API + "/orders/info", json={"apikey": KEY, "reference": ref})
        timings = []
        for ref in refs:
            start = time.perf_counter()
            response = client.post(API + "/orders/info", json={"apikey": KEY, "reference": ref})
            timings.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"orders/info {ref}: {response.status_code}")
    return statistics.median(timings)


MEMORY_SERVER = """
import sys, uvicorn
sys.path.insert(0, {scripts!r})
from bench_simulator import KEY, seeded_orders
from cloudcore_simulator import create_app
from cloudcore_simulator.store import MemoryStore
store = MemoryStore()
store.bulk_insert(seeded_orders({count}))
uvicorn.run(create_app([KEY], store=store), host="127.0.0.1", port={port}, log_level="warning", access_log=False)
"""


def bench_latency(args: argparse.Namespace) -> None:
    for kind in ("sqlite", "memory"):
        medians: dict[int, float] = {}
        for count in (1000, args.large):
            port = free_port()
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                if kind == "sqlite":
                    db = Path(tmp) / "bench.db"
                    store = SQLiteStore(db)
                    store.bulk_insert(seeded_orders(count))
                    store.close()
                    server = start_simulator(port, "--db", str(db))
                else:
                    code = MEMORY_SERVER.format(scripts=str(Path(__file__).parent), count=count, port=port)
                    server = subprocess.Popen([sys.executable, "-c", code])
                    wait_ready(port, API + "/products", server, timeout=900)
                seeded = time.perf_counter() - started
                try:
                    medians[count] = median_info_latency(port, count, args.samples)
                finally:
                    stop(server)
            print(f"{kind:6} orders/info median with {count:>9,} orders: {medians[count] * 1e3:.3f} ms"
                  f"   (seeded in {seeded:.0f} s)")  # fmt: skip
        ratio = medians[args.large] / medians[1000]
        print(f"{kind:6} latency ratio {args.large:,} / 1,000: {ratio:.2f} (target <= 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per throughput run")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections")
    parser.add_argument("--large", type=int, default=1_000_000, help="orders in the large store")
    parser.add_argument("--samples", type=int, default=3000, help="orders/info requests per latency run")
    parser.add_argument("--skip-prism", action="store_true")
    parser.add_argument("--only", choices=["throughput", "latency"])
    args = parser.parse_args()
    if args.only != "latency":
        bench_throughput(args)
    if args.only != "throughput":
        bench_latency(args)


if __name__ == "__main__":
    main()
