"""The `orders` operations: `Orders` (sync) and `AsyncOrders`, reached as `CloudCore.orders`.

Also contains the generated low-level endpoint modules (`cloudcore_client.api.orders.<operation>`).
"""

import logging
from collections.abc import Mapping
from typing import Any, Final, cast

import httpx

from ... import errors
from ...client import API_KEY_SLOT, AsyncEngine, Engine, SyncEngine, decode_list
from ...models.add_order_request import AddOrderRequest
from ...models.add_order_response import AddOrderResponse
from ...models.address import Address
from ...models.api_error import ApiError
from ...models.cancel_order_request import CancelOrderRequest
from ...models.cancel_order_response import CancelOrderResponse
from ...models.list_orders_request import ListOrdersRequest
from ...models.order_file import OrderFile
from ...models.order_info import OrderInfo
from ...models.order_info_request import OrderInfoRequest
from ...models.order_item import OrderItem
from ...models.order_log_entry import OrderLogEntry
from ...models.order_log_request import OrderLogRequest
from ...models.order_meta import OrderMeta
from ...models.order_summary import OrderSummary
from ...models.quote import Quote
from ...models.quote_item import QuoteItem
from ...models.quote_request import QuoteRequest
from ...types import UNSET, Unset

_log = logging.getLogger("cloudcore_client")


_LIST_ORDERS_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
}


def _parse_list_orders(response: httpx.Response, engine: Engine) -> list[OrderSummary]:
    """The typed outcome of `list_orders`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 200:
        return decode_list(OrderSummary.from_dict, response.json())
    if status == 204:
        return []
    raise engine.error(response, "list_orders", _LIST_ORDERS_ERRORS)


_GET_ORDER_INFO_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
    410: errors.NotFoundError,
}


def _parse_get_order_info(response: httpx.Response, engine: Engine) -> OrderInfo:
    """The typed outcome of `get_order_info`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 200:
        return OrderInfo.from_dict(response.json())
    raise engine.error(response, "get_order_info", _GET_ORDER_INFO_ERRORS)


_ADD_ORDER_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
}


def _parse_add_order(response: httpx.Response, engine: Engine) -> AddOrderResponse:
    """The typed outcome of `add_order`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 201:
        return AddOrderResponse.from_dict(response.json())
    raise engine.error(response, "add_order", _ADD_ORDER_ERRORS)


_CANCEL_ORDER_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
    409: errors.ConflictError,
    410: errors.NotFoundError,
}


def _parse_cancel_order(response: httpx.Response, engine: Engine) -> CancelOrderResponse:
    """The typed outcome of `cancel_order`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 200:
        return CancelOrderResponse.from_dict(response.json())
    raise engine.error(response, "cancel_order", _CANCEL_ORDER_ERRORS)


_GET_ORDER_LOG_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
}


def _parse_get_order_log(response: httpx.Response, engine: Engine) -> list[OrderLogEntry]:
    """The typed outcome of `get_order_log`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 200:
        return decode_list(OrderLogEntry.from_dict, response.json())
    if status == 204:
        raise engine.not_found(response, "get_order_log")
    raise engine.error(response, "get_order_log", _GET_ORDER_LOG_ERRORS)


_QUOTE_ORDER_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
}


def _parse_quote_order(response: httpx.Response, engine: Engine) -> Quote:
    """The typed outcome of `quote_order`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 200:
        return Quote.from_dict(response.json())
    raise engine.error(response, "quote_order", _QUOTE_ORDER_ERRORS)


#: The order state that a successful cancel leaves (`orders/info` reports it as "500" or 500).
CANCELED_STATE: Final = "500"


#: Error types by which the API says "an order with this reference exists" (the simulator's first).
_DUPLICATE_REFERENCE_TYPES: Final = frozenset({"order_reference_not_unique", "order_reference_exists", "order_exists"})


def _is_duplicate_reference(error: errors.BadRequestError) -> bool:
    """Whether a 400 says that the order reference is taken (by type, or by its message)."""
    kind, info = (error.error_type or "").lower(), (error.info or "").lower()
    if kind in _DUPLICATE_REFERENCE_TYPES or ("reference" in kind and ("unique" in kind or "exist" in kind)):
        return True
    return "reference" in info and ("already exist" in info or "not unique" in info)


