"""Benchmark: the latency the validating proxy adds, and the memory it holds after 100,000 exchanges.

Prints figures; it is not a test. Everything runs on 127.0.0.1 and stops by itself:

    .venv/bin/python scripts/bench_proxy.py [--rate 200] [--seconds 30] [--exchanges 100000] [--record] [--shadow]

1. Added latency: requests at ``--rate`` per second, open loop (each sent on schedule, not after the
   previous answer), in alternating one-second blocks straight to a simulator and through
   ``cloudcore-contract proxy`` in front of that same simulator, so that both see the same machine
   load. A mix of small and large answers (shipping levels, products, product info, an order's
   info, a quote, the 16 KB country list). Median, p90 and p99 of each; the added median is the
   difference of the medians (target: under 2 ms, under 1 ms where the validation allows).
   ``--record`` and ``--shadow`` measure the proxy recording, or comparing with a second simulator.
2. Memory: ``--exchanges`` exchanges through the proxy (8 connections, as fast as the simulator
   answers; an order added every 10th exchange, infos, lists, quotes, catalogue calls and a few
   bodies the contract refuses), so that the order book (5,000 orders) is full from 50,000 on; the
   order list asked for is another account's 50 orders, so the largest body stays the same. The
   proxy's resident memory (VmRSS) after start-up and a warm-up, at 10 %, 50 % and 100 %, and what
   the proxy reports it holds (``GET /_proxy/report``).

Servers run as separate processes (``python -m cloudcore_simulator``, ``python -m cloudcore_contract
proxy``); the load generator is a small asyncio HTTP/1.1 client on keep-alive connections.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import re
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

API = "/cloudcore/1.0"
KEY = "bench-proxy-key-0123456789"
#: The account whose orders are listed: 50 orders, so that a listing stays the same size.
LIST_KEY = "bench-proxy-list-key-0123456789"
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
FILES = [
    {"type": "cover", "url": "https://download.example.com/c.pdf", "md5sum": "4578c3ecf64e47581b175d542f8b0160"},
    {"type": "book", "url": "https://download.example.com/b.pdf", "md5sum": "1ef89e74e628e223ae94aa4586330833"},
]
QUOTE = {
    "apikey": KEY,
    "country": "NL",
    "items": [
        {
            "reference": "i1",
            "product": "textbook_pb_a4_p_bw",
            "count": "1",
            "options": [{"type": "total_pages", "count": "120"}],
        }
    ],
}


def order(reference: str, key: str = KEY) -> dict[str, object]:
    return {
        "apikey": key,
        "reference": reference,
        "email": "support@client-company.com",
        "addresses": [ADDRESS],
        "items": [
            {
                "reference": f"{reference}-1",
                "product": "textbook_pb_a4_p_bw",
                "shipping_level": "cp_saver",
                "count": "2",
                "files": FILES,
                "options": [{"type": "total_pages", "count": "120"}],
            }
        ],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def request_bytes(port: int, path: str, body: object) -> bytes:
    payload = orjson.dumps(body)
    head = (
        f"POST {API}{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"User-Agent: bench-proxy\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    match = re.search(rb"\r\ncontent-length: *(\d+)", head, re.IGNORECASE)
    if match is not None:
        await reader.readexactly(int(match[1]))
    return status


class Pool:
    """Keep-alive connections to one port, taken and given back per request."""

    def __init__(self, port: int, size: int) -> None:
        self.port, self.size = port, size
        self.free: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()

    async def open(self) -> None:
        for _ in range(self.size):
            self.free.put_nowait(await asyncio.open_connection("127.0.0.1", self.port))

    async def call(self, request: bytes) -> tuple[int, float]:
        reader, writer = await self.free.get()
        started = time.perf_counter()
        writer.write(request)
        status = await read_response(reader)
        elapsed = time.perf_counter() - started
        self.free.put_nowait((reader, writer))
        return status, elapsed

    async def close(self) -> None:
        while not self.free.empty():
            _, writer = self.free.get_nowait()
            writer.close()


def latency_mix(port: int, references: list[str]) -> Iterator[bytes]:
    fixed = [
        request_bytes(port, "/shipping/levels", {"apikey": KEY}),
        request_bytes(port, "/products", {"apikey": KEY}),
        request_bytes(port, "/products/info", {"apikey": KEY, "reference": "textbook_pb_a4_p_bw"}),
        request_bytes(port, "/orders/quote", QUOTE),
        request_bytes(port, "/shipping/countries", {"apikey": KEY}),
    ]
    infos = [request_bytes(port, "/orders/info", {"apikey": KEY, "reference": r}) for r in references]
    for index in itertools.count():
        yield fixed[index % len(fixed)] if index % 6 else infos[index % len(infos)]


async def measure_latency(
    direct_port: int, proxy_port: int, rate: float, seconds: float, references: list[str]
) -> tuple[list[float], list[float]]:
    """Alternating one-second blocks, direct and proxied, at ``rate`` requests per second (open loop)."""
    pools = {"direct": Pool(direct_port, 16), "proxy": Pool(proxy_port, 16)}
    for pool in pools.values():
        await pool.open()
    mixes = {"direct": latency_mix(direct_port, references), "proxy": latency_mix(proxy_port, references)}
    samples: dict[str, list[float]] = {"direct": [], "proxy": []}
    tasks: list[asyncio.Task[None]] = []

    async def one(kind: str, request: bytes) -> None:
        status, elapsed = await pools[kind].call(request)
        if status < 500:
            samples[kind].append(elapsed)

    interval = 1.0 / rate
    for block in range(int(seconds) * 2):
        kind = "direct" if block % 2 == 0 else "proxy"
        start = time.perf_counter()
        for index in range(int(rate)):
            delay = start + index * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(kind, next(mixes[kind]))))
    await asyncio.gather(*tasks)
    for pool in pools.values():
        await pool.close()
    return samples["direct"], samples["proxy"]


def memory_mix(port: int) -> Iterator[bytes]:
    refused = [
        request_bytes(port, "/shipping/states", {"apikey": KEY}),  # country_reference missing
        request_bytes(port, "/orders/info", {"apikey": KEY}),  # reference missing
    ]
    cheap = [
        request_bytes(port, "/shipping/levels", {"apikey": KEY}),
        request_bytes(port, "/products", {"apikey": KEY}),
        request_bytes(port, "/shipping/states", {"apikey": KEY, "country_reference": "US"}),
        request_bytes(port, "/orders/quote", QUOTE),
        request_bytes(port, "/products/info", {"apikey": KEY, "reference": "textbook_pb_a4_p_bw"}),
        request_bytes(port, "/shipping/countries", {"apikey": KEY}),
    ]
    added: list[str] = []
    for index in itertools.count():
        if index % 10 == 0:
            reference = f"mem-{index}"
            added.append(reference)
            yield request_bytes(port, "/orders/add", order(reference))
        elif index % 1000 == 999:
            yield request_bytes(port, "/orders/", {"apikey": LIST_KEY})
        elif index % 50 == 7:
            yield refused[(index // 50) % 2]
        elif index % 3 == 0 and added:
            yield request_bytes(
                port, "/orders/info", {"apikey": KEY, "reference": added[-1 - index % min(50, len(added))]}
            )
        else:
            yield cheap[index % len(cheap)]


async def drive(port: int, count: int, connections: int, start_at: int = 0) -> int:
    """Send ``count`` requests of the memory mix over ``connections`` connections; the 5xx count."""
    mix = itertools.islice(memory_mix(port), start_at, None)
    remaining = count
    errors = 0

    async def client() -> None:
        nonlocal remaining, errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while remaining > 0:
                remaining -= 1
                writer.write(next(mix))
                if await read_response(reader) >= 500:
                    errors += 1
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(connections)))
    return errors


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(url, timeout=2)
            return
        time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {timeout} s")


@contextlib.contextmanager
def started(command: list[str], ready_url: str) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(ready_url, process)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def simulator(port: int) -> list[str]:
    return [sys.executable, "-m", "cloudcore_simulator", "--port", str(port), "--speed", "0", "--api-key", KEY,
            "--api-key", LIST_KEY, "--log-level", "error"]  # fmt: skip


def proxy(port: int, upstream: int, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "cloudcore_contract", "proxy", "--upstream", f"http://127.0.0.1:{upstream}",
            "--port", str(port), "-q", *extra]  # fmt: skip


def figures(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return f"median {statistics.median(ordered) * 1000:6.2f} ms  p90 {at(0.9):6.2f} ms  p99 {at(0.99):6.2f} ms"


def latency(args: argparse.Namespace, label: str, extra: list[str], shadow_port: int | None) -> None:
    sim_port, proxy_port = free_port(), free_port()
    shadow = (
        started(simulator(shadow_port), f"http://127.0.0.1:{shadow_port}/_simulator/health") if shadow_port else None
    )
    with contextlib.ExitStack() as stack:
        if shadow is not None:
            stack.enter_context(shadow)
        stack.enter_context(started(simulator(sim_port), f"http://127.0.0.1:{sim_port}/_simulator/health"))
        stack.enter_context(started(proxy(proxy_port, sim_port, extra), f"http://127.0.0.1:{proxy_port}/_proxy/health"))
        references = [f"lat-{n}" for n in range(20)]
        with httpx.Client(base_url=f"http://127.0.0.1:{sim_port}{API}") as client:
            for reference in references:
                client.post("/orders/add", json=order(reference)).raise_for_status()
        uvloop.run(measure_latency(sim_port, proxy_port, args.rate, 2, references))  # warm-up
        direct, proxied = uvloop.run(measure_latency(sim_port, proxy_port, args.rate, args.seconds, references))
        print(
            f"\n{label}: {args.rate:g} requests/s, {args.seconds:g} s each way, {len(direct)} + {len(proxied)} answers"
        )
        print(f"  direct        {figures(direct)}")
        print(f"  through proxy {figures(proxied)}")
        added = (statistics.median(proxied) - statistics.median(direct)) * 1000
        print(f"  added median latency: {added:.2f} ms")


def memory(args: argparse.Namespace) -> None:
    sim_port, proxy_port = free_port(), free_port()
    with (
        started(simulator(sim_port), f"http://127.0.0.1:{sim_port}/_simulator/health"),
        started(proxy(proxy_port, sim_port, []), f"http://127.0.0.1:{proxy_port}/_proxy/health") as process,
    ):
        with httpx.Client(base_url=f"http://127.0.0.1:{sim_port}{API}") as client:
            for number in range(50):
                client.post("/orders/add", json=order(f"listed-{number}", LIST_KEY)).raise_for_status()
        uvloop.run(drive(proxy_port, 1000, 8))
        print(f"\nmemory: {args.exchanges:,} exchanges through the proxy (8 connections)")
        print(f"  RSS after start-up and 1,000 exchanges: {rss_mib(process.pid):7.1f} MiB")
        done, started_at, errors = 0, time.monotonic(), 0
        for share in (0.1, 0.5, 1.0):
            step = int(args.exchanges * share) - done
            errors += uvloop.run(drive(proxy_port, step, 8, start_at=1000 + done))
            done += step
            rate = done / (time.monotonic() - started_at)
            print(f"  RSS after {done:>7,} exchanges:            {rss_mib(process.pid):7.1f} MiB   ({rate:,.0f}/s)")
        report = httpx.get(f"http://127.0.0.1:{proxy_port}/_proxy/report", timeout=60).json()
        held, orders = report["held"], report["orders_remembered"]
        print(
            f"  the proxy says: {report['exchanges']:,} exchanges, {report['violations']:,} violations "
            f"({len(report['findings'])} distinct), holding {held['exchanges']} exchanges now "
            f"(peak {held['exchanges_peak']}, bound {held['exchanges_bound']}), "
            f"{held['bytes_peak']:,} bytes at the peak (bound {held['bytes_bound']:,}), "
            f"{orders['orders']:,} orders remembered (bound {orders['bound']:,}); 5xx answers: {errors}"
        )


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--rate", type=float, default=200.0, help="requests per second (default 200)")
    cli.add_argument("--seconds", type=float, default=30.0, help="seconds of each way (default 30)")
    cli.add_argument("--exchanges", type=int, default=100_000, help="exchanges for the memory figure (default 100,000)")
    cli.add_argument("--record", action="store_true", help="also measure the latency with --record")
    cli.add_argument("--shadow", action="store_true", help="also measure the latency with --shadow")
    cli.add_argument("--skip-memory", action="store_true", help="latency only")
    cli.add_argument("--skip-latency", action="store_true", help="memory only")
    args = cli.parse_args()
    print(f"bench_proxy: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    if not args.skip_latency:
        latency(args, "judging", [], None)
    if args.record and not args.skip_latency:
        with tempfile.TemporaryDirectory() as directory:
            latency(args, "judging and recording", ["--record", directory], None)
    if args.shadow and not args.skip_latency:
        shadow_port = free_port()
        latency(args, "judging and shadowing", ["--shadow", f"http://127.0.0.1:{shadow_port}"], shadow_port)
    if not args.skip_memory:
        memory(args)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
