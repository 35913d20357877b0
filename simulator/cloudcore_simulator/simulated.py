"""Values the simulator invents: what CloudCore sends or checks where no public source says what.

The documentation and openapi/reference/FACTS.md (Cloudprinter's own pages and SDKs, third-party reports) fix some
values; where they are silent the simulator must still answer something. Those choices live here,
each marked as ``documented``, ``reported`` or ``simulated``, so that a test relying on one of them
knows it relies on the simulator and not on CloudCore. (Prices, weights and the order timeline
are simulated as a whole: see :mod:`pricing` and :mod:`lifecycle`.)

:data:`REFUSALS` lists every refusal the simulator gives to an API request, each with the source
that allows it; ``docs/fidelity.md`` is generated from it and from the contract's
``x-cloudcore-source`` notes (``scripts/fidelity_table.py``). By default the simulator refuses only
what a source states; :class:`Realism` ``strict`` adds its own catalogue and pricing rules
(:data:`STRICT_RULES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "CANCEL_CAUSE",
    "CONFIRMED_STATE_CODES",
    "COUNT_LIMIT",
    "ERROR_TYPES",
    "ITEM_ERROR_CAUSES",
    "ITEM_ERROR_DELAY",
    "NOT_REFUSALS",
    "REFUSALS",
    "STATE_CODES",
    "STATE_LIST_COUNTRIES",
    "STRICT_RULES",
    "UNKNOWN_OPTION_LEVEL",
    "UNLISTED_CURRENCY_RATE",
    "Realism",
    "Refusal",
]


class Realism(StrEnum):
    """How much the simulator refuses and invents beyond its sources (``--realism``, ``create_app(realism=)``)."""

    SOURCES = "sources"
    """The default: refuse only what the documentation, FACTS.md or the official SDKs state."""
    STRICT = "strict"
    """Also the simulator's own catalogue, pricing and quote rules (:data:`STRICT_RULES`)."""


STRICT_RULES: Final = MappingProxyType(
    {
        "file types per product": "a book takes `cover` and `book` files, a flat product `product` "
        "(`invalid_file_type`); by default any documented file type goes with any product",
        "page ranges": "`total_pages` within the product's range, e.g. 24 to 200 for a hardcover "
        "(`invalid_page_count`); by default any whole number",
        "pages on flat products": "`total_pages` only on products with pages (`option_not_valid_for_product`); "
        "by default it is ignored on a flat product",
        "currencies": "quotes only in the 12 currencies the simulator has a rate for (`invalid_currency`); "
        "by default any ISO 4217 code, at the rate of `UNLISTED_CURRENCY_RATE` where it has none",
        "quote country": "a quote hash only for an order to the country it was made for (`quote_country_mismatch`); "
        "by default no country binding",
        "quote item references": "item references unique within a quote (`item_reference_not_unique`); "
        "by default only within an order, as documented",
        "VAT": "destination VAT (EU standard rates) on items, fee and shipping; by default no VAT, as in the "
        "documentation's example quote (NL, `vat` 0.00)",
    }
)
"""What ``--realism strict`` adds, each invented by the simulator (no source states it)."""

COUNT_LIMIT: Final = 1_000_000
"""Simulated bound on an item's or an option's ``count`` (a 400 ``invalid_count`` naming the field above
it). Neither the documentation nor the SDKs set a maximum (Joi's ``number().min(1)`` lets 1e300 through);
the documentation's largest quantity range is 9000 (``products/info`` ``prices``, ``"max": "9000"``, line
1530), so this bound is over 100 times anything documented, and it keeps every price, weight and total
exact within Python's 28-digit decimal arithmetic (a count of 10**24 used to answer 500)."""

UNLISTED_CURRENCY_RATE: Final = Decimal("1.0000")
"""Simulated: the EUR exchange rate of an ISO 4217 currency that :data:`pricing.RATES` does not list
(by default such a quote is priced, 1:1; ``--realism strict`` refuses it)."""

