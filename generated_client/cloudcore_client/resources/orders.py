# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
"""The `orders` operations: `Orders` (sync), `AsyncOrders`, and their raw-response views.

Reached as `CloudCore.orders` and `CloudCore.with_raw_response.orders`. The `Operation` constants
are the table the engine (`_base_client.py`) reads: path, success decoder, documented errors.
"""

from collections.abc import Mapping
from typing import Any, Final

from .._arguments import invalid_argument
from .._base_client import AsyncRequester, SyncRequester
from .._engine import API_KEY_SLOT
from .._exceptions import AuthenticationError, BadRequestError, ConflictError, NotFoundError
from .._operation import NoContent, Operation, many, one
from .._raw_response import to_async_raw_response, to_raw_response
from ..models.add_order_request import AddOrderRequest
from ..models.add_order_response import AddOrderResponse
from ..models.address import Address
from ..models.cancel_order_request import CancelOrderRequest
from ..models.cancel_order_response import CancelOrderResponse
from ..models.list_orders_request import ListOrdersRequest
from ..models.order_file import OrderFile
from ..models.order_info import OrderInfo
from ..models.order_info_request import OrderInfoRequest
from ..models.order_item import OrderItem
from ..models.order_log_entry import OrderLogEntry
from ..models.order_log_request import OrderLogRequest
from ..models.order_meta import OrderMeta
from ..models.order_summary import OrderSummary
from ..models.quote import Quote
from ..models.quote_item import QuoteItem
from ..models.quote_request import QuoteRequest
from ..types import UNSET, Unset

LIST_ORDERS: Final = Operation(
    name="list_orders",
    path="/orders/",
    status=200,
    decode=many(OrderSummary._decode_each),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
    },
    no_content={204: NoContent.EMPTY_LIST},
)
GET_ORDER_INFO: Final = Operation(
    name="get_order_info",
    path="/orders/info",
    status=200,
    decode=one(OrderInfo._decode),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
        410: NotFoundError,
    },
)
ADD_ORDER: Final = Operation(
    name="add_order",
    path="/orders/add",
    status=201,
    decode=one(AddOrderResponse._decode),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
    },
)
CANCEL_ORDER: Final = Operation(
    name="cancel_order",
    path="/orders/cancel",
    status=200,
    empty_body_is_object=True,
    decode=one(CancelOrderResponse._decode),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
        409: ConflictError,
        410: NotFoundError,
    },
)
GET_ORDER_LOG: Final = Operation(
    name="get_order_log",
    path="/orders/log",
    status=200,
    decode=many(OrderLogEntry._decode_each),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
    },
    no_content={204: NoContent.NOT_FOUND},
)
QUOTE_ORDER: Final = Operation(
    name="quote_order",
    path="/orders/quote",
    status=200,
    decode=one(Quote._decode),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
    },
)

#: This tag's operations by method name.
OPERATIONS: Final[Mapping[str, Operation[Any]]] = {
    "list_orders": LIST_ORDERS,
    "get_order_info": GET_ORDER_INFO,
    "add_order": ADD_ORDER,
    "cancel_order": CANCEL_ORDER,
    "get_order_log": GET_ORDER_LOG,
    "quote_order": QUOTE_ORDER,
}


