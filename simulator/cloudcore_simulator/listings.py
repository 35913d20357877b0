"""Answers of the read-only catalogue endpoints, serialised once at start-up.

``products``, ``products/info``, ``shipping/levels``, ``shipping/countries`` and
``shipping/states`` never change while the simulator runs, so their bodies are prebuilt bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson

from .catalogue import SHIPPING_LEVELS, Product
from .geography import COUNTRIES, STATES
from .pricing import from_price
from .product_data import PRODUCTS

__all__ = ["Listings"]


def _product_info(product: Product) -> dict[str, object]:
    return {
        "name": product.name,
        "note": product.note,
        "reference": product.reference,
        "prices": [
            {
                "price": "-", "min": "1", "max": "9000", "note": "-", "reference": "-", "currency": "-",
                "price_unit": "-", "price_unit_type": "-", "type": "-",
            }
        ],
        "options": [
            {"reference": o.reference, "note": o.note, "type": o.type, "default": int(o.default)}
            for o in product.options
        ],
        "specs": [{"note": note, "value": value} for note, value in product.specs],
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Listings:
    """Prebuilt JSON bodies; ``None`` where the API answers 204 or 400 instead."""

    products: bytes = field(
        default_factory=lambda: orjson.dumps(
            [
                {
                    "name": p.name,
                    "note": p.note,
                    "reference": p.reference,
                    "category": p.category,
                    "from_price": str(from_price(p)),
                    "currency": "EUR",
                }
                for p in PRODUCTS.values()
            ]
        )
    )
    product_info: dict[str, bytes] = field(
        default_factory=lambda: {ref: orjson.dumps(_product_info(p)) for ref, p in PRODUCTS.items()}
    )
    shipping_levels: bytes = field(
        default_factory=lambda: orjson.dumps(
            [
                {"shipping_level_reference": s.reference, "shipping_level": s.reference, "name": s.name, "note": s.note}
                for s in SHIPPING_LEVELS.values()
            ]
        )
    )
    countries: bytes = field(
        default_factory=lambda: orjson.dumps(
            [
                {"country_reference": c.code, "note": c.name, "require_state": int(c.require_state)}
                for c in COUNTRIES.values()
            ]
        )
    )
    states: dict[str, bytes] = field(
        default_factory=lambda: {
            code: orjson.dumps(
                [{"state_reference": s.code, "name": s.name, "note": s.name} for s in STATES.get(code, ())]
            )
            for code in COUNTRIES
        }
    )