STATE_CODES: Final = MappingProxyType(
    {
        1: "order_state_new", 5: "order_state_verifying", 6: "order_state_verified",
        7: "order_state_verify_error", 10: "order_state_downloading", 11: "order_state_download_error",
        15: "order_state_downloaded", 30: "order_state_rendering", 31: "order_state_render_error",
        32: "order_state_rendered", 33: "order_state_distributing", 34: "order_state_distributed",
        35: "order_state_distribute_error", 37: "order_state_file_creating", 38: "order_state_file_created",
        39: "order_state_file_create_error", 40: "order_state_uploading", 41: "order_state_upload_error",
        45: "order_state_uploaded", 100: "order_state_complete", 500: "order_state_canceled",
        501: "order_state_sandbox_done",
    }
)  # fmt: skip
"""``state_code`` per numeric state. Simulated, except :data:`CONFIRMED_STATE_CODES`."""

CONFIRMED_STATE_CODES: Final = frozenset(
    {"order_state_new", "order_state_download_error", "order_state_uploaded", "order_state_sandbox_done"}
)
"""The codes FACTS.md confirms (1 and 45 documented; 11 and 501 reported). Clients must treat
``state_code`` as an open string."""

ITEM_ERROR_CAUSES: Final = MappingProxyType(
    {7: "ValidateError", 11: "DownloadError", 31: "RenderError", 35: "DistributeError",
     39: "FileCreateError", 41: "UploadError"}
)  # fmt: skip
"""Simulated: the ``cause`` of the ItemError signal per forced error state (FACTS.md only reports
that ItemError carries a ``cause`` and a ``delay``)."""

ITEM_ERROR_DELAY: Final = "0"
"""Simulated: the ``delay`` of every ItemError signal."""

CANCEL_CAUSE: Final = "CancelUserRequest"
"""Documented value (an ItemCanceled cause); simulated choice: every simulator cancel is the client's."""

STATE_LIST_COUNTRIES: Final = frozenset({"AE", "AR", "AU", "BR", "CA", "CN", "IN", "JP", "MX", "MY", "US"})
"""Simulated: the countries whose states ``shipping/states`` lists (ISO 3166-2 top-level
subdivisions). Only US, CA and AE *require* a state (documented: see :mod:`geography`)."""

UNKNOWN_OPTION_LEVEL: Final = "cp_ground"
"""Simulated: the shipping level (transit time) of an item ordered with a ``shipping_option`` name
that matches none of the simulator's four levels; the item reports the option name as sent."""