class Orders:
    """The `orders` operations of `CloudCore`: typed arguments, typed results, typed errors."""

    def __init__(self, requester: SyncRequester) -> None:
        self._requester = requester

    def list_orders(self) -> list[OrderSummary]:
        """List all orders

        Request a list of all orders of the account. Answers 204 when the account has no orders.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ListOrdersRequest(
            apikey=API_KEY_SLOT,
        ).to_dict()
        return self._requester.request(LIST_ORDERS, body)

    def get_order_info(self, *, reference: str) -> OrderInfo:
        """Get order info

        Request details on a specific order, identified by the client's own reference.

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            NotFoundError: HTTP 410.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = OrderInfoRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        ).to_dict()
        return self._requester.request(GET_ORDER_INFO, body)

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

        Each item carries either a `shipping_level` or a `quote` hash from `orders/quote` (the
        official SDKs also send a `shipping_option` instead); an item that is a reorder
        (`reorder_order_reference` or `reorder_cause` set) needs none of them. The order
        `reference` must be unique among all orders of the account; item references are unique
        within the order.

        Args:
            reference (str): A client's own reference identifier (no length limit is documented or
                enforced by the SDKs).
            email (str): An e-mail address; internationalised addresses (`jörg@müller.de`) are accepted.
            addresses (list[Address]): Array of one or more address objects.
            items (list[OrderItem]): Array of one or more item objects.
            price (float | str | Unset): An end customer price. The documentation describes a string
                with a comma as decimal
                separator (`"12,50"`); the PHP SDK sends a JSON number (`12.5`, `setPrice(float)`). Both,
                and a decimal point (`"12.50"`), are accepted; a string that is no decimal number (`"abc"`)
                is not.
            currency (str | Unset): Currency - ISO 4217 (`EUR`; `eur` is accepted too, the documentation
                does not state the
                case). The simulator also refuses three letters that are no ISO 4217 code (`ABC`).
            hc (str | Unset): Harmonized code - classifies the product according to the Harmonized
                System.
            meta (OrderMeta | Unset): Meta data as a JSON object of key/value pairs, with values of any
                JSON type, as the PHP SDK
                sends it (`Order::addMeta(string $key, $value)`).
            files (list[OrderFile] | Unset): Array of zero or more order file objects.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        try:
            body = AddOrderRequest(
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
            ).to_dict()
        except (AttributeError, TypeError) as exc:
            arguments = {
                "reference": (reference, "str"),
                "email": (email, "str"),
                "addresses": (addresses, "list[Address]"),
                "items": (items, "list[OrderItem]"),
                "price": (price, "float | str | Unset"),
                "currency": (currency, "str | Unset"),
                "hc": (hc, "str | Unset"),
                "meta": (meta, "OrderMeta | Unset"),
                "files": (files, "list[OrderFile] | Unset"),
            }
            raise invalid_argument("add_order", exc, arguments) from None
        return self._requester.request(ADD_ORDER, body)

    def cancel_order(self, *, reference: str) -> CancelOrderResponse:
        """Cancel order

        Request cancellation of a specific order; a cancelled order reports state 500. The
        documentation answers 409 when the order's state does not allow it, without saying which
        states those are (the simulator allows it until production starts, and in error states;
        `is_cancelable` in `orders/info` says which applies).

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            ConflictError: HTTP 409.
            NotFoundError: HTTP 410.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = CancelOrderRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        ).to_dict()
        return self._requester.request(CANCEL_ORDER, body)

    def get_order_log(self, *, reference: str) -> list[OrderLogEntry]:
        """Order log

        Request the state-change log of a specific order. Answers 204 when the order is not found.

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            NotFoundError: HTTP 204 (no content means not found).
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = OrderLogRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        ).to_dict()
        return self._requester.request(GET_ORDER_LOG, body)

    def quote_order(
        self, *, country: str, items: list[QuoteItem], currency: str | Unset = "EUR", state: str | Unset = UNSET
    ) -> Quote:
        """Order quote

        Request quote data for a list of items shipped to one country. Each shipping choice carries
        a quote hash that `orders/add` accepts instead of a `shipping_level`; it expires 48 hours
        after the request and is tied to the item references it was made for.

        Args:
            country (str): Country - ISO 3166-1 alpha-2 (`DE`). The documentation does not state the
                case, so `de` and
                `De` are accepted too, and every rule that depends on the country applies in any case.
            items (list[QuoteItem]): Array of the item objects of the order.
            currency (str | Unset): The currency of the price quote - ISO 4217 - default EUR. Default:
                'EUR'.
            state (str | Unset): State - documented as "state name - ANSI INCITS 38:2009 alpha-2"
                (`NY`); names such as
                `Berlin` are accepted, as the documentation's own `orders/info` example shows `Example
                state`.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        try:
            body = QuoteRequest(
                apikey=API_KEY_SLOT,
                country=country,
                items=items,
                currency=currency,
                state=state,
            ).to_dict()
        except (AttributeError, TypeError) as exc:
            arguments = {
                "country": (country, "str"),
                "items": (items, "list[QuoteItem]"),
                "currency": (currency, "str | Unset"),
                "state": (state, "str | Unset"),
            }
            raise invalid_argument("quote_order", exc, arguments) from None
        return self._requester.request(QUOTE_ORDER, body)


class AsyncOrders:
    """The `orders` operations of `AsyncCloudCore`: the same methods as `Orders`, awaited."""

    def __init__(self, requester: AsyncRequester) -> None:
        self._requester = requester

    async def list_orders(self) -> list[OrderSummary]:
        """List all orders

        Request a list of all orders of the account. Answers 204 when the account has no orders.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ListOrdersRequest(
            apikey=API_KEY_SLOT,
        ).to_dict()
        return await self._requester.request(LIST_ORDERS, body)

    async def get_order_info(self, *, reference: str) -> OrderInfo:
        """Get order info

        Request details on a specific order, identified by the client's own reference.

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            NotFoundError: HTTP 410.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = OrderInfoRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        ).to_dict()
        return await self._requester.request(GET_ORDER_INFO, body)

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

        Each item carries either a `shipping_level` or a `quote` hash from `orders/quote` (the
        official SDKs also send a `shipping_option` instead); an item that is a reorder
        (`reorder_order_reference` or `reorder_cause` set) needs none of them. The order
        `reference` must be unique among all orders of the account; item references are unique
        within the order.

        Args:
            reference (str): A client's own reference identifier (no length limit is documented or
                enforced by the SDKs).
            email (str): An e-mail address; internationalised addresses (`jörg@müller.de`) are accepted.
            addresses (list[Address]): Array of one or more address objects.
            items (list[OrderItem]): Array of one or more item objects.
            price (float | str | Unset): An end customer price. The documentation describes a string
                with a comma as decimal
                separator (`"12,50"`); the PHP SDK sends a JSON number (`12.5`, `setPrice(float)`). Both,
                and a decimal point (`"12.50"`), are accepted; a string that is no decimal number (`"abc"`)
                is not.
            currency (str | Unset): Currency - ISO 4217 (`EUR`; `eur` is accepted too, the documentation
                does not state the
                case). The simulator also refuses three letters that are no ISO 4217 code (`ABC`).
            hc (str | Unset): Harmonized code - classifies the product according to the Harmonized
                System.
            meta (OrderMeta | Unset): Meta data as a JSON object of key/value pairs, with values of any
                JSON type, as the PHP SDK
                sends it (`Order::addMeta(string $key, $value)`).
            files (list[OrderFile] | Unset): Array of zero or more order file objects.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        try:
            body = AddOrderRequest(
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
            ).to_dict()
        except (AttributeError, TypeError) as exc:
            arguments = {
                "reference": (reference, "str"),
                "email": (email, "str"),
                "addresses": (addresses, "list[Address]"),
                "items": (items, "list[OrderItem]"),
                "price": (price, "float | str | Unset"),
                "currency": (currency, "str | Unset"),
                "hc": (hc, "str | Unset"),
                "meta": (meta, "OrderMeta | Unset"),
                "files": (files, "list[OrderFile] | Unset"),
            }
            raise invalid_argument("add_order", exc, arguments) from None
        return await self._requester.request(ADD_ORDER, body)

    async def cancel_order(self, *, reference: str) -> CancelOrderResponse:
        """Cancel order

        Request cancellation of a specific order; a cancelled order reports state 500. The
        documentation answers 409 when the order's state does not allow it, without saying which
        states those are (the simulator allows it until production starts, and in error states;
        `is_cancelable` in `orders/info` says which applies).

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            ConflictError: HTTP 409.
            NotFoundError: HTTP 410.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = CancelOrderRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        ).to_dict()
        return await self._requester.request(CANCEL_ORDER, body)

    async def get_order_log(self, *, reference: str) -> list[OrderLogEntry]:
        """Order log

        Request the state-change log of a specific order. Answers 204 when the order is not found.

        Args:
            reference (str): The client's own order reference identifier.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            NotFoundError: HTTP 204 (no content means not found).
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = OrderLogRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        ).to_dict()
        return await self._requester.request(GET_ORDER_LOG, body)

    async def quote_order(
        self, *, country: str, items: list[QuoteItem], currency: str | Unset = "EUR", state: str | Unset = UNSET
    ) -> Quote:
        """Order quote

        Request quote data for a list of items shipped to one country. Each shipping choice carries
        a quote hash that `orders/add` accepts instead of a `shipping_level`; it expires 48 hours
        after the request and is tied to the item references it was made for.

        Args:
            country (str): Country - ISO 3166-1 alpha-2 (`DE`). The documentation does not state the
                case, so `de` and
                `De` are accepted too, and every rule that depends on the country applies in any case.
            items (list[QuoteItem]): Array of the item objects of the order.
            currency (str | Unset): The currency of the price quote - ISO 4217 - default EUR. Default:
                'EUR'.
            state (str | Unset): State - documented as "state name - ANSI INCITS 38:2009 alpha-2"
                (`NY`); names such as
                `Berlin` are accepted, as the documentation's own `orders/info` example shows `Example
                state`.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        try:
            body = QuoteRequest(
                apikey=API_KEY_SLOT,
                country=country,
                items=items,
                currency=currency,
                state=state,
            ).to_dict()
        except (AttributeError, TypeError) as exc:
            arguments = {
                "country": (country, "str"),
                "items": (items, "list[QuoteItem]"),
                "currency": (currency, "str | Unset"),
                "state": (state, "str | Unset"),
            }
            raise invalid_argument("quote_order", exc, arguments) from None
        return await self._requester.request(QUOTE_ORDER, body)


class OrdersWithRawResponse:
    """`CloudCore.with_raw_response.orders`: the same methods, each returning a `RawResponse`."""

    def __init__(self, orders: Orders) -> None:
        self.list_orders = to_raw_response(orders.list_orders)
        self.get_order_info = to_raw_response(orders.get_order_info)
        self.add_order = to_raw_response(orders.add_order)
        self.cancel_order = to_raw_response(orders.cancel_order)
        self.get_order_log = to_raw_response(orders.get_order_log)
        self.quote_order = to_raw_response(orders.quote_order)


class AsyncOrdersWithRawResponse:
    """`AsyncCloudCore.with_raw_response.orders`: the same methods, each returning a `RawResponse`."""

    def __init__(self, orders: AsyncOrders) -> None:
        self.list_orders = to_async_raw_response(orders.list_orders)
        self.get_order_info = to_async_raw_response(orders.get_order_info)
        self.add_order = to_async_raw_response(orders.add_order)
        self.cancel_order = to_async_raw_response(orders.cancel_order)
        self.get_order_log = to_async_raw_response(orders.get_order_log)
        self.quote_order = to_async_raw_response(orders.quote_order)


__all__ = [
    "OPERATIONS",
    "AsyncOrders",
    "AsyncOrdersWithRawResponse",
    "Orders",
    "OrdersWithRawResponse",
]
