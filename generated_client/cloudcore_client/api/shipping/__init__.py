"""The `shipping` operations: `Shipping` (sync) and `AsyncShipping`, reached as `CloudCore.shipping`.

Also contains the generated low-level endpoint modules (`cloudcore_client.api.shipping.<operation>`).
"""

import logging
from collections.abc import Mapping
from typing import Any, Final, cast

import httpx

from ... import errors
from ...client import API_KEY_SLOT, AsyncEngine, Engine, SyncEngine, decode_list
from ...models.api_error import ApiError
from ...models.list_shipping_countries_request import ListShippingCountriesRequest
from ...models.list_shipping_levels_request import ListShippingLevelsRequest
from ...models.list_shipping_states_request import ListShippingStatesRequest
from ...models.shipping_country import ShippingCountry
from ...models.shipping_level_info import ShippingLevelInfo
from ...models.shipping_state import ShippingState
from ...types import UNSET, Unset

_log = logging.getLogger("cloudcore_client")


_LIST_SHIPPING_LEVELS_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
}


def _parse_list_shipping_levels(response: httpx.Response, engine: Engine) -> list[ShippingLevelInfo]:
    """The typed outcome of `list_shipping_levels`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 200:
        return decode_list(ShippingLevelInfo.from_dict, response.json())
    raise engine.error(response, "list_shipping_levels", _LIST_SHIPPING_LEVELS_ERRORS)


_LIST_SHIPPING_COUNTRIES_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
}


def _parse_list_shipping_countries(response: httpx.Response, engine: Engine) -> list[ShippingCountry]:
    """The typed outcome of `list_shipping_countries`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 200:
        return decode_list(ShippingCountry.from_dict, response.json())
    raise engine.error(response, "list_shipping_countries", _LIST_SHIPPING_COUNTRIES_ERRORS)


_LIST_SHIPPING_STATES_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    403: errors.AuthenticationError,
}


def _parse_list_shipping_states(response: httpx.Response, engine: Engine) -> list[ShippingState]:
    """The typed outcome of `list_shipping_states`: its success model, or the exception to raise."""
    status = response.status_code
    if status == 200:
        return decode_list(ShippingState.from_dict, response.json())
    raise engine.error(response, "list_shipping_states", _LIST_SHIPPING_STATES_ERRORS)


class Shipping:
    """The `shipping` operations of `CloudCore`: typed arguments, typed results, typed errors."""

    def __init__(self, engine: SyncEngine) -> None:
        self._engine = engine

    def __repr__(self) -> str:
        return f"<Shipping of {self._engine.base_url}>"

    def list_shipping_levels(self) -> list[ShippingLevelInfo]:
        """List shipping levels

        Request a list of available shipping levels for the account.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ListShippingLevelsRequest(
            apikey=API_KEY_SLOT,
        )
        exchange = self._engine.send("list_shipping_levels", "/shipping/levels", request.to_dict())
        return _parse_list_shipping_levels(exchange.response, self._engine)

    def list_shipping_countries(self) -> list[ShippingCountry]:
        """Shipping countries

        Request a list of available shipping countries for the account.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ListShippingCountriesRequest(
            apikey=API_KEY_SLOT,
        )
        exchange = self._engine.send("list_shipping_countries", "/shipping/countries", request.to_dict())
        return _parse_list_shipping_countries(exchange.response, self._engine)

    def list_shipping_states(self, *, country_reference: str) -> list[ShippingState]:
        """Shipping states/regions

        Request the list of states (regions) of a shipping country.

        Args:
            country_reference (str): Country - ISO 3166-1 alpha-2 (`DE`; the documentation does not
                state the case, so `de` is accepted too).

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ListShippingStatesRequest(
            apikey=API_KEY_SLOT,
            country_reference=country_reference,
        )
        exchange = self._engine.send("list_shipping_states", "/shipping/states", request.to_dict())
        return _parse_list_shipping_states(exchange.response, self._engine)


class AsyncShipping:
    """The `shipping` operations of `AsyncCloudCore`: the same methods as `Shipping`, awaited."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def __repr__(self) -> str:
        return f"<AsyncShipping of {self._engine.base_url}>"

    async def list_shipping_levels(self) -> list[ShippingLevelInfo]:
        """List shipping levels

        Request a list of available shipping levels for the account.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ListShippingLevelsRequest(
            apikey=API_KEY_SLOT,
        )
        exchange = await self._engine.send("list_shipping_levels", "/shipping/levels", request.to_dict())
        return _parse_list_shipping_levels(exchange.response, self._engine)

    async def list_shipping_countries(self) -> list[ShippingCountry]:
        """Shipping countries

        Request a list of available shipping countries for the account.

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ListShippingCountriesRequest(
            apikey=API_KEY_SLOT,
        )
        exchange = await self._engine.send("list_shipping_countries", "/shipping/countries", request.to_dict())
        return _parse_list_shipping_countries(exchange.response, self._engine)

    async def list_shipping_states(self, *, country_reference: str) -> list[ShippingState]:
        """Shipping states/regions

        Request the list of states (regions) of a shipping country.

        Args:
            country_reference (str): Country - ISO 3166-1 alpha-2 (`DE`; the documentation does not
                state the case, so `de` is accepted too).

        Raises:
            errors.BadRequestError: HTTP 400.
            errors.AuthenticationError: HTTP 403.
            errors.UnexpectedStatusError: any other status (after retries for 429 and 5xx).
            errors.APIConnectionError: the API could not be reached (after retries).
        """
        request = ListShippingStatesRequest(
            apikey=API_KEY_SLOT,
            country_reference=country_reference,
        )
        exchange = await self._engine.send("list_shipping_states", "/shipping/states", request.to_dict())
        return _parse_list_shipping_states(exchange.response, self._engine)


__all__ = ["AsyncShipping", "Shipping"]
