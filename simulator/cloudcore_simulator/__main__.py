"""Command line: ``python -m cloudcore_simulator --port 8080 --api-key KEY [--db PATH]``.

Keys also come from ``--api-key-file PATH`` or ``$CLOUDCORE_SIMULATOR_API_KEYS``, so that they need
not be on the command line (visible in ``ps``). Once the socket listens, one line on stdout says
where it serves (with ``--port 0``, the port picked): a readiness signal for scripts.
``--webhook-url URL --webhook-key KEY`` (both or neither) makes it post CloudSignals of every
account to URL; the ``--webhook-*`` options below tune retries and timing.
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import secrets
import socket
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final

import uvicorn

from .app import MAX_BODY, create_app
from .clock import VirtualClock, check_speed
from .control import CONTROL_TOKEN_ENV
from .sandbox import DEFAULT_ORDERS, DEFAULT_RATE_LIMIT, SandboxConfig, create_sandbox_app
from .store import StoreError
from .webhooks import MAX_ATTEMPTS_LIMIT, WebhookConfig

KEYS_ENV: Final = "CLOUDCORE_SIMULATOR_API_KEYS"
API_PATH: Final = "/cloudcore/1.0"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The CLI options (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="python -m cloudcore_simulator",
        description="Stateful Cloudprinter CloudCore API v1.0 simulator. "
        "API base URL: http://HOST:PORT/cloudcore/1.0; controls under /_simulator/.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="TCP port (default 8080; 0 picks a free one)")
    keys = parser.add_argument_group(
        "API keys",
        f"every key given by --api-key, --api-key-file and ${KEYS_ENV} (comma-separated) is accepted, "
        "each its own account; with none, one key is generated and printed",
    )
    keys.add_argument(
        "--api-key", action="append", dest="api_keys", default=[], metavar="KEY", help="an API key; repeat for more"
    )
    keys.add_argument(
        "--api-key-file", metavar="PATH", help="a file of API keys, one per line (blank and # lines ignored)"
    )
    parser.add_argument("--db", metavar="PATH", help="SQLite file that keeps state across restarts (default: memory)")
    parser.add_argument(
        "--speed", type=float, default=1.0, help="virtual seconds per real second (default 1; 0 freezes time)"
    )
    parser.add_argument(
        "--control-token",
        default=os.environ.get(CONTROL_TOKEN_ENV) or None,
        metavar="TOKEN",
        help=f"require this token (header X-Control-Token) for reset-all and clock controls "
        f"(default: env {CONTROL_TOKEN_ENV}; none)",
    )
    parser.add_argument("--max-body", type=int, default=MAX_BODY, help="largest accepted body in bytes (413 above)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse unknown request fields with 400 (default: accept them with a Warning header, like the real API)",
    )
    sandbox = parser.add_argument_group("sandbox-like mode (docs/contract-tool.md)")
    sandbox.add_argument(
        "--sandbox",
        action="store_true",
        help="behave like Cloudprinter's sandbox: earlier orders, no /_simulator/ routes, answer variants, "
        "a rate limit answering 429, orders ending at 501 (not with --strict)",
    )
    sandbox.add_argument(
        "--sandbox-orders", type=int, default=DEFAULT_ORDERS, metavar="N", help="earlier orders per account"
    )
    sandbox.add_argument(
        "--sandbox-rate",
        type=int,
        default=DEFAULT_RATE_LIMIT,
        metavar="R",
        help=f"requests per second before 429 (default {DEFAULT_RATE_LIMIT}; 0: no limit)",
    )
    parser.add_argument("--access-log", action="store_true", help="log each request line (never bodies or keys)")
    parser.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    hooks = parser.add_argument_group("CloudSignal webhooks (off unless --webhook-url and --webhook-key are given)")
    hooks.add_argument("--webhook-url", metavar="URL", help="post every account's signals to this http(s) URL")
    hooks.add_argument(
        "--webhook-key", metavar="KEY", help="the webhook key sent as `apikey` (its own secret, not an API key)"
    )
    defaults = WebhookConfig("http://127.0.0.1/", "-")
    hooks.add_argument(
        "--webhook-max-attempts",
        type=int,
        default=defaults.max_attempts,
        metavar="N",
        help=f"tries per signal before it is marked failed (default {defaults.max_attempts}, "
        f"at most {MAX_ATTEMPTS_LIMIT})",
    )
    hooks.add_argument(
        "--webhook-backoff",
        type=float,
        default=defaults.backoff_base,
        metavar="SECONDS",
        help=f"first retry delay, doubled per retry, with jitter (default {defaults.backoff_base})",
    )
    hooks.add_argument(
        "--webhook-backoff-cap",
        type=float,
        default=defaults.backoff_cap,
        metavar="SECONDS",
        help=f"longest retry delay (default {defaults.backoff_cap})",
    )
    hooks.add_argument(
        "--webhook-tick",
        type=float,
        default=defaults.tick,
        metavar="SECONDS",
        help=f"how often to look for due signals (default {defaults.tick})",
    )
    hooks.add_argument(
        "--webhook-timeout",
        type=float,
        default=defaults.timeout,
        metavar="SECONDS",
        help=f"per-request timeout (default {defaults.timeout})",
    )
    args = parser.parse_args(argv)
    args.api_keys = _api_keys(parser, args.api_keys, args.api_key_file, os.environ.get(KEYS_ENV, ""))
    try:
        check_speed(args.speed)
    except ValueError as exc:
        parser.error(f"--speed: {exc}")
    if args.sandbox:
        if args.strict:
            parser.error("--sandbox accepts unknown request fields, as the sandbox does: it cannot be --strict")
        try:
            args.sandbox = SandboxConfig(orders=args.sandbox_orders, rate_limit=args.sandbox_rate)
        except ValueError as exc:
            parser.error(str(exc))
    if (args.webhook_url is None) != (args.webhook_key is None):
        parser.error("--webhook-url and --webhook-key go together")
    args.webhooks = None
    if args.webhook_url is not None:
        try:
            args.webhooks = WebhookConfig(
                args.webhook_url,
                args.webhook_key,
                max_attempts=args.webhook_max_attempts,
                backoff_base=args.webhook_backoff,
                backoff_cap=args.webhook_backoff_cap,
                tick=args.webhook_tick,
                timeout=args.webhook_timeout,
            )
        except ValueError as exc:
            parser.error(str(exc))
    return args


def _api_keys(parser: argparse.ArgumentParser, given: list[str], path: str | None, env: str) -> list[str]:
    """The keys of all three sources, in order, without repeats; a key is never part of an error."""
    keys = [key.strip() for key in given]
    if path is not None:
        try:
            with open(path, encoding="utf-8") as file:
                lines = [line.strip() for line in file]
        except (OSError, UnicodeDecodeError) as exc:
            parser.error(f"--api-key-file {path}: {exc.strerror if isinstance(exc, OSError) else 'not UTF-8 text'}")
        from_file = [line for line in lines if line and not line.startswith("#")]
        if not from_file:
            parser.error(f"--api-key-file {path}: no key in the file")
        keys.extend(from_file)
    keys.extend(part.strip() for part in env.split(","))
    if any(not key for key in keys[: len(given)]):
        parser.error("--api-key must not be empty")
    return list(dict.fromkeys(key for key in keys if key))


def serving_line(host: str, port: int, accounts: int) -> str:
    """The start-up line: the base URL for clients and how many accounts there are (no keys)."""
    shown = f"[{host}]" if ":" in host else host
    return f"cloudcore-simulator serving http://{shown}:{port}{API_PATH} ({accounts} account{'s' * (accounts != 1)})"


class _AnnouncingServer(uvicorn.Server):
    """uvicorn, printing the start-up line once its socket listens (the readiness signal)."""

    def __init__(self, config: uvicorn.Config, accounts: int) -> None:
        super().__init__(config)
        self._accounts = accounts

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.should_exit:  # start-up failed; uvicorn has logged why
            return
        host, port = self.servers[0].sockets[0].getsockname()[:2]
        print(serving_line(str(host), int(port), self._accounts), flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Start uvicorn (uvloop and httptools when installed) on the simulator app."""
    args = parse_args(argv)
    keys: list[str] = args.api_keys
    if not keys:
        keys = [secrets.token_urlsafe(24)]
        print(f"cloudcore_simulator: generated API key: {keys[0]}", flush=True)
    logging.basicConfig(level=args.log_level.upper())
    factory: Callable[..., Any] = create_app
    start: float | None = None  # now
    if args.sandbox:  # the sandbox-like mode: its clock starts early enough to age the earlier orders
        factory, start = functools.partial(create_sandbox_app, config=args.sandbox), args.sandbox.clock_start()
    try:
        app = factory(
            keys,
            db_path=args.db,
            clock=VirtualClock(start=start, speed=args.speed),
            max_body=args.max_body,
            webhooks=args.webhooks,
            control_token=args.control_token,
            strict=args.strict,
        )
    except StoreError as exc:
        print(f"cloudcore_simulator: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(StoreError.exit_code) from None
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=args.access_log,
        server_header=False,
        ws="none",  # the API is HTTP only
        loop="auto",
        http="auto",
    )
    server = _AnnouncingServer(config, len(keys))
    server.run()
    if not server.started:
        raise SystemExit(3)  # uvicorn's start-up failure code, as uvicorn.run exits


if __name__ == "__main__":
    main()
