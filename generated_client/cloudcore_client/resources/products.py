# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
"""The `products` operations: `Products` (sync), `AsyncProducts`, and their raw-response views.

Reached as `CloudCore.products` and `CloudCore.with_raw_response.products`. The `Operation` constants
are the table the engine (`_base_client.py`) reads: path, success decoder, documented errors.
"""

from collections.abc import Mapping
from typing import Any, Final

from .._base_client import AsyncRequester, SyncRequester
from .._engine import API_KEY_SLOT
from .._exceptions import AuthenticationError, BadRequestError
from .._operation import NoContent, Operation, many, one
from .._raw_response import to_async_raw_response, to_raw_response
from ..models.list_products_request import ListProductsRequest
from ..models.product import Product
from ..models.product_info import ProductInfo
from ..models.product_info_request import ProductInfoRequest

LIST_PRODUCTS: Final = Operation(
    name="list_products",
    path="/products",
    status=200,
    decode=many(Product._decode_each),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
    },
    no_content={204: NoContent.EMPTY_LIST},
)
GET_PRODUCT_INFO: Final = Operation(
    name="get_product_info",
    path="/products/info",
    status=200,
    decode=one(ProductInfo._decode),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
    },
    no_content={204: NoContent.NOT_FOUND},
)

#: This tag's operations by method name.
OPERATIONS: Final[Mapping[str, Operation[Any]]] = {
    "list_products": LIST_PRODUCTS,
    "get_product_info": GET_PRODUCT_INFO,
}


class Products:
    """The `products` operations of `CloudCore`: typed arguments, typed results, typed errors."""

    def __init__(self, requester: SyncRequester) -> None:
        self._requester = requester

    def list_products(self) -> list[Product]:
        """List all products

        Request a list of all products enabled for the account. Answers 204 when none is enabled.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ListProductsRequest(
            apikey=API_KEY_SLOT,
        ).to_dict()
        return self._requester.request(LIST_PRODUCTS, body)

    def get_product_info(self, *, reference: str) -> ProductInfo:
        """Product info

        Get detailed information on a single product: its available options and its specs.
        Answers 204 when the product is unknown.

        Args:
            reference (str): The reference of the product.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            NotFoundError: HTTP 204 (no content means not found).
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ProductInfoRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        ).to_dict()
        return self._requester.request(GET_PRODUCT_INFO, body)


class AsyncProducts:
    """The `products` operations of `AsyncCloudCore`: the same methods as `Products`, awaited."""

    def __init__(self, requester: AsyncRequester) -> None:
        self._requester = requester

    async def list_products(self) -> list[Product]:
        """List all products

        Request a list of all products enabled for the account. Answers 204 when none is enabled.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ListProductsRequest(
            apikey=API_KEY_SLOT,
        ).to_dict()
        return await self._requester.request(LIST_PRODUCTS, body)

    async def get_product_info(self, *, reference: str) -> ProductInfo:
        """Product info

        Get detailed information on a single product: its available options and its specs.
        Answers 204 when the product is unknown.

        Args:
            reference (str): The reference of the product.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            NotFoundError: HTTP 204 (no content means not found).
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ProductInfoRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        ).to_dict()
        return await self._requester.request(GET_PRODUCT_INFO, body)


class ProductsWithRawResponse:
    """`CloudCore.with_raw_response.products`: the same methods, each returning a `RawResponse`."""

    def __init__(self, products: Products) -> None:
        self.list_products = to_raw_response(products.list_products)
        self.get_product_info = to_raw_response(products.get_product_info)


class AsyncProductsWithRawResponse:
    """`AsyncCloudCore.with_raw_response.products`: the same methods, each returning a `RawResponse`."""

    def __init__(self, products: AsyncProducts) -> None:
        self.list_products = to_async_raw_response(products.list_products)
        self.get_product_info = to_async_raw_response(products.get_product_info)


__all__ = [
    "OPERATIONS",
    "AsyncProducts",
    "AsyncProductsWithRawResponse",
    "Products",
    "ProductsWithRawResponse",
]
