"""The bound on what the proxy holds in memory: exchanges, and the bytes of their bodies.

An exchange is held from the moment its request arrives until it is judged, recorded and (with a
shadow target) compared. At most ``max_exchanges`` are held at once, with at most ``max_bytes`` of
bodies between them; an exchange over either bound is still forwarded unchanged, byte for byte, but
streamed through without being kept, and counted as not judged. Nothing else grows with traffic:
the report keeps counts and a bounded list of findings, the order book a bounded number of orders.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["DEFAULT_MAX_HELD", "DEFAULT_MAX_HELD_BYTES", "Holding"]

DEFAULT_MAX_HELD: Final = 1000
DEFAULT_MAX_HELD_BYTES: Final = 64 * 1024 * 1024


class Holding:
    """Counts of held exchanges and bytes, with their bounds and peaks (one event loop: no locks)."""

    __slots__ = ("bytes", "exchanges", "max_bytes", "max_exchanges", "peak_bytes", "peak_exchanges")

    def __init__(self, max_exchanges: int = DEFAULT_MAX_HELD, max_bytes: int = DEFAULT_MAX_HELD_BYTES) -> None:
        if max_exchanges < 1 or max_bytes < 1:
            raise ValueError("the bounds on held exchanges and bytes must be positive")
        self.max_exchanges = max_exchanges
        self.max_bytes = max_bytes
        self.exchanges = self.bytes = self.peak_exchanges = self.peak_bytes = 0

    def enter(self) -> bool:
        """Hold one more exchange, if the bound allows."""
        if self.exchanges >= self.max_exchanges:
            return False
        self.exchanges += 1
        self.peak_exchanges = max(self.peak_exchanges, self.exchanges)
        return True

    def reserve(self, size: int) -> bool:
        """Hold ``size`` more bytes of a held exchange's bodies, if the bound allows."""
        if self.bytes + size > self.max_bytes:
            return False
        self.bytes += size
        self.peak_bytes = max(self.peak_bytes, self.bytes)
        return True

    def free(self, size: int) -> None:
        """Give back ``size`` bytes (a body no longer kept)."""
        self.bytes -= size

    def leave(self, size: int) -> None:
        """An exchange and its ``size`` bytes are no longer held."""
        self.exchanges -= 1
        self.bytes -= size

    def as_dict(self) -> dict[str, Any]:
        return {
            "exchanges": self.exchanges,
            "exchanges_peak": self.peak_exchanges,
            "exchanges_bound": self.max_exchanges,
            "bytes": self.bytes,
            "bytes_peak": self.peak_bytes,
            "bytes_bound": self.max_bytes,
        }
