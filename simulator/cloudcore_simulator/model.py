"""Stored records: what the simulator keeps of orders and quotes, and their compact serialisation.

Records are immutable; a cancel or a forced error is an :class:`Intervention` recorded once, and
everything else about an order's state is derived from its creation time by
:mod:`cloudcore_simulator.lifecycle`, so a store never has to move orders along.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

import orjson

__all__ = ["Intervention", "ItemRecord", "OrderRecord", "QuoteRecord", "item_id_for", "order_id_for"]


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """One ordered item, normalised (counts as digit strings, as the API answers them)."""

    reference: str
    product: str
    count: str
    shipping_level: str
    shipping_option: str
    options: tuple[tuple[str, str], ...]
    files: tuple[tuple[str, str, str], ...]  # (type, url, md5sum)
    quote: str | None = None
    reorder_of: tuple[str, str] | None = None  # (order reference, item reference)


@dataclass(frozen=True, slots=True)
class Intervention:
    """A cancel (state 500) or a forced error state, at a virtual time; it ends progression.

    An order in a forced error state can still be canceled: ``canceled_at`` is then when.
    """

    kind: Literal["cancel", "error"]
    at: float
    state: int
    canceled_at: float | None = None

    def cancelable_after(self, then: Intervention) -> bool:
        """Whether ``then`` may follow this intervention: only a cancel, once, after a forced error."""
        return self.kind == "error" and self.canceled_at is None and then.kind == "cancel" and then.at >= self.at


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """An accepted order of one account (the account is a digest of its API key, never the key)."""

    account: str
    reference: str
    created_at: float
    email: str
    addresses: tuple[dict[str, str], ...]
    items: tuple[ItemRecord, ...]
    intervention: Intervention | None = None

    @property
    def order_id(self) -> str:
        """Cloudprinter's own order id (webhooks carry it as ``order``), stable per order."""
        return order_id_for(self.account, self.reference)

    def payload(self) -> bytes:
        """The order's body (everything but keys, time and intervention) as JSON bytes."""
        return orjson.dumps(
            {
                "email": self.email,
                "addresses": self.addresses,
                "items": [
                    [i.reference, i.product, i.count, i.shipping_level, i.shipping_option,
                     i.options, i.files, i.quote, i.reorder_of]
                    for i in self.items
                ],
            }
        )  # fmt: skip

    @classmethod
    def from_payload(
        cls,
        account: str,
        reference: str,
        created_at: float,
        payload: bytes,
        intervention: Intervention | None,
    ) -> OrderRecord:
        """Rebuild a record that :meth:`payload` serialised."""
        data: dict[str, Any] = orjson.loads(payload)
        items = tuple(
            ItemRecord(
                reference=i[0],
                product=i[1],
                count=i[2],
                shipping_level=i[3],
                shipping_option=i[4],
                options=tuple((o[0], o[1]) for o in i[5]),
                files=tuple((f[0], f[1], f[2]) for f in i[6]),
                quote=i[7],
                reorder_of=(i[8][0], i[8][1]) if i[8] else None,
            )
            for i in data["items"]
        )
        return cls(
            account=account,
            reference=reference,
            created_at=created_at,
            email=data["email"],
            addresses=tuple(data["addresses"]),
            items=items,
            intervention=intervention,
        )


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A shipping choice of a quote: valid until ``expires_at`` for exactly these item references."""

    hash: str
    account: str
    created_at: float
    expires_at: float
    item_references: frozenset[str]
    shipping_level: str
    country: str

    def payload(self) -> bytes:
        """The parts of the quote a store keeps beyond its key columns."""
        return orjson.dumps(
            {"items": sorted(self.item_references), "level": self.shipping_level, "country": self.country}
        )

    @classmethod
    def from_payload(
        cls, hash_: str, account: str, created_at: float, expires_at: float, payload: bytes
    ) -> QuoteRecord:
        """Rebuild a record that :meth:`payload` serialised."""
        data: dict[str, Any] = orjson.loads(payload)
        return cls(hash_, account, created_at, expires_at, frozenset(data["items"]), data["level"], data["country"])


def order_id_for(account: str, reference: str) -> str:
    """A stable numeric id for an order, derived rather than stored so both stores agree."""
    digest = hashlib.sha256(f"{account}\x00{reference}".encode()).digest()
    return str(int.from_bytes(digest[:6], "big") % 900_000_000 + 100_000_000)


def item_id_for(account: str, order_reference: str, item_reference: str) -> str:
    """A stable numeric id for an item (webhooks carry it as ``item``), derived like the order's."""
    digest = hashlib.sha256(f"item\x00{account}\x00{order_reference}\x00{item_reference}".encode()).digest()
    return str(int.from_bytes(digest[:6], "big") % 900_000_000 + 100_000_000)
