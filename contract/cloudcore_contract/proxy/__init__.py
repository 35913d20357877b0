"""The validating proxy: a service's CloudCore traffic forwarded unchanged and judged against the contract.

``cloudcore-contract proxy --upstream URL`` puts it between a service and the real API (staging, or
production where that is safe); ``cloudcore-contract replay`` sends a recording of it to another
target. Its modules, in the order an exchange meets them:

- ``forwarding``: the ASGI app (forward byte for byte, then settle), its control paths; ``server``
  serves it with uvicorn;
- ``holding``: the bound on exchanges and bytes held in memory;
- ``contract``: the bundled contract compiled for judging; ``judging``: the checks; ``orderbook``:
  what is remembered of orders between exchanges;
- ``masking`` and ``accounts``: keys masked in every output, accounts told apart without keys;
- ``report``: counts, findings, coverage, fidelity; JSON and JUnit;
- ``recording`` and ``replay``; ``shadow`` and ``compare``.

See docs/proxy.md.
"""

from __future__ import annotations

from .compare import compare
from .contract import Contract, load_contract
from .forwarding import ProxyApp, ProxyConfig
from .judging import Judge, Kind, Verdict, Violation
from .report import Fidelity, Report

__all__ = [
    "Contract",
    "Fidelity",
    "Judge",
    "Kind",
    "ProxyApp",
    "ProxyConfig",
    "Report",
    "Verdict",
    "Violation",
    "compare",
    "load_contract",
]
