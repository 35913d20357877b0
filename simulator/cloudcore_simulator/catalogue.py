"""The simulated account's catalogue: products with options and specs, and shipping levels.

Plain frozen data, built once at import: handlers only look things up, so the per-request cost
is a dict access. The product list itself lives in :mod:`cloudcore_simulator.product_data`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "SHIPPING_LEVELS",
    "TOTAL_PAGES",
    "PriceUnit",
    "Product",
    "ProductOption",
    "ShippingLevel",
]

TOTAL_PAGES: Final = "total_pages"
"""The option every page-based product requires; it is not listed among a product's options."""


class PriceUnit(StrEnum):
    """How an option's price multiplies: by its own count per copy, or once per copy."""

    PAGE = "Pr. Page"
    ITEM = "Pr. Item"


@dataclass(frozen=True, slots=True)
class ProductOption:
    """A selectable option; options sharing a ``type`` exclude each other."""

    reference: str
    note: str
    type: str
    default: bool
    price: Decimal
    unit: PriceUnit
    weight_g: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class Product:
    """A printable product and everything the quote, order and info rules need to know."""

    reference: str
    name: str
    note: str
    category: str
    base_price: Decimal
    weight_g: Decimal
    file_types: frozenset[str]
    options: tuple[ProductOption, ...]
    specs: tuple[tuple[str, str], ...]
    page_price: Decimal = Decimal(0)
    page_weight_g: Decimal = Decimal(0)
    min_pages: int = 0
    max_pages: int = 0
    option_by_reference: MappingProxyType[str, ProductOption] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "option_by_reference", MappingProxyType({o.reference: o for o in self.options}))

    @property
    def paged(self) -> bool:
        """Whether the product is priced and validated by its page count (``total_pages``)."""
        return self.max_pages > 0

    def defaults(self) -> dict[str, ProductOption]:
        """The default option of each option type, applied when an order names none of that type."""
        return {o.type: o for o in self.options if o.default}


@dataclass(frozen=True, slots=True)
class ShippingLevel:
    """A shipping level with the price model of its quotes."""

    reference: str
    name: str
    note: str
    shipping_option: str
    base_price: Decimal
    per_kg: Decimal
    max_weight_g: int
    transit_hours: int


SHIPPING_LEVELS: Final = MappingProxyType(
    {
        level.reference: level
        for level in (
            ShippingLevel(
                "cp_postal",
                "Postal - Untracked",
                "Postal - Economy untracked delivery by national post - Cloudprinter shared",
                "National Post - Int. Postal Untracked",
                Decimal("4.20"),
                Decimal("1.10"),
                2000,
                120,
            ),
            ShippingLevel(
                "cp_ground",
                "Express ground - Tracked",
                "Ground express - Fast ground delivery - Cloudprinter shared",
                "National Post - Int. Postal Tracked",
                Decimal("6.23"),
                Decimal("1.25"),
                30000,
                72,
            ),
            ShippingLevel(
                "cp_saver",
                "Express saver - Tracked",
                "Saver express  - Fast saver tracked delivery - Cloudprinter shared",
                "UPS - Express Saver",
                Decimal("9.80"),
                Decimal("1.60"),
                70000,
                48,
            ),
            ShippingLevel(
                "cp_fast",
                "Express fast - Tracked",
                "Fast express - Next day tracked delivery - Cloudprinter shared",
                "DHL - International Express",
                Decimal("14.50"),
                Decimal("2.10"),
                70000,
                24,
            ),
        )
    }
)
