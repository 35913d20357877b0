"""Hostile HTTP servers for the client's tests: asyncio on a free loopback port, in a thread of their own.

Each server reads one request at a time per connection (headers and a Content-Length body) and hands
it to a `respond` coroutine that writes whatever the scenario needs: a slow answer, headers trickled
a byte at a time, a body far larger than any cap. Connections in flight are counted, so that a test
can check the client's pool bound from the server's side.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

Respond = Callable[[asyncio.StreamWriter], Awaitable[None]]


class Server:
    """What a test sees of a running server: its base URL and the peak of requests in flight."""

    def __init__(self) -> None:
        self.base_url = ""
        self.in_flight = 0
        self.peak_in_flight = 0
        self.requests = 0


async def _read_request(reader: asyncio.StreamReader) -> bool:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return False
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    try:
        await reader.readexactly(length)
    except (asyncio.IncompleteReadError, ConnectionError):
        return False
    return True


@contextmanager
def serving(respond: Respond) -> Iterator[Server]:
    """Run a server whose every answer `respond` writes; stopped (connections dropped) on exit."""
    server = Server()
    ready = threading.Event()
    loop = asyncio.new_event_loop()
    stopped = asyncio.Event()
    tasks: set[asyncio.Task[None]] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        try:
            while await _read_request(reader):
                server.requests += 1
                server.in_flight += 1
                server.peak_in_flight = max(server.peak_in_flight, server.in_flight)
                try:
                    await respond(writer)
                    await writer.drain()
                finally:
                    server.in_flight -= 1
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            tasks.discard(task)
            writer.close()

    async def main() -> None:
        listener = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        server.base_url = f"http://127.0.0.1:{listener.sockets[0].getsockname()[1]}/cloudcore/1.0"
        ready.set()
        async with listener:
            await stopped.wait()
            for task in list(tasks):
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    if not ready.wait(timeout=60):
        raise RuntimeError("the test server did not start")
    try:
        yield server
    finally:
        loop.call_soon_threadsafe(stopped.set)
        thread.join(timeout=60)
        loop.close()


def answer(body: bytes, *, delay: float = 0.0, status: int = 200) -> Respond:
    """A JSON answer after `delay` seconds."""

    async def respond(writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(delay)
        head = f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        writer.write(head.encode() + body)

    return respond


def trickled_headers(interval: float, length: int = 400) -> Respond:
    """A status line, then headers one byte per `interval` seconds (an endless `X-Pad` header)."""

    async def respond(writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nX-Pad: ")
        for _ in range(length):
            await writer.drain()
            await asyncio.sleep(interval)
            writer.write(b"a")
        writer.write(b"\r\nContent-Length: 2\r\n\r\n[]")

    return respond


def endless_body(*, announced: int | None, chunk: bytes = b" " * 65536) -> Respond:
    """A 200 whose body never ends (blank JSON whitespace), with or without a `Content-Length` claim."""

    async def respond(writer: asyncio.StreamWriter) -> None:
        length = f"Content-Length: {announced}\r\n" if announced is not None else "Transfer-Encoding: chunked\r\n"
        writer.write(f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}\r\n".encode())
        framed = chunk if announced is not None else f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        while True:
            writer.write(framed)
            await writer.drain()

    return respond
