"""``cloudcore-contract proxy`` and ``cloudcore-contract replay``: their own argument parsers.

``cloudcore_contract.cli.main`` hands the arguments here when the first one is ``proxy`` or
``replay``, so the contract suite's options and these stay apart. Neither command imports the
suite's modules (schemathesis, pytest); the proxy does not import replay's HTTP client (httpx).

Exit status: the proxy ends as uvicorn does, by the signal that stopped it (SIGTERM, SIGINT) once
it has shut down and written its report; replay: 0 no difference and no violation, 1 differences
or violations. Both: 2 usage, 3 could not run (port taken, target unreachable, unreadable
recording).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .forwarding import DEFAULT_MAX_BODY, DEFAULT_UPSTREAM_TIMEOUT, TOOL, ProxyConfig
from .holding import DEFAULT_MAX_HELD, DEFAULT_MAX_HELD_BYTES
from .orderbook import DEFAULT_MAX_ORDERS
from .recording import DEFAULT_MAX_RECORD_BYTES, RecordingError
from .shadow import DEFAULT_SHADOW_TIMEOUT

__all__ = ["main"]

ENV_SHADOW_KEY = "CLOUDCORE_PROXY_SHADOW_KEY"
ENV_API_KEY = "CLOUDPRINTER_API_KEY"
ENV_API_KEY_OTHER = "CLOUDPRINTER_API_KEY_OTHER"
MIB = 1024 * 1024


def _positive(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value

    parse.__name__ = kind.__name__
    return parse


def proxy_parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="cloudcore-contract proxy",
        description="Forward a service's CloudCore traffic unchanged and judge every exchange against the "
        "contract: one log line per violation, a JSON and JUnit report on exit, on SIGUSR1 and on "
        "POST /_proxy/report. See docs/proxy.md.",
    )
    cli.add_argument(
        "--upstream", required=True, metavar="URL", help="where requests go, e.g. https://api.cloudprinter.com"
    )
    cli.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    cli.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080; 0: a free port, printed)")
    cli.add_argument("--report", type=Path, metavar="FILE", help="write the JSON report here")
    cli.add_argument("--junit", type=Path, metavar="FILE", help="write the JUnit report here")
    cli.add_argument(
        "--record", type=Path, metavar="DIR", help="record every exchange (keys masked) as JSON lines in DIR"
    )
    cli.add_argument(
        "--record-max-mb",
        type=_positive(int),
        default=DEFAULT_MAX_RECORD_BYTES // MIB,
        help="cap of the recording (default 512)",
    )
    cli.add_argument(
        "--shadow", metavar="URL", help="also send each request here (our simulator) and compare the answers"
    )
    cli.add_argument(
        "--shadow-key",
        default=os.environ.get(ENV_SHADOW_KEY) or None,
        help=f"the apikey of requests sent to the shadow target (env {ENV_SHADOW_KEY}); default: the request's own",
    )
    cli.add_argument(
        "--shadow-timeout", type=_positive(float), default=DEFAULT_SHADOW_TIMEOUT, help="seconds (default 10)"
    )
    cli.add_argument(
        "--strict",
        action="store_true",
        help="the upstream refuses unknown request fields (the simulator run --strict): an accepted one is a violation",
    )
    cli.add_argument(
        "--upstream-timeout",
        type=_positive(float),
        default=DEFAULT_UPSTREAM_TIMEOUT,
        help="seconds to wait for the upstream before answering 504 (default 300)",
    )
    cli.add_argument(
        "--max-held",
        type=_positive(int),
        default=DEFAULT_MAX_HELD,
        help="exchanges held in memory at most (default 1000)",
    )
    cli.add_argument(
        "--max-held-mb",
        type=_positive(int),
        default=DEFAULT_MAX_HELD_BYTES // MIB,
        help="MiB of bodies held at most (default 64)",
    )
    cli.add_argument(
        "--max-body-mb",
        type=_positive(int),
        default=DEFAULT_MAX_BODY // MIB,
        help="a larger body is forwarded, not judged (default 8)",
    )
    cli.add_argument(
        "--max-orders",
        type=_positive(int),
        default=DEFAULT_MAX_ORDERS,
        help="orders remembered for the stateful checks (default 5000)",
    )
    cli.add_argument("-q", "--quiet", action="store_true", help="log violations and failures only")
    return cli


def replay_parser() -> argparse.ArgumentParser:
    from .replay import DEFAULT_REMOTE_RATE

    cli = argparse.ArgumentParser(
        prog="cloudcore-contract replay",
        description="Send a recording of the proxy again to a target (our simulator) and compare its answers "
        "with the recorded ones; the target's answers are judged against the contract too.",
    )
    cli.add_argument("recording", nargs="+", type=Path, help="a .jsonl file of `proxy --record`, or its directory")
    cli.add_argument(
        "--target", required=True, metavar="URL", help="where to send the requests, e.g. http://127.0.0.1:8080"
    )
    cli.add_argument(
        "--api-key",
        action="append",
        default=[],
        help=f"the key of recorded account 1, then 2, ... (repeatable; default: {ENV_API_KEY}, {ENV_API_KEY_OTHER})",
    )
    cli.add_argument("--report", type=Path, metavar="FILE", help="write the JSON report here")
    cli.add_argument("--junit", type=Path, metavar="FILE", help="write the JUnit report here")
    cli.add_argument(
        "--max-rate",
        type=_positive(float),
        help=f"requests per second at most (default: none on loopback, {DEFAULT_REMOTE_RATE:g} elsewhere)",
    )
    cli.add_argument("--timeout", type=_positive(float), default=60.0, help="seconds per request (default 60)")
    cli.add_argument("--strict", action="store_true", help="the target refuses unknown request fields")
    cli.add_argument("-q", "--quiet", action="store_true", help="print the summary only")
    return cli


def _logging(quiet: bool) -> None:
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
        force=True,
    )


def _proxy(argv: Sequence[str]) -> int:
    cli = proxy_parser()
    args = cli.parse_args(argv)
    try:
        config = ProxyConfig(
            upstream=args.upstream,
            shadow=args.shadow,
            shadow_key=args.shadow_key,
            strict=args.strict,
            record_dir=args.record,
            record_max_bytes=args.record_max_mb * MIB,
            report_json=args.report,
            report_junit=args.junit,
            upstream_timeout=args.upstream_timeout,
            shadow_timeout=args.shadow_timeout,
            max_held=args.max_held,
            max_held_bytes=args.max_held_mb * MIB,
            max_body=args.max_body_mb * MIB,
            max_orders=args.max_orders,
        )
    except ValueError as exc:
        cli.error(str(exc))
    _logging(args.quiet)
    from .server import ProxyServer  # uvicorn only for the command that serves

    server = ProxyServer(config, host=args.host, port=args.port)

    def ready(url: str) -> None:
        extras = [f"shadow {args.shadow}"] if args.shadow else []
        extras += [f"recording to {server.app.recorder.path}"] if server.app.recorder is not None else []
        extras += [f"report {path}" for path in (args.report, args.junit) if path is not None]
        print(f"{TOOL}: {url} -> {args.upstream}" + (f" ({'; '.join(extras)})" if extras else ""), file=sys.stderr)
        print(f"{TOOL}: report on demand: GET {url}/_proxy/report, or kill -USR1 {os.getpid()}", file=sys.stderr)

    # Printed at the end of the app's shutdown: uvicorn re-raises SIGTERM/SIGINT once it has shut down.
    server.app.on_shutdown.append(lambda: print(server.app.report.summary(), file=sys.stderr, flush=True))
    try:
        server.run(ready)
    except OSError as exc:
        print(f"{TOOL}: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 3
    return 0


def _replay(argv: Sequence[str]) -> int:
    from .replay import ReplayUnreachable, default_rate, replay

    cli = replay_parser()
    args = cli.parse_args(argv)
    keys = list(args.api_key) or [
        key for key in (os.environ.get(ENV_API_KEY), os.environ.get(ENV_API_KEY_OTHER)) if key
    ]
    if not keys:
        cli.error(f"give the recorded accounts' keys: --api-key KEY (repeatable), or {ENV_API_KEY}")
    missing = [str(path) for path in args.recording if not path.exists()]
    if missing:
        cli.error(f"no such recording: {', '.join(missing)}")
    _logging(args.quiet)
    rate = args.max_rate if args.max_rate is not None else default_rate(args.target)
    try:
        report = replay(args.recording, args.target, keys, max_rate=rate, timeout=args.timeout, strict=args.strict)
    except (ReplayUnreachable, RecordingError, OSError) as exc:
        print(f"cloudcore-contract replay: {exc}", file=sys.stderr)
        return 3
    except ValueError as exc:
        cli.error(str(exc))
    report.write(args.report, args.junit)
    print(report.summary(), file=sys.stderr)
    fidelity = report.fidelity
    differences = sum(fidelity.differences.values()) + fidelity.failed if fidelity is not None else 0
    return 1 if report.violations or differences else 0


def main(argv: Sequence[str]) -> int:
    """``argv[0]`` is ``proxy`` or ``replay``; the rest are that command's arguments."""
    command, rest = argv[0], list(argv[1:])
    if command == "proxy":
        return _proxy(rest)
    if command == "replay":
        return _replay(rest)
    raise SystemExit(f"cloudcore-contract: unknown command {command!r}")
