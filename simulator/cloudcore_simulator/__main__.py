"""Command line: ``python -m cloudcore_simulator --port 8080 --api-key KEY [--db PATH]``."""

from __future__ import annotations

import argparse
import logging
import secrets
from collections.abc import Sequence

import uvicorn

from .app import MAX_BODY, create_app
from .clock import VirtualClock


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The CLI options (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="python -m cloudcore_simulator",
        description="Stateful Cloudprinter CloudCore API v1.0 simulator. "
        "API base URL: http://HOST:PORT/cloudcore/1.0; controls under /_simulator/.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="TCP port (default 8080; 0 picks a free one)")
    parser.add_argument(
        "--api-key",
        action="append",
        dest="api_keys",
        metavar="KEY",
        help="an accepted API key, each its own account; repeat for more (default: one generated key, printed)",
    )
    parser.add_argument("--db", metavar="PATH", help="SQLite file that keeps state across restarts (default: memory)")
    parser.add_argument(
        "--speed", type=float, default=1.0, help="virtual seconds per real second (default 1; 0 freezes time)"
    )
    parser.add_argument("--max-body", type=int, default=MAX_BODY, help="largest accepted body in bytes (413 above)")
    parser.add_argument("--access-log", action="store_true", help="log each request line (never bodies or keys)")
    parser.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    args = parser.parse_args(argv)
    if args.speed < 0:
        parser.error("--speed must be >= 0")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Start uvicorn (uvloop and httptools when installed) on the simulator app."""
    args = parse_args(argv)
    keys: list[str] = args.api_keys or []
    if not keys:
        keys = [secrets.token_urlsafe(24)]
        print(f"cloudcore_simulator: generated API key: {keys[0]}", flush=True)
    logging.basicConfig(level=args.log_level.upper())
    app = create_app(keys, db_path=args.db, clock=VirtualClock(speed=args.speed), max_body=args.max_body)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=args.access_log,
        server_header=False,
        loop="auto",
        http="auto",
    )


if __name__ == "__main__":
    main()
