"""The `products` operations: `Products` (sync) and `AsyncProducts`, reached as `CloudCore.products`.

Also contains the generated low-level endpoint modules (`cloudcore_client.api.products.<operation>`).
"""

import logging
from collections.abc import Mapping
from typing import Any, Final, cast

import httpx

from ... import errors
from ...client import API_KEY_SLOT, AsyncEngine, Engine, SyncEngine, decode_list
from ...models.api_error import ApiError
from ...models.list_products_request import ListProductsRequest
from ...models.product import Product
from ...models.product_info import ProductInfo
from ...models.product_info_request import ProductInfoRequest
from ...types import UNSET, Unset

_log = logging.getLogger("cloudcore_client")


_LIST_PRODUCTS_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
}


def _parse_list_products(response: httpx.Response, engine: Engine) -> list[Product]:
    """The typed outcome of `list_products`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 200:
        return decode_list(Product.from_dict, response.json())
    if status == 204:
        return []
    raise engine.error(response, "list_products", _LIST_PRODUCTS_ERRORS)


_GET_PRODUCT_INFO_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
}


def _parse_get_product_info(response: httpx.Response, engine: Engine) -> ProductInfo:
    """The typed outcome of `get_product_info`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 200:
        return ProductInfo.from_dict(response.json())
    if status == 204:
        raise engine.not_found(response, "get_product_info")
    raise engine.error(response, "get_product_info", _GET_PRODUCT_INFO_ERRORS)


class Products:
    """The `products` operations of `CloudCore`: typed arguments, typed results, typed errors."""

    def __init__(self, engine: SyncEngine) -> None:
        self._engine = engine

    def __repr__(self) -> str:
        return f"<Products of {self._engine.base_url}>"

    def list_products(self) -> list[Product]:
        """List all products

        Request a list of all products enabled for the account. Answers 204 when none is enabled.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ListProductsRequest(
            apikey=API_KEY_SLOT,
        )
        exchange = self._engine.send("list_products", "/products", request.to_dict())
        return _parse_list_products(exchange.response, self._engine)

    def get_product_info(self, *, reference: str) -> ProductInfo:
        """Product info

        Get detailed information on a single product: its available options and its specs.
        Answers 204 when the product is unknown.

        Args:
            reference (str): The reference of the product.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.NotFoundError: HTTP 204 (no content means not found).
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ProductInfoRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        )
        exchange = self._engine.send("get_product_info", "/products/info", request.to_dict())
        return _parse_get_product_info(exchange.response, self._engine)


class AsyncProducts:
    """The `products` operations of `AsyncCloudCore`: the same methods as `Products`, awaited."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def __repr__(self) -> str:
        return f"<AsyncProducts of {self._engine.base_url}>"

    async def list_products(self) -> list[Product]:
        """List all products

        Request a list of all products enabled for the account. Answers 204 when none is enabled.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ListProductsRequest(
            apikey=API_KEY_SLOT,
        )
        exchange = await self._engine.send("list_products", "/products", request.to_dict())
        return _parse_list_products(exchange.response, self._engine)

    async def get_product_info(self, *, reference: str) -> ProductInfo:
        """Product info

        Get detailed information on a single product: its available options and its specs.
        Answers 204 when the product is unknown.

        Args:
            reference (str): The reference of the product.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.NotFoundError: HTTP 204 (no content means not found).
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ProductInfoRequest(
            apikey=API_KEY_SLOT,
            reference=reference,
        )
        exchange = await self._engine.send("get_product_info", "/products/info", request.to_dict())
        return _parse_get_product_info(exchange.response, self._engine)


__all__ = ["AsyncProducts", "Products"]