ERROR_TYPES: Final = MappingProxyType(
    {
        # Reported (FACTS.md: Cloudprinter's SDK tests and third parties).
        "json_data_schema_is_not_valid": "reported: the body does not match the contract",
        "missing_required_parameter": "reported: a field a business rule needs (reorder references, total_pages)",
        "quote_validate_one_or_more_items_not_found_in_quote": "reported: an item that the quote was not made for",
        # Simulated: the statuses are documented, these type strings are the simulator's own.
        "quote_not_found": "simulated type; documented info 'Quote hash not found or expired'",
        "invalid_api_key": "simulated: 403, missing or unknown apikey",
        "order_not_found": "simulated: 410 (404 on the control API)",
        "order_state_not_cancelable": "simulated: 409 on orders/cancel",
        "invalid_json": "simulated: the body is not JSON",
        "json_data_is_not_an_object": "simulated: the body is JSON but no object",
        "invalid_content_type": "simulated: Content-Type is not JSON",
        "client_disconnected": "simulated: the client hung up before its body was read (nobody reads the answer)",
        "request_body_too_large": "simulated: 413 above --max-body",
        "method_not_allowed": "simulated: 405, anything but POST",
        "not_found": "simulated: 404, unknown path",
        "http_error": "simulated: another HTTP-level refusal",
        "internal_error": "simulated: 500, never expected",
        "invalid_country": "simulated: a country code that is no ISO 3166-1 country",
        "invalid_state": "simulated: a state not listed for a country that requires one",
        "invalid_currency": "simulated: a code that is no ISO 4217 currency (strict: one without a rate)",
        "invalid_count": "simulated: a count above COUNT_LIMIT",
        "item_reference_not_unique": "simulated type; documented rule: item references unique within the order",
        "order_reference_not_unique": "simulated type; documented rule: order references unique per account",
        "product_not_found": "simulated: an unknown product",
        "option_not_found": "simulated: an unknown option",
        "option_not_valid_for_product": "simulated: an option the product does not take",
        "option_type_not_unique": "simulated type; documented rule: one option of a type per item",
        "invalid_page_count": "simulated, strict realism only: total_pages outside the product's range",
        "invalid_file_type": "simulated, strict realism only: a file type the product does not take",
        "shipping_level_not_found": "simulated: a shipping level the account does not have",
        "quote_country_mismatch": "simulated, strict realism only: a quote made for another country",
        "reorder_order_not_found": "simulated: a reorder of an unknown order",
        "reorder_item_not_found": "simulated: a reorder of an unknown item",
        "reorder_multiple_orders": "simulated type; reported rule: one original order per reorder",
        "invalid_error_state": "simulated: control API, not an error state",
        "order_state_final": "simulated: control API, order already final",
        "invalid_control_token": "simulated: control API, X-Control-Token missing or wrong",
        "operation_not_implemented": "simulated: 501, a contract operation without a simulator handler",
        "host_not_allowed": "simulated: 403, a Host header that names no loopback name or allowed host",
        "request_timeout": "simulated: 408, a request head or body slower than the simulator's timeouts",
        "request_header_fields_too_large": "simulated: 431, a request head over the simulator's limit",
        "service_unavailable": "simulated: 503, a request still running when the simulator stops",
        "rate_limit_exceeded": "simulated: 429 of the --sandbox mode's rate limit (the real body is not public)",
    }
)
"""Every error ``type`` the simulator answers, with its source."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """One refusal of an API request: when it happens and the source that allows it.

    ``source`` uses the citation grammar that ``tests/spec/test_fidelity.py`` checks: clauses
    ``docs: line N 'phrase'`` (found in the documentation), ``facts: 'phrase'`` (found in
    FACTS.md), ``sdk: <validator> ...`` or ``simulated: ...`` (the simulator's own), split by ``; ``.
    """

    type: str
    status: int
    operations: str
    when: str
    source: str
    realism: Realism = Realism.SOURCES
    """``SOURCES``: given by default; ``STRICT``: only with ``--realism strict``."""


_ORDER_OPS = "orders/add"
_QUOTE_OPS = "orders/quote"

REFUSALS: Final[tuple[Refusal, ...]] = (
    # ---- the request as a whole -----------------------------------------------------------------
    Refusal("invalid_json", 400, "all", "the body is empty or not JSON",
            "docs: line 19 'All request data posted to the API must be in JSON objects'"),
    Refusal("json_data_is_not_an_object", 400, "all", "the body is JSON but not an object",
            "docs: line 19 'All request data posted to the API must be in JSON objects'"),
    Refusal("invalid_content_type", 400, "all", "Content-Type is not application/json (or +json)",
            "docs: line 27 'Set content-type to application/json on all requests'"),
    Refusal("request_body_too_large", 413, "all", "the body is larger than --max-body (1 MiB)",
            "simulated: a resource bound of the simulator (nothing documented comes near it)"),
    Refusal("request_timeout", 408, "all", "the request head arrives slower than 10 s or its body slower than 30 s "
            "(--header-timeout, --body-timeout)",
            "simulated: a resource bound of the simulator (slow-client protection)"),
    Refusal("request_header_fields_too_large", 431, "all", "a request head over 64 KiB",
            "simulated: a resource bound of the simulator (no real client sends such heads)"),
    Refusal("host_not_allowed", 403, "all", "a Host header that names neither a loopback name, the bound address "
            "nor an --allow-host name",
            "simulated: the simulator's guard against DNS rebinding (the real API has its own host)"),
    Refusal("rate_limit_exceeded", 429, "all", "only in the --sandbox mode: more than --sandbox-rate requests a "
            "second (default 20), with Retry-After",
            "simulated: the sandbox-like mode's stand-in for a rate limit (the real limit and body are not public)"),
    Refusal("service_unavailable", 503, "all", "a request still running when the simulator stops",
            "simulated: HTTP's own answer while the server shuts down"),
    Refusal("invalid_api_key", 403, "all", "apikey missing or unknown",
            "docs: line 31 'Each request to the API contains an API key for authentication', "
            "line 162 'The request was denied due to missing credentils'"),
    Refusal("method_not_allowed", 405, "all", "any method but POST",
            "docs: line 15 'All API calls are implemented as HTTP post'"),
    Refusal("not_found", 404, "-", "a path that is no documented endpoint (nor orders/quote/info)",
            "simulated: HTTP's own answer for an unknown path"),
    Refusal("http_error", 400, "-", "another HTTP-level refusal of the server",
            "simulated: HTTP's own answers"),
    Refusal("json_data_schema_is_not_valid", 400, "all",
            "the body breaks the contract: a constraint or rule of the contract table below",
            "docs: line 15 'Error descriptions can be returned on 4xx response codes'; "
            "facts: 'type json_data_schema_is_not_valid'"),
    # ---- orders/add and orders/quote --------------------------------------------------------------
    Refusal("invalid_count", 400, "orders/add, orders/quote",
            "an item or option `count` above 1,000,000 (`COUNT_LIMIT`)",
            "simulated: a bound that keeps prices exact; the documentation sets none, and its largest quantity "
            "range is 9000 (`products/info` line 1530)"),
    Refusal("invalid_country", 400, "orders/add, orders/quote, shipping/states",
            "a country code that is no ISO 3166-1 country (`XX`)",
            "docs: line 721 'ISO 3166-1 alpha-2', line 2072 'Country - ISO 3166-1 alpha-2'"),
    Refusal("invalid_state", 400, "orders/add, orders/quote",
            "a `state` that `shipping/states` does not list, for a country that requires one (US, CA, AE)",
            "docs: line 720 'ANSI INCITS 38:2009 alpha-2 - required for US and CA', "
            "line 2057 '\"state_reference\": \"AJ\"' (shipping/states lists the states)"),
    Refusal("invalid_currency", 400, "orders/add, orders/quote",
            "a `currency` that is no ISO 4217 code (`ABC`)",
            "docs: line 707 'ISO 4217', line 739 'ISO 4217', line 1246 'ISO 4217'"),
    Refusal("invalid_currency", 400, _QUOTE_OPS, "a quote currency without a simulator exchange rate (`HUF`)",
            "simulated: the exchange rate table of pricing.RATES", Realism.STRICT),
    Refusal("product_not_found", 400, "orders/add, orders/quote", "a product the account does not have",
            "docs: line 733 'valid values can be requested via Products Calls', "
            "line 1296 'all products already enabled for the account'"),
    Refusal("option_not_found", 400, "orders/add, orders/quote", "an option no product has",
            "docs: line 1430 'available options'"),
    Refusal("option_not_valid_for_product", 400, "orders/add, orders/quote",
            "an option the product's `products/info` does not list",
            "docs: line 1430 'available options'"),
    Refusal("option_not_valid_for_product", 400, "orders/add, orders/quote",
            "`total_pages` on a product without pages (a flyer)",
            "simulated: the catalogue's flat products", Realism.STRICT),
    Refusal("option_type_not_unique", 400, "orders/add, orders/quote", "two options of one option type",
            "facts: 'Only one option of a given type per item'; docs: line 1695 'within options of the same "
            "option category type'"),
    Refusal("missing_required_parameter", 400, "orders/add, orders/quote",
            "no `total_pages` for a product with pages (the catalogue's books)",
            "docs: line 752 '\"total_pages\" required for books'; facts: 'total_pages is required for books'"),
    Refusal("invalid_page_count", 400, "orders/add, orders/quote",
            "`total_pages` outside the product's page range",
            "simulated: the catalogue's page ranges", Realism.STRICT),
    Refusal("item_reference_not_unique", 400, _ORDER_OPS, "two items of an order share a reference",
            "docs: line 732 'this must be unique with in the order'"),
    Refusal("item_reference_not_unique", 400, _QUOTE_OPS, "two items of a quote share a reference",
            "simulated: the documentation ties uniqueness to orders only", Realism.STRICT),
    # ---- orders/add -------------------------------------------------------------------------------
    Refusal("order_reference_not_unique", 400, _ORDER_OPS, "the account already has an order with this reference",
            "docs: line 704 'this must be unique among all orders'"),
    Refusal("invalid_file_type", 400, _ORDER_OPS, "a file type the product does not take (`product` on a book)",
            "simulated: the catalogue's file types per product", Realism.STRICT),
    Refusal("shipping_level_not_found", 400, _ORDER_OPS, "a shipping level the account does not have",
            "docs: line 1713 'Request a list of available shipping levels for the account'"),
    Refusal("quote_not_found", 400, _ORDER_OPS, "an unknown quote hash, or one older than 48 hours",
            "docs: line 1265 '48 hours after the request was made'; facts: 'Quote hash not found or expired'"),
    Refusal("quote_validate_one_or_more_items_not_found_in_quote", 400, _ORDER_OPS,
            "an item whose reference the quote was not made for",
            "facts: 'it is tied to the item references it was made for'"),
    Refusal("quote_country_mismatch", 400, _ORDER_OPS, "a quote made for another country than the order's",
            "simulated: no source ties a quote to a country", Realism.STRICT),
    Refusal("missing_required_parameter", 400, _ORDER_OPS,
            "a reorder (`reorder_cause`) with neither `reorder_order_reference` nor a shipping level or quote",
            "docs: line 743 'Reference to the original order'; facts: 'one original order per reorder'"),
    Refusal("reorder_order_not_found", 400, _ORDER_OPS, "`reorder_order_reference` names no order of the account",
            "docs: line 743 'Reference to the original order'"),
    Refusal("reorder_item_not_found", 400, _ORDER_OPS,
            "`reorder_item_reference` names no item of the original order",
            "docs: line 744 'Reference to the item in the original order'"),
    Refusal("reorder_multiple_orders", 400, _ORDER_OPS, "the reorder items of one order name two original orders",
            "facts: 'one original order per reorder'"),
    # ---- orders/info, orders/cancel ---------------------------------------------------------------
    Refusal("order_not_found", 410, "orders/info, orders/cancel", "no order of the account has this reference",
            "docs: line 363 'The requested order was not found', line 873 'The requested order was not found'"),
    Refusal("order_state_not_cancelable", 409, "orders/cancel",
            "the order is complete (100) or canceled (500), or its production has started "
            "(the simulator's cut-off, which `is_cancelable` shows)",
            "docs: line 872 'The request failed due to wrong order state'"),
)  # fmt: skip
"""Every refusal the simulator gives to an API request (``docs/fidelity.md`` is generated from it)."""

NOT_REFUSALS: Final = frozenset(
    {
        "client_disconnected", "internal_error", "operation_not_implemented", "invalid_error_state",
        "order_state_final", "invalid_control_token",
    }
)  # fmt: skip
"""Error types that refuse no API request: the control API's, a hung-up client's, and the 5xx."""