def _same_order(request: AddOrderRequest, held: OrderInfo) -> bool:
    """Whether the order the API holds is the one `request` describes: items and addresses.

    Items must match as (reference, product, count) sets; each address field that both sides
    carry must be equal. Anything else is a different order, i.e. a real conflict.
    """
    if held.reference != request.reference or held.email.casefold() != request.email.casefold():
        return False
    sent_items = sorted((item.reference, item.product, str(item.count)) for item in request.items)
    held_items = sorted((item.reference, item.name, str(item.count)) for item in held.items)
    if sent_items != held_items or len(request.addresses) != len(held.addresses):
        return False
    for sent, kept in zip(request.addresses, held.addresses, strict=True):
        kept_fields = kept.to_dict()
        for name, value in sent.to_dict().items():
            if name in kept_fields and str(kept_fields[name]) != str(value):
                return False
    return True


class Orders:
    """The `orders` operations of `CloudCore`: typed arguments, typed results, typed errors."""

    def __init__(self, engine: SyncEngine) -> None:
        self._engine = engine

    def __repr__(self) -> str:
        return f"<Orders of {self._engine.base_url}>"

    def list_orders(self) -> list[OrderSummary]:
        """List all orders

        Request a list of all orders of the account. Answers 204 when the account has no orders.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ListOrdersRequest(
            apikey=API_KEY_SLOT,
        )
        exchange = self._engine.send("list_orders", "/orders/", request.to_dict())
        return _parse_list_orders(exchange.response, self._engine)

    def get_order_info(self, *, reference: str) -> OrderInfo:
        """Get order info

        Request details on a specific order, identified by the client's own reference.

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.NotFoundError: HTTP 410.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = OrderInfoRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        )
        exchange = self._engine.send("get_order_info", "/orders/info", request.to_dict())
        return _parse_get_order_info(exchange.response, self._engine)

    def add_order(
        self,
        *,
        reference: str,
        email: str,
        addresses: list[Address],
        items: list[OrderItem],
        price: float | str | Unset = UNSET,
        currency: str | Unset = UNSET,
        hc: str | Unset = UNSET,
        meta: OrderMeta | Unset = UNSET,
        files: list[OrderFile] | Unset = UNSET,
    ) -> AddOrderResponse:
        """Add order

        Add a new order including one or more items, addresses, options and files.

        Files are added with a URL from where Cloudprinter can fetch the files when the order has
        been accepted. A TLS encrypted HTTPS connection, an access key in the query string and a
        network access control list are recommended.

        Each item carries either a `shipping_level` or a `quote` hash from `orders/quote`; an item
        that is a reorder (`reorder_cause` set) needs neither. The order `reference` must be unique
        among all orders of the account; item references are unique within the order.

        Args:
            reference (str): A client's own reference identifier (no length limit is documented or
                enforced by the SDKs).
            email (str): An e-mail address; internationalised addresses (`jörg@müller.de`) are accepted.
            addresses (list[Address]): Array of one or more address objects.
            items (list[OrderItem]): Array of one or more item objects.
            price (float | str | Unset): An end customer price. The documentation describes a string
                with a comma as decimal
                separator (`"12,50"`); the PHP SDK sends a JSON number (`12.5`, `setPrice(float)`). Both,
                and a decimal point (`"12.50"`), are accepted: neither source refuses any of them.
            currency (str | Unset): Currency - ISO 4217 (`EUR`; `eur` is accepted too, the documentation
                does not state the case).
            hc (str | Unset): Harmonized code - classifies the product according to the Harmonized
                System.
            meta (OrderMeta | Unset): Meta data for custom production parameters - only available for
                Enterprise clients. The
                documentation calls it an array; the PHP SDK sends it as a JSON object of key/value pairs
                (`Order::addMeta(string $key, $value)`), with values of any JSON type.
            files (list[OrderFile] | Unset): Array of zero or more order file objects.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = AddOrderRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
            email=email,
            addresses=addresses,
            items=items,
            price=price,
            currency=currency,
            hc=hc,
            meta=meta,
            files=files,
        )
        exchange = self._engine.send("add_order", "/orders/add", request.to_dict())
        try:
            return _parse_add_order(exchange.response, self._engine)
        except errors.BadRequestError as error:
            # Only a retried call may meet its own first attempt; without a retry, a taken
            # reference is a real conflict and stays an error.
            if not (exchange.maybe_applied and _is_duplicate_reference(error)):
                raise
            held = self.get_order_info(reference=request.reference)
            if not _same_order(request, held):
                raise
        _log.info("add_order: a retried call had already stored order %r; confirmed via get_order_info", held.reference)
        return AddOrderResponse(order=held.reference)

    def cancel_order(self, *, reference: str) -> CancelOrderResponse:
        """Cancel order

        Request cancellation of a specific order. Possible until production starts (409 after);
        a cancelled order reports state 500.

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.ConflictError: HTTP 409.
            errors.NotFoundError: HTTP 410.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = CancelOrderRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        )
        exchange = self._engine.send("cancel_order", "/orders/cancel", request.to_dict())
        try:
            return _parse_cancel_order(exchange.response, self._engine)
        except errors.ConflictError:
            # A retried cancel whose first attempt went through meets "wrong state": the order is
            # canceled, which is what was asked. Without a retry that may have applied, or when the
            # order is in any other state, the 409 is real and stays an error.
            if not exchange.maybe_applied:
                raise
            held = self.get_order_info(reference=request.reference)
            if str(held.state) != CANCELED_STATE:
                raise
        _log.info(
            "cancel_order: a retried call had already canceled order %r; confirmed via get_order_info", held.reference
        )
        return CancelOrderResponse()

    def get_order_log(self, *, reference: str) -> list[OrderLogEntry]:
        """Order log

        Request the state-change log of a specific order. Answers 204 when the order is not found.

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.NotFoundError: HTTP 204 (no content means not found).
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = OrderLogRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        )
        exchange = self._engine.send("get_order_log", "/orders/log", request.to_dict())
        return _parse_get_order_log(exchange.response, self._engine)

    def quote_order(
        self, *, country: str, items: list[QuoteItem], currency: str | Unset = "EUR", state: str | Unset = UNSET
    ) -> Quote:
        """Order quote

        Request quote data for a list of items shipped to one country. Each shipping choice carries
        a quote hash that `orders/add` accepts instead of a `shipping_level`; it expires 48 hours
        after the request and is tied to the item references it was made for.

        Args:
            country (str): Country - ISO 3166-1 alpha-2 (`DE`; the documentation does not state the
                case, so `de` is accepted too).
            items (list[QuoteItem]): Array of the item objects of the order.
            currency (str | Unset): The currency of the price quote - ISO 4217 - default EUR. Default:
                'EUR'.
            state (str | Unset): State - documented as "state name - ANSI INCITS 38:2009 alpha-2"
                (`NY`); names such as
                `Berlin` are accepted, as the documentation's own `orders/info` example shows `Example
                state`.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = QuoteRequest(
            apikey=API_KEY_SLOT,
            country=country,
            items=items,
            currency=currency,
            state=state,
        )
        exchange = self._engine.send("quote_order", "/orders/quote", request.to_dict())
        return _parse_quote_order(exchange.response, self._engine)


class AsyncOrders:
    """The `orders` operations of `AsyncCloudCore`: the same methods as `Orders`, awaited."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def __repr__(self) -> str:
        return f"<AsyncOrders of {self._engine.base_url}>"

    async def list_orders(self) -> list[OrderSummary]:
        """List all orders

        Request a list of all orders of the account. Answers 204 when the account has no orders.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ListOrdersRequest(
            apikey=API_KEY_SLOT,
        )
        exchange = await self._engine.send("list_orders", "/orders/", request.to_dict())
        return _parse_list_orders(exchange.response, self._engine)

    async def get_order_info(self, *, reference: str) -> OrderInfo:
        """Get order info

        Request details on a specific order, identified by the client's own reference.

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.NotFoundError: HTTP 410.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = OrderInfoRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        )
        exchange = await self._engine.send("get_order_info", "/orders/info", request.to_dict())
        return _parse_get_order_info(exchange.response, self._engine)

    async def add_order(
        self,
        *,
        reference: str,
        email: str,
        addresses: list[Address],
        items: list[OrderItem],
        price: float | str | Unset = UNSET,
        currency: str | Unset = UNSET,
        hc: str | Unset = UNSET,
        meta: OrderMeta | Unset = UNSET,
        files: list[OrderFile] | Unset = UNSET,
    ) -> AddOrderResponse:
        """Add order

        Add a new order including one or more items, addresses, options and files.

        Files are added with a URL from where Cloudprinter can fetch the files when the order has
        been accepted. A TLS encrypted HTTPS connection, an access key in the query string and a
        network access control list are recommended.

        Each item carries either a `shipping_level` or a `quote` hash from `orders/quote`; an item
        that is a reorder (`reorder_cause` set) needs neither. The order `reference` must be unique
        among all orders of the account; item references are unique within the order.

        Args:
            reference (str): A client's own reference identifier (no length limit is documented or
                enforced by the SDKs).
            email (str): An e-mail address; internationalised addresses (`jörg@müller.de`) are accepted.
            addresses (list[Address]): Array of one or more address objects.
            items (list[OrderItem]): Array of one or more item objects.
            price (float | str | Unset): An end customer price. The documentation describes a string
                with a comma as decimal
                separator (`"12,50"`); the PHP SDK sends a JSON number (`12.5`, `setPrice(float)`). Both,
                and a decimal point (`"12.50"`), are accepted: neither source refuses any of them.
            currency (str | Unset): Currency - ISO 4217 (`EUR`; `eur` is accepted too, the documentation
                does not state the case).
            hc (str | Unset): Harmonized code - classifies the product according to the Harmonized
                System.
            meta (OrderMeta | Unset): Meta data for custom production parameters - only available for
                Enterprise clients. The
                documentation calls it an array; the PHP SDK sends it as a JSON object of key/value pairs
                (`Order::addMeta(string $key, $value)`), with values of any JSON type.
            files (list[OrderFile] | Unset): Array of zero or more order file objects.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = AddOrderRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
            email=email,
            addresses=addresses,
            items=items,
            price=price,
            currency=currency,
            hc=hc,
            meta=meta,
            files=files,
        )
        exchange = await self._engine.send("add_order", "/orders/add", request.to_dict())
        try:
            return _parse_add_order(exchange.response, self._engine)
        except errors.BadRequestError as error:
            # Only a retried call may meet its own first attempt; without a retry, a taken
            # reference is a real conflict and stays an error.
            if not (exchange.maybe_applied and _is_duplicate_reference(error)):
                raise
            held = await self.get_order_info(reference=request.reference)
            if not _same_order(request, held):
                raise
        _log.info("add_order: a retried call had already stored order %r; confirmed via get_order_info", held.reference)
        return AddOrderResponse(order=held.reference)

    async def cancel_order(self, *, reference: str) -> CancelOrderResponse:
        """Cancel order

        Request cancellation of a specific order. Possible until production starts (409 after);
        a cancelled order reports state 500.

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.ConflictError: HTTP 409.
            errors.NotFoundError: HTTP 410.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = CancelOrderRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        )
        exchange = await self._engine.send("cancel_order", "/orders/cancel", request.to_dict())
        try:
            return _parse_cancel_order(exchange.response, self._engine)
        except errors.ConflictError:
            # A retried cancel whose first attempt went through meets "wrong state": the order is
            # canceled, which is what was asked. Without a retry that may have applied, or when the
            # order is in any other state, the 409 is real and stays an error.
            if not exchange.maybe_applied:
                raise
            held = await self.get_order_info(reference=request.reference)
            if str(held.state) != CANCELED_STATE:
                raise
        _log.info(
            "cancel_order: a retried call had already canceled order %r; confirmed via get_order_info", held.reference
        )
        return CancelOrderResponse()

    async def get_order_log(self, *, reference: str) -> list[OrderLogEntry]:
        """Order log

        Request the state-change log of a specific order. Answers 204 when the order is not found.

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.NotFoundError: HTTP 204 (no content means not found).
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = OrderLogRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        )
        exchange = await self._engine.send("get_order_log", "/orders/log", request.to_dict())
        return _parse_get_order_log(exchange.response, self._engine)

    async def quote_order(
        self, *, country: str, items: list[QuoteItem], currency: str | Unset = "EUR", state: str | Unset = UNSET
    ) -> Quote:
        """Order quote

        Request quote data for a list of items shipped to one country. Each shipping choice carries
        a quote hash that `orders/add` accepts instead of a `shipping_level`; it expires 48 hours
        after the request and is tied to the item references it was made for.

        Args:
            country (str): Country - ISO 3166-1 alpha-2 (`DE`; the documentation does not state the
                case, so `de` is accepted too).
            items (list[QuoteItem]): Array of the item objects of the order.
            currency (str | Unset): The currency of the price quote - ISO 4217 - default EUR. Default:
                'EUR'.
            state (str | Unset): State - documented as "state name - ANSI INCITS 38:2009 alpha-2"
                (`NY`); names such as
                `Berlin` are accepted, as the documentation's own `orders/info` example shows `Example
                state`.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = QuoteRequest(
            apikey=API_KEY_SLOT,
            country=country,
            items=items,
            currency=currency,
            state=state,
        )
        exchange = await self._engine.send("quote_order", "/orders/quote", request.to_dict())
        return _parse_quote_order(exchange.response, self._engine)


__all__ = ["AsyncOrders", "Orders"]
