"""Command line: ``python -m cloudcore_simulator --port 8080 --api-key KEY [--db PATH]``.

Keys also come from ``--api-key-file PATH`` or ``$CLOUDCORE_SIMULATOR_API_KEYS``, so that they need
not be on the command line (visible in ``ps``). Once the socket listens, one line on stdout says
where it serves (with ``--port 0``, the port picked): a readiness signal for scripts.
``--webhook-url URL`` with a webhook key (``--webhook-key KEY``, ``--webhook-key-file PATH`` or
``$CLOUDCORE_SIMULATOR_WEBHOOK_KEY``) makes it post CloudSignals of every account to URL; the
``--webhook-*`` options below tune retries and timing. Every refusal of an option is one line
(argparse's ``error:``), never a traceback, and never shows a secret.
"""

from __future__ import annotations

import argparse
import functools
import logging
import math
import os
import secrets
import socket
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final

import uvicorn

from .accounts import KeyRing, check_control_token
from .app import MAX_BODY, create_app
from .clock import VirtualClock, check_speed
from .control import CONTROL_TOKEN_ENV
from .hosts import host_name
from .request_body import BODY_TIMEOUT
from .sandbox import DEFAULT_ORDERS, DEFAULT_RATE_LIMIT, SandboxConfig, create_sandbox_app
from .serving import ConnectionLimits, GuardedServer, StopState, guarded_server
from .simulated import Realism
from .store import StoreError
from .versions import describe
from .webhooks import MAX_ATTEMPTS_LIMIT, WebhookConfig

