"""Business rules of the order endpoints: add, info, list, log, cancel, quote, forced errors.

Bodies reach these methods already schema-valid (see :mod:`validation`), and the contract itself
carries the documented conditional rules (state for US/CA/AE, zip except countries without postal
codes, CPF for Brazil, files except stock items, shipping level unless quote/option/reorder). The
rules here are the ones a schema cannot express: uniqueness, catalogue membership, known states,
ISO codes, quotes, reorders and the order state machine. Each refusal is listed with its source in
:data:`~cloudcore_simulator.simulated.REFUSALS`; the ones the simulator invents apply only with
``Realism.STRICT``. Country and currency codes are matched whatever their case (the documentation
does not state one). Each key is its own account; ``account`` is a digest of the key, so records
never hold a key.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any, Final

from .catalogue import SHIPPING_LEVELS
from .clock import VirtualClock, format_api_datetime, format_iso
from .errors import ApiError
from .fence import WriteFence
from .generated.models import AddOrderRequest, OrderItem, QuoteItem, QuoteRequest
from .geography import COUNTRIES, CURRENCIES, STATES, country_code
from .lifecycle import CANCELED, COMPLETE, ERROR_STATES, STATE_CODES, status_at
from .model import Intervention, ItemRecord, OrderRecord
from .pricing import ResolvedItem, count_value, make_quote, resolve_item
from .simulated import UNKNOWN_OPTION_LEVEL, Realism
from .store import Store
from .validation import SCHEMA_INVALID

__all__ = ["QUOTE_NOT_FOUND", "OrderService"]

QUOTE_NOT_FOUND: Final = "Quote hash not found or expired"
_PURGE_EVERY: Final = 1000
_LEVEL_OF_OPTION: Final = {level.shipping_option: level.reference for level in SHIPPING_LEVELS.values()}
_ADDRESS_ECHO: Final = (
    "type", "company", "firstname", "lastname", "street1", "street2", "zip", "city", "state", "country",
    "email", "phone",
)  # fmt: skip

Json = dict[str, Any]


def _check_country(country: str, state: str | None, where: str) -> str:
    """The upper-case code of a shipping country; a given state must be one of its states if it requires one.

    Whether a state is required at all is the contract's rule (``if``/``then``), checked before.
    """
    code = country_code(country)
    known = COUNTRIES.get(code)
    if known is None:
        raise ApiError(400, "invalid_country", f'{where}country: "{country}" is not a shipping country')
    if known.require_state and state and all(s.code != state.upper() for s in STATES.get(code, ())):
        raise ApiError(400, "invalid_state", f'{where}state: "{state}" is not a state of country "{code}"')
    return code


def _check_currency(currency: object, where: str) -> str:
    """The upper-case ISO 4217 code of a given currency (documented "ISO 4217"); 400 for three letters that are none."""
    code = str(currency).upper()
    if code not in CURRENCIES:
        raise ApiError(400, "invalid_currency", f'{where}currency: "{currency}" is not an ISO 4217 currency code')
    return code


def _shipping_option(item: Mapping[str, Any], level: str) -> str:
    """The shipping option an item reports: the one it was ordered with, else its level's."""
    if item.get("shipping_option") is not None and item.get("quote") is None and item.get("shipping_level") is None:
        return str(item["shipping_option"])
    return SHIPPING_LEVELS[level].shipping_option


def _unique_references(items: Sequence[Mapping[str, Any]]) -> None:
    seen: set[str] = set()
    for item in items:
        reference = str(item["reference"])
        if reference in seen:
            raise ApiError(400, "item_reference_not_unique", f'Item reference "{reference}" is used twice')
        seen.add(reference)


def _resolve(item: QuoteItem | OrderItem, index: int, realism: Realism) -> ResolvedItem:
    where = f"items[{index}]"
    count = count_value(item["count"], f"{where}.count")
    return resolve_item(item["reference"], item["product"], count, item.get("options", []), realism, where)


