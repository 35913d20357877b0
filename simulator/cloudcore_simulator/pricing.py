"""Deterministic prices, weights and quotes.

Model: a copy costs the product's base price plus its pages and options; quantity tiers discount
the copies; an order fee is added; shipping is priced per level by weight and zone; amounts
convert from EUR at fixed rates. The documented example request (``textbook_pb_a4_p_bw``, 120
pages, 1 copy, to NL) gets the documented answer: items 1.7912, fee 2.7500, price 4.5412, VAT
0.00, 712 g, shipping 4.2000 / 6.2300 / 14.5000. No VAT is charged by default, as in that example;
``--realism strict`` applies destination VAT (EU standard rates) to items, fee and shipping, and
quotes only in the currencies of :data:`RATES` (by default any ISO 4217 code is priced, at
:data:`~cloudcore_simulator.simulated.UNLISTED_CURRENCY_RATE` where the table has no rate).

Counts are bounded by :data:`~cloudcore_simulator.simulated.COUNT_LIMIT` (a 400 naming the field),
so every amount stays exact in 28-digit decimal arithmetic.
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
from .simulated import COUNT_LIMIT, UNLISTED_CURRENCY_RATE, Realism

__all__ = [
    "QUOTE_LIFETIME",
    "RATES",
    "ResolvedItem",
    "count_value",
    "exchange_rate",
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


_COUNT_DIGITS: Final = len(str(COUNT_LIMIT))


def _too_large(where: str) -> ApiError:
    return ApiError(400, "invalid_count", f"{where}: must be at most {COUNT_LIMIT:,} (the simulator's limit)")


def count_value(value: object, where: str = "count") -> int:
    """A schema-valid count (digit string with an optional zero fraction, integer or integral float) as an int.

    Anything above :data:`~cloudcore_simulator.simulated.COUNT_LIMIT` is a 400 ``invalid_count`` naming
    ``where`` (e.g. ``items[0].options[1].count``); the size is checked before any conversion, so a
    count of 5,000 digits or ``1e300`` costs nothing and never answers 500.
    """
    invalid = ApiError(400, "json_data_schema_is_not_valid", f"{where}: must be a whole number")
    if isinstance(value, bool):
        raise invalid
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise invalid
        if value > COUNT_LIMIT:
            raise _too_large(where)
        number = int(value)
    elif isinstance(value, str):
        whole, _, fraction = value.partition(".")
        if not whole.isdigit() or not whole.isascii() or fraction.strip("0"):
            raise invalid
        digits = whole.lstrip("0")
        if len(digits) > _COUNT_DIGITS:
            raise _too_large(where)
        number = int(digits or "0")
    else:
        raise invalid
    if number > COUNT_LIMIT:
        raise _too_large(where)
    return number


def resolve_item(
    reference: str,
    product_ref: str,
    count: int,
    options: Sequence[Mapping[str, Any]],
    realism: Realism = Realism.SOURCES,
    where: str = "items[0]",
) -> ResolvedItem:
    """Check product and options of one item (shared by quotes and orders); 400 on any mismatch.

    ``realism`` ``strict`` also checks the product's page range and refuses ``total_pages`` on a
    product without pages (by default it is ignored there).
    """
    product = PRODUCTS.get(product_ref)
    if product is None:
        raise ApiError(400, "product_not_found", f'Item "{reference}": product "{product_ref}" not found')
    strict = realism is Realism.STRICT
    pages = 0
    pages_given = False
    chosen: dict[str, tuple[ProductOption, int]] = {}
    given: list[tuple[str, str]] = []
    for index, raw in enumerate(options):
        option_ref = str(raw["type"])
        option_count = count_value(raw["count"], f"{where}.options[{index}].count")
        given.append((option_ref, str(option_count)))
        if option_ref not in ALL_OPTIONS:
            raise ApiError(400, "option_not_found", f'Item "{reference}": option "{option_ref}" not found')
        if option_ref == TOTAL_PAGES:
            if pages_given:
                raise ApiError(400, "option_type_not_unique", f'Item "{reference}": "total_pages" given twice')
            pages_given = True
            if not product.paged:
                if strict:
                    raise ApiError(
                        400, "option_not_valid_for_product", f'Item "{reference}": "{product_ref}" has no pages'
                    )
                continue  # a flat product has no pages to count: nothing to price
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
        if not pages_given:
            raise ApiError(
                400,
                "missing_required_parameter",
                f'Item "{reference}": option "total_pages" is required for product "{product_ref}"',
            )
        if strict and not product.min_pages <= pages <= product.max_pages:
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


def exchange_rate(currency: str, realism: Realism = Realism.SOURCES) -> Decimal:
    """Units of ``currency`` per EUR (an ISO 4217 code, upper case); strict realism refuses unlisted ones."""
    rate = RATES.get(currency)
    if rate is not None:
        return rate
    if realism is Realism.STRICT:
        raise ApiError(400, "invalid_currency", f'Currency "{currency}" is not supported')
    return UNLISTED_CURRENCY_RATE


def make_quote(
    account: str,
    items: Sequence[ResolvedItem],
    country: str,
    state: str | None,
    currency: str,
    now: float,
    realism: Realism = Realism.SOURCES,
) -> tuple[dict[str, Any], list[QuoteRecord]]:
    """The ``orders/quote`` answer and one stored quote per shipping choice."""
    rate = exchange_rate(currency, realism)
    vat_rate = Decimal(VAT_RATES.get(country, "0")) if realism is Realism.STRICT else Decimal(0)
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