KEYS_ENV: Final = "CLOUDCORE_SIMULATOR_API_KEYS"
WEBHOOK_KEY_ENV: Final = "CLOUDCORE_SIMULATOR_WEBHOOK_KEY"
API_PATH: Final = "/cloudcore/1.0"
_LOOPBACK_BINDS: Final = ("127.0.0.1", "localhost", "::1")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The CLI options (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="python -m cloudcore_simulator",
        description="Stateful Cloudprinter CloudCore API v1.0 simulator. "
        "API base URL: http://HOST:PORT/cloudcore/1.0; controls under /_simulator/.",
    )
    parser.add_argument(
        "--version", action="version", version=describe(), help="print the simulator's and its contract's versions"
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
        "--create-db",
        action="store_true",
        help="start a simulator database in --db even if the file is empty (0 bytes) or another application's "
        "(a missing file is always created)",
    )
    parser.add_argument(
        "--speed", type=float, default=1.0, help="virtual seconds per real second (default 1; 0 freezes time)"
    )
    parser.add_argument(
        "--control-token",
        metavar="TOKEN",
        help=f"require this token (header X-Control-Token; printable ASCII) for reset-all and clock controls "
        f"(default: env {CONTROL_TOKEN_ENV}; none)",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        dest="allow_hosts",
        default=[],
        metavar="NAME",
        help="also answer requests whose Host header names NAME (repeatable; *.example.com for subdomains, "
        "* for any); loopback names and the --host address are always answered",
    )
    parser.add_argument("--max-body", type=int, default=MAX_BODY, help="largest accepted body in bytes (413 above)")
    limits = ConnectionLimits()
    parser.add_argument(
        "--header-timeout",
        type=float,
        default=limits.header_timeout,
        metavar="SECONDS",
        help=f"close a connection whose request head is not whole after this long (default {limits.header_timeout:g})",
    )
    parser.add_argument(
        "--body-timeout",
        type=float,
        default=BODY_TIMEOUT,
        metavar="SECONDS",
        help=f"answer 408 to a request whose body is not whole after this long (default {BODY_TIMEOUT:g})",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse unknown request fields with 400 (default: accept them with a Warning header, like the real API)",
    )
    parser.add_argument(
        "--realism",
        choices=[r.value for r in Realism],
        default=Realism.SOURCES.value,
        help="sources (default): refuse only what the documentation, FACTS.md or the official SDKs state; "
        "strict: also the simulator's own catalogue, pricing and quote rules (docs/fidelity.md)",
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
    hooks.add_argument(
        "--webhook-key-file",
        metavar="PATH",
        help=f"a file holding the webhook key (default: --webhook-key, else env {WEBHOOK_KEY_ENV})",
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
    args.control_token = _control_token(parser, args.control_token)
    try:
        args.limits = ConnectionLimits(header_timeout=args.header_timeout)
    except ValueError as exc:
        parser.error(f"--header-timeout: {exc}")
    if not (math.isfinite(args.body_timeout) and args.body_timeout > 0):
        parser.error("--body-timeout must be a finite number of seconds > 0")
    args.webhook_key = _webhook_key(parser, args.webhook_key, args.webhook_key_file, args.webhook_url is not None)
    if args.webhook_url is None and args.webhook_key is not None:
        parser.error("--webhook-key and --webhook-key-file need --webhook-url")
    if args.webhook_url is not None and args.webhook_key is None:
        parser.error(f"--webhook-url needs a webhook key: --webhook-key, --webhook-key-file or ${WEBHOOK_KEY_ENV}")
    if args.sandbox:
        if args.strict:
            parser.error("--sandbox accepts unknown request fields, as the sandbox does: it cannot be --strict")
        try:
            args.sandbox = SandboxConfig(orders=args.sandbox_orders, rate_limit=args.sandbox_rate)
        except ValueError as exc:
            parser.error(str(exc))
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


def _control_token(parser: argparse.ArgumentParser, given: str | None) -> str | None:
    """The token of ``--control-token``, else of the environment; an empty or non-ASCII one is refused."""
    where = "--control-token"
    if given is None:
        given = os.environ.get(CONTROL_TOKEN_ENV)
        where = f"${CONTROL_TOKEN_ENV}"
        if given == "":
            parser.error(f"{where} is set but empty: set a token, or unset it to run without one")
    if given is None:
        return None
    try:
        return check_control_token(given)
    except ValueError as exc:
        parser.error(f"{where}: {exc}")


def _webhook_key(parser: argparse.ArgumentParser, given: str | None, path: str | None, wanted: bool) -> str | None:
    """The webhook key: ``--webhook-key``, else the file, else the environment (when a URL wants one)."""
    if given is not None and path is not None:
        parser.error("give the webhook key once: --webhook-key or --webhook-key-file")
    if given is not None:
        if not given.strip():
            parser.error("--webhook-key must not be empty")
        return given.strip()
    if path is not None:
        try:
            with open(path, encoding="utf-8") as file:
                key = file.read().strip()
        except (OSError, UnicodeDecodeError) as exc:
            parser.error(f"--webhook-key-file {path}: {exc.strerror if isinstance(exc, OSError) else 'not UTF-8 text'}")
        if not key or "\n" in key:
            parser.error(f"--webhook-key-file {path}: the file must hold one key on one line")
        return key
    from_env = os.environ.get(WEBHOOK_KEY_ENV)
    if from_env is not None and not from_env.strip() and wanted:
        parser.error(f"${WEBHOOK_KEY_ENV} is set but empty: set the key, or unset it")
    return from_env.strip() if from_env and from_env.strip() and wanted else None


def serving_line(host: str, port: int, accounts: int) -> str:
    """The start-up line: the base URL for clients and how many accounts there are (no keys)."""
    shown = f"[{host}]" if ":" in host else host
    return f"cloudcore-simulator serving http://{shown}:{port}{API_PATH} ({accounts} account{'s' * (accounts != 1)})"


class _AnnouncingServer(GuardedServer):
    """uvicorn, printing the start-up line once its socket listens (the readiness signal)."""

    def __init__(self, config: uvicorn.Config, state: StopState, accounts: int) -> None:
        super().__init__(config, state)
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
            realism=args.realism,
            create_db=args.create_db,
            allowed_hosts=args.allow_hosts,
            bound_host=args.host,
            body_timeout=args.body_timeout,
        )
    except StoreError as exc:
        print(f"cloudcore_simulator: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(StoreError.exit_code) from None
    if host_name(args.host) not in _LOOPBACK_BINDS and not args.allow_hosts:
        print(
            f"cloudcore_simulator: bound to {args.host}: requests are answered only when their Host header is a "
            f"loopback name or {args.host}; add --allow-host NAME for the names clients use",
            file=sys.stderr,
            flush=True,
        )
    if args.access_log:
        logging.getLogger("uvicorn.access").addFilter(_RedactingFilter(KeyRing(keys, args.control_token)))
    server = guarded_server(
        app,
        args.limits,
        server_class=_AnnouncingServer,
        server_args=(len(keys),),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=args.access_log,
        loop="auto",
    )
    server.run()
    if not server.started:
        raise SystemExit(3)  # uvicorn's start-up failure code, as uvicorn.run exits


class _RedactingFilter(logging.Filter):
    """Masks every API key and the control token in access-log lines (a key in a query string)."""

    def __init__(self, keys: KeyRing) -> None:
        super().__init__()
        self._keys = keys

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self._keys.redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


if __name__ == "__main__":
    main()
