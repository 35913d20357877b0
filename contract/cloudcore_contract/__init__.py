"""cloudcore-contract: the contract suite of the CloudCore API v1.0 as a tool for any service's CI.

``cloudcore-contract --base-url URL --api-key KEY`` (or ``python -m cloudcore_contract``) runs the
schemathesis suite against that server with the contract bundled in this package; ``main`` is the
same command as a function.
"""

from __future__ import annotations

from .cli import main

__all__ = ["main"]
