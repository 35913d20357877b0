"""Deterministic prices, weights and quotes.

Model: a copy costs the product's base price plus its pages and options; quantity tiers discount
the copies; an order fee is added; destination VAT (EU rates) applies to items, fee and shipping;
shipping is priced per level by weight and zone; amounts convert from EUR at fixed rates.
The documented example (``textbook_pb_a4_p_bw``, 120 pages, 1 copy) prices its items at 1.7912
and weighs 712 g, as in the documentation.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any, Final

from .catalogue import SHIPPING_LEVELS, TOTAL_PAGES, PriceUnit, Product, ProductOption
from .clock import format_iso
from .errors import ApiError
from .geography import VAT_RATES, ZONE_OF
from .model import QuoteRecord
from .product_data import PRODUCTS

__all__ = [
    "QUOTE_LIFETIME",
    "RATES",
    "ResolvedItem",
    "count_value",
    "from_price",
    "make_quote",
    "resolve_item",
]

QUOTE_LIFETIME: Final = 48 * 3600
ORDER_FEE: Final = Decimal("2.75")
TIERS: Final = ((250, Decimal("0.70")), (50, Decimal("0.80")), (10, Decimal("0.90")), (1, Decimal("1")))
ZONE_FACTOR: Final = MappingProxyType(
    {"eu": Decimal("1.0"), "europe": Decimal("1.3"), "north_america": Decimal("1.8"), "world": Decimal("2.2")}
)
RATES: Final = MappingProxyType(
    {
        "EUR": Decimal("1"), "USD": Decimal("1.0800"), "GBP": Decimal("0.8500"), "CHF": Decimal("0.9500"),
        "SEK": Decimal("11.2000"), "DKK": Decimal("7.4600"), "NOK": Decimal("11.5000"), "PLN": Decimal("4.3000"),
        "CAD": Decimal("1.4700"), "AUD": Decimal("1.6500"), "JPY": Decimal("162.0000"), "CZK": Decimal("25.2000"),
    }
)  # fmt: skip
ALL_OPTIONS: Final = frozenset({TOTAL_PAGES} | {o.reference for product in PRODUCTS.values() for o in product.options})
_Q4 = Decimal("0.0001")
_Q2 = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ResolvedItem:
    """An item checked against the catalogue, with the options that apply (defaults included)."""

    reference: str
    product: Product
    count: int
    pages: int
    options: tuple[tuple[ProductOption, int], ...]
    given_options: tuple[tuple[str, str], ...]


def count_value(value: object) -> int:
    """A schema-valid count (digit string, integer or integral float) as an int."""
    if isinstance(value, bool):
        raise ApiError(400, "json_data_schema_is_not_valid", "count: must be a positive integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise ApiError(400, "json_data_schema_is_not_valid", "count: must be a positive integer")


def resolve_item(reference: str, product_ref: str, count: int, options: Sequence[Mapping[str, Any]]) -> ResolvedItem:
    """Check product and options of one item (shared by quotes and orders); 400 on any mismatch."""
    product = PRODUCTS.get(product_ref)
    if product is None:
        raise ApiError(400, "product_not_found", f'Item "{reference}": product "{product_ref}" not found')
    pages = 0
    chosen: dict[str, tuple[ProductOption, int]] = {}
    given: list[tuple[str, str]] = []
    for raw in options:
        option_ref = str(raw["type"])
        option_count = count_value(raw["count"])
        given.append((option_ref, str(option_count)))
        if option_ref not in ALL_OPTIONS:
            raise ApiError(400, "option_not_found", f'Item "{reference}": option "{option_ref}" not found')
        if option_ref == TOTAL_PAGES:
            if not product.paged:
                raise ApiError(400, "option_not_valid_for_product", f'Item "{reference}": "{product_ref}" has no pages')
            if pages:
                raise ApiError(400, "option_type_not_unique", f'Item "{reference}": "total_pages" given twice')
            pages = option_count
            continue
        option = product.option_by_reference.get(option_ref)
        if option is None:
            raise ApiError(
                400,
                "option_not_valid_for_product",
                f'Item "{reference}": option "{option_ref}" is not available for product "{product_ref}"',
            )
        if option.type in chosen:
            raise ApiError(
                400,
                "option_type_not_unique",
                f'Item "{reference}": only one option of type "{option.type}" is allowed',
            )
        chosen[option.type] = (option, option_count)
    if product.paged:
        if not pages:
            raise ApiError(
                400,
                "missing_required_parameter",
                f'Item "{reference}": option "total_pages" is required for product "{product_ref}"',
            )
        if not product.min_pages <= pages <= product.max_pages:
            raise ApiError(
                400,
                "invalid_page_count",
                f'Item "{reference}": total_pages must be between {product.min_pages} and {product.max_pages}',
            )
    for type_, option in product.defaults().items():
        if type_ not in chosen:
            chosen[type_] = (option, pages if option.unit is PriceUnit.PAGE else 1)
    return ResolvedItem(reference, product, count, pages, tuple(chosen.values()), tuple(given))


def _tier(count: int) -> Decimal:
    return next(factor for minimum, factor in TIERS if count >= minimum)


def item_price(item: ResolvedItem) -> Decimal:
    """EUR price of all copies of the item, before fee and VAT."""
    per_copy = item.product.base_price + item.product.page_price * item.pages
    for option, option_count in item.options:
        per_copy += option.price * (option_count if option.unit is PriceUnit.PAGE else 1)
    return per_copy * item.count * _tier(item.count)


def item_weight(item: ResolvedItem) -> Decimal:
    """Grams of all copies of the item."""
    per_copy = item.product.weight_g + item.product.page_weight_g * item.pages
    per_copy += sum((option.weight_g for option, _ in item.options), Decimal(0))
    return per_copy * item.count


def from_price(product: Product) -> Decimal:
    """The cheapest single copy: minimum pages, default options (``products`` ``from_price``)."""
    pages = product.min_pages
    item = ResolvedItem(
        "from",
        product,
        1,
        pages,
        tuple((o, pages if o.unit is PriceUnit.PAGE else 1) for o in product.defaults().values()),
        (),
    )
    return item_price(item).quantize(_Q2, ROUND_HALF_UP)


def _money(amount: Decimal, rate: Decimal) -> str:
    return str((amount * rate).quantize(_Q4, ROUND_HALF_UP))


def make_quote(
    account: str,
    items: Sequence[ResolvedItem],
    country: str,
    state: str | None,
    currency: str,
    now: float,
) -> tuple[dict[str, Any], list[QuoteRecord]]:
    """The ``orders/quote`` answer and one stored quote per shipping choice."""
    rate = RATES.get(currency)
    if rate is None:
        raise ApiError(400, "invalid_currency", f'Currency "{currency}" is not supported')
    vat_rate = Decimal(VAT_RATES.get(country, "0"))
    items_total = sum((item_price(item) for item in items), Decimal(0)).quantize(_Q4, ROUND_HALF_UP)
    vat = ((items_total + ORDER_FEE) * vat_rate).quantize(_Q2, ROUND_HALF_UP)
    weight = int(sum((item_weight(item) for item in items), Decimal(0)).to_integral_value(ROUND_HALF_UP))
    zone = ZONE_FACTOR[ZONE_OF.get(country, "world")]
    expires = now + QUOTE_LIFETIME
    references = frozenset(item.reference for item in items)
    fingerprint = "|".join(
        [account, country, state or "", currency, repr(now)]
        + [f"{i.reference}:{i.product.reference}:{i.count}:{i.given_options}" for i in items]
    )
    shipping_quotes: list[dict[str, str]] = []
    records: list[QuoteRecord] = []
    for level in SHIPPING_LEVELS.values():
        if weight > level.max_weight_g:
            continue
        net = (level.base_price + level.per_kg * max(0, math.ceil(weight / 1000) - 1)) * zone
        shipping_vat = net * vat_rate
        quote_hash = hashlib.sha256(f"{fingerprint}|{level.reference}".encode()).hexdigest()
        shipping_quotes.append(
            {
                "quote": quote_hash,
                "service": level.name,
                "shipping_level": level.reference,
                "shipping_option": level.shipping_option,
                "price": _money(net + shipping_vat, rate),
                "vat": _money(shipping_vat, rate),
                "currency": currency,
            }
        )
        records.append(QuoteRecord(quote_hash, account, now, expires, references, level.reference, country))
    answer = {
        "price": _money(items_total + ORDER_FEE + vat, rate),
        "vat": str((vat * rate).quantize(_Q2, ROUND_HALF_UP)),
        "currency": currency,
        "expire_date": format_iso(expires),
        "subtotals": {"items": _money(items_total, rate), "fee": _money(ORDER_FEE, rate), "app_fee": "0.0000"},
        "shipments": [
            {
                "total_weight": str(weight),
                "items": [{"reference": item.reference} for item in items],
                "quotes": shipping_quotes,
            }
        ],
        "invoice_currency": "EUR",
        "invoice_exchange_rate": str((Decimal(1) / rate).quantize(_Q4, ROUND_HALF_UP)),
    }
    return answer, records
