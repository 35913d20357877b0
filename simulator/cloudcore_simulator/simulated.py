"""Values the simulator invents: what CloudCore sends or checks where no public source says what.

The documentation and FACTS.md (Cloudprinter's own pages and SDKs, third-party reports) fix some
values; where they are silent the simulator must still answer something. Those choices live here,
each marked as ``documented``, ``reported`` or ``simulated``, so that a test relying on one of them
knows it relies on the simulator and not on CloudCore. (Prices, weights and the order timeline
are simulated as a whole: see :mod:`pricing` and :mod:`lifecycle`.)
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = [
    "CANCEL_CAUSE",
    "CONFIRMED_STATE_CODES",
    "ERROR_TYPES",
    "ITEM_ERROR_CAUSES",
    "ITEM_ERROR_DELAY",
    "STATE_CODES",
    "STATE_LIST_COUNTRIES",
    "UNKNOWN_OPTION_LEVEL",
]

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
        "request_body_too_large": "simulated: 413 above --max-body",
        "method_not_allowed": "simulated: 405, anything but POST",
        "not_found": "simulated: 404, unknown path",
        "http_error": "simulated: another HTTP-level refusal",
        "internal_error": "simulated: 500, never expected",
        "invalid_country": "simulated: a country code that is no shipping country",
        "invalid_state": "simulated: a state not listed for a country that requires one",
        "invalid_currency": "simulated: a currency the simulator has no rate for",
        "item_reference_not_unique": "simulated type; documented rule: item references unique within the order",
        "order_reference_not_unique": "simulated type; documented rule: order references unique per account",
        "product_not_found": "simulated: an unknown product",
        "option_not_found": "simulated: an unknown option",
        "option_not_valid_for_product": "simulated: an option the product does not take",
        "option_type_not_unique": "simulated type; documented rule: one option of a type per item",
        "invalid_page_count": "simulated: total_pages outside the product's range",
        "invalid_file_type": "simulated: a file type the product does not take",
        "shipping_level_not_found": "simulated: a shipping level the account does not have",
        "quote_country_mismatch": "simulated: a quote made for another country",
        "reorder_order_not_found": "simulated: a reorder of an unknown order",
        "reorder_item_not_found": "simulated: a reorder of an unknown item",
        "reorder_multiple_orders": "simulated type; reported rule: one original order per reorder",
        "invalid_error_state": "simulated: control API, not an error state",
        "order_state_final": "simulated: control API, order already final",
        "invalid_control_token": "simulated: control API, X-Control-Token missing or wrong",
        "operation_not_implemented": "simulated: 501, a contract operation without a simulator handler",
        "rate_limit_exceeded": "simulated: 429 of the --sandbox mode's rate limit (the real body is not public)",
    }
)
"""Every error ``type`` the simulator answers, with its source."""