class OrderService:
    """The stateful part of the API, over a store and the virtual clock.

    ``realism``: :attr:`Realism.SOURCES` (default) refuses only what a source states;
    :attr:`Realism.STRICT` adds the simulator's own rules (:data:`simulated.STRICT_RULES`).
    """

    def __init__(self, store: Store, clock: VirtualClock, realism: Realism = Realism.SOURCES) -> None:
        self.store = store
        self.clock = clock
        self.realism = Realism(realism)
        self.fence = WriteFence(clock)
        """Writes read the clock through it, so the webhook emitter never skips their signals."""
        self._quote_counter = itertools.count(1)

    @property
    def strict(self) -> bool:
        """Whether the simulator's own catalogue, pricing and quote rules apply (``--realism strict``)."""
        return self.realism is Realism.STRICT

    # ---- orders/add ---------------------------------------------------------------------------
    def add(self, account: str, body: AddOrderRequest) -> Json:
        """Accept a new order (201) or explain in a 400 why not."""
        with self.fence.writing() as now:
            return self._add(account, body, now)

    def _add(self, account: str, body: AddOrderRequest, now: float) -> Json:
        reference = body["reference"]
        addresses = body["addresses"]
        countries = [
            _check_country(str(address["country"]), address.get("state"), f"addresses[{index}].")
            for index, address in enumerate(addresses)
        ]
        country = countries[0]
        if body.get("currency") is not None:
            _check_currency(body["currency"], "")
        _unique_references(body["items"])
        reorder_origin: str | None = None
        items: list[ItemRecord] = []
        for index, raw in enumerate(body["items"]):
            resolved = _resolve(raw, index, self.realism)
            if raw.get("currency") is not None:
                _check_currency(raw["currency"], f"items[{index}].")
            files = raw.get("files", ())
            bad_files = {f["type"] for f in files} - resolved.product.file_types if self.strict else set()
            if bad_files:
                raise ApiError(
                    400,
                    "invalid_file_type",
                    f'items[{index}].files: type "{sorted(bad_files)[0]}" is not valid for product '
                    f'"{resolved.product.reference}" (valid: {", ".join(sorted(resolved.product.file_types))})',
                )
            level, reorder_of = self._shipping_for(account, raw, index, country, now)
            if reorder_of is not None:
                if reorder_origin is not None and reorder_origin != reorder_of[0]:
                    raise ApiError(400, "reorder_multiple_orders", "A reorder can refer to one original order only")
                reorder_origin = reorder_of[0]
            items.append(
                ItemRecord(
                    reference=resolved.reference,
                    product=resolved.product.reference,
                    count=str(resolved.count),
                    shipping_level=level,
                    shipping_option=_shipping_option(raw, level),
                    options=resolved.given_options,
                    files=tuple((str(f["type"]), str(f["url"]), str(f["md5sum"])) for f in files),
                    quote=raw.get("quote"),
                    reorder_of=reorder_of,
                )
            )
        order = OrderRecord(
            account=account,
            reference=reference,
            created_at=now,
            email=str(body["email"]),
            addresses=tuple({k: str(v) for k in _ADDRESS_ECHO if (v := a.get(k)) is not None} for a in addresses),
            items=tuple(items),
        )
        if not self.store.insert_order(order):
            raise ApiError(400, "order_reference_not_unique", f'Order reference "{reference}" already exists')
        return {"order": reference}

    def _shipping_for(
        self, account: str, item: OrderItem, index: int, country: str, now: float
    ) -> tuple[str, tuple[str, str] | None]:
        """The item's shipping level, from its quote, its level, its option or (for reorders) the original.

        A reorder names its original order (``reorder_order_reference``) and, optionally, the item in
        it (``reorder_item_reference``; all four reorder fields are documented as optional). Without
        its own shipping it ships like that item, or like the original order's first item.
        """
        where = f"items[{index}]"
        reorder_of: tuple[str, str] | None = None
        inherited: str | None = None
        order_ref = item.get("reorder_order_reference")
        if order_ref is not None:
            item_ref = item.get("reorder_item_reference")
            original = self.store.get_order(account, str(order_ref))
            if original is None:
                raise ApiError(400, "reorder_order_not_found", f'{where}: original order "{order_ref}" not found')
            match = original.items[0]
            if item_ref is not None:
                found = next((i for i in original.items if i.reference == item_ref), None)
                if found is None:
                    raise ApiError(
                        400, "reorder_item_not_found", f'{where}: item "{item_ref}" not found in order "{order_ref}"'
                    )
                match = found
            reorder_of = (str(order_ref), "" if item_ref is None else str(item_ref))
            inherited = match.shipping_level
        quote_hash = item.get("quote")
        if quote_hash is not None:
            quote = self.store.get_quote(account, str(quote_hash))
            if quote is None or quote.expires_at <= now:
                raise ApiError(400, "quote_not_found", QUOTE_NOT_FOUND)
            if str(item["reference"]) not in quote.item_references:
                raise ApiError(
                    400,
                    "quote_validate_one_or_more_items_not_found_in_quote",
                    f'{where}: item "{item["reference"]}" is not part of the quote',
                )
            if self.strict and country_code(quote.country) != country:
                raise ApiError(
                    400, "quote_country_mismatch", f'{where}: the quote was made for country "{quote.country}"'
                )
            return quote.shipping_level, reorder_of
        level = item.get("shipping_level")
        if level is not None:
            if level not in SHIPPING_LEVELS:
                raise ApiError(400, "shipping_level_not_found", f'{where}.shipping_level: "{level}" is not available')
            return str(level), reorder_of
        option = item.get("shipping_option")
        if option is not None:
            return _LEVEL_OF_OPTION.get(str(option), UNKNOWN_OPTION_LEVEL), reorder_of
        if inherited is not None:
            return inherited, reorder_of
        if item.get("reorder_cause") is not None:
            # A reorder by its cause alone: the contract waives the shipping level, but without its
            # original order there is nothing to ship it like.
            raise ApiError(
                400,
                "missing_required_parameter",
                f'"{where}.reorder_order_reference" is required for a reorder without a shipping_level or quote',
            )
        # Unreachable with the bundled contract, whose rule requires one of them; an app built on
        # another spec still gets a 400, never a 500.
        raise ApiError(400, SCHEMA_INVALID, f'"{where}.shipping_level" is required')

    # ---- orders/info, orders/, orders/log -----------------------------------------------------
    def _get(self, account: str, reference: str) -> OrderRecord:
        order = self.store.get_order(account, reference)
        if order is None:
            raise ApiError(410, "order_not_found", f'Order "{reference}" not found')
        return order

    def info(self, account: str, reference: str) -> Json:
        """The order with its current state and per-item tracking; 410 if unknown.

        ``email`` is the end consumer's (documented: "The email address of the end consumer"), the
        delivery address's; the order's own ``email`` is the client's support team's.
        """
        order = self._get(account, reference)
        status = status_at(order, self.clock.now())
        return {
            "reference": order.reference,
            "state": str(status.state),
            "state_code": STATE_CODES[status.state],
            "order_date": format_api_datetime(order.created_at),
            "email": next((a["email"] for a in order.addresses if a.get("email")), order.email),
            "is_cancelable": status.cancelable,
            "addresses": list(order.addresses),
            "items": [
                {
                    "reference": item.reference,
                    "name": item.product,
                    "count": item.count,
                    "shipping_option": item.shipping_option,
                    "tracking": status.tracking.get(item.reference, ""),
                    "options": [{"type": t, "count": c} for t, c in item.options],
                    "files": [{"type": t, "url": u, "md5sum": m} for t, u, m in item.files],
                }
                for item in order.items
            ],
        }

    def list_orders(self, account: str) -> list[Json]:
        """Summaries of all orders of the account, oldest first (empty: the app answers 204)."""
        now = self.clock.now()
        summaries = []
        for order in self.store.list_orders(account):
            state = status_at(order, now).state
            summaries.append(
                {
                    "reference": order.reference,
                    "order_date": format_api_datetime(order.created_at),
                    "state": str(state),
                    "state_code": STATE_CODES[state],
                }
            )
        return summaries

    def log(self, account: str, reference: str) -> list[Json] | None:
        """One row per state change so far; None (204) for an unknown order."""
        order = self.store.get_order(account, reference)
        if order is None:
            return None
        status = status_at(order, self.clock.now())
        return [
            {"reference": order.reference, "create_date": format_api_datetime(at), "state": str(state)}
            for at, state in status.log
        ]

    # ---- orders/cancel and forced errors ------------------------------------------------------
    def cancel(self, account: str, reference: str) -> Json:
        """Cancel (state 500) until production starts, or in an error state; 409 otherwise, 410 if unknown.

        The answer carries ``reference`` and ``status`` (500), which the Node SDK's own test reads.
        """
        order = self._get(account, reference)
        with self.fence.writing() as now:
            return self._cancel(account, order, now)

    def _cancel(self, account: str, order: OrderRecord, now: float) -> Json:
        reference = order.reference
        status = status_at(order, now)
        if not status.cancelable or not self.store.intervene(account, reference, Intervention("cancel", now, CANCELED)):
            state = status_at(self._get(account, reference), now).state
            raise ApiError(
                409, "order_state_not_cancelable", f'Order "{reference}" can no longer be canceled (state {state})'
            )
        return {"reference": reference, "status": str(CANCELED)}

    def force_error(self, account: str, reference: str, state: int) -> Json:
        """Put an order into an error state, which stops its progression (control API)."""
        if state not in ERROR_STATES:
            allowed = ", ".join(str(s) for s in sorted(ERROR_STATES))
            raise ApiError(400, "invalid_error_state", f"state must be one of {allowed}")
        order = self.store.get_order(account, reference)
        if order is None:
            raise ApiError(404, "order_not_found", f'Order "{reference}" not found')
        with self.fence.writing() as now:
            current = status_at(order, now).state
            if current in (COMPLETE, CANCELED) or not self.store.intervene(
                account, reference, Intervention("error", now, state)
            ):
                raise ApiError(409, "order_state_final", f'Order "{reference}" is complete, canceled or already failed')
        return {"reference": reference, "state": str(state), "state_code": STATE_CODES[state]}

    # ---- orders/quote -------------------------------------------------------------------------
    def quote(self, account: str, body: QuoteRequest) -> Json:
        """Price the items for one destination and store a hash per shipping choice."""
        now = self.clock.now()
        country = _check_country(str(body["country"]), body.get("state"), "")
        if self.strict:
            _unique_references(body["items"])
        items = [_resolve(item, index, self.realism) for index, item in enumerate(body["items"])]
        currency = _check_currency(body.get("currency", "EUR"), "")
        answer, records = make_quote(account, items, country, body.get("state"), currency, now, self.realism)
        self.store.insert_quotes(records)
        if next(self._quote_counter) % _PURGE_EVERY == 0:
            self.store.purge_quotes(now)
        return answer

    def quote_info(self, account: str, quote_hash: str) -> Json | None:
        """A quote hash of the account that is still valid, with what it was made for; None if unknown or expired.

        Only ``quote`` is known of the real answer (the Node SDK's test reads it); the rest is the
        simulator's (see :data:`~cloudcore_simulator.handlers.SIMULATOR_ONLY`).
        """
        quote = self.store.get_quote(account, quote_hash)
        if quote is None or quote.expires_at <= self.clock.now():
            return None
        level = SHIPPING_LEVELS.get(quote.shipping_level)
        return {
            "quote": quote.hash,
            "shipping_level": quote.shipping_level,
            "service": level.name if level else quote.shipping_level,
            "shipping_option": level.shipping_option if level else "",
            "country": quote.country,
            "items": [{"reference": reference} for reference in sorted(quote.item_references)],
            "expire_date": format_iso(quote.expires_at),
        }
