"""Shipping countries and states, built once from pycountry's ISO 3166-1 / 3166-2 data.

The countries that require a state in an address are the documented ones: US and CA (the
``orders/add`` address table) and AE (``require_state`` 1 in the documented ``shipping/countries``
answer); the contract's conditional rule requires the state for exactly these. ``shipping/states``
lists states for a few more countries (:data:`simulated.STATE_LIST_COUNTRIES`): the ISO 3166-2
top-level subdivisions with the country prefix removed (``US-NY`` -> ``NY``).

Country codes are matched in any case (the documentation states none): :func:`country_code` is
the one normalisation, applied to every country field of a request before it is validated
(:func:`normalise_countries`), so ``ie``, ``Ie`` and ``IE`` meet the same rules. Currencies are
ISO 4217 codes (:data:`CURRENCIES`, from pycountry), also in any case.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

import pycountry

from .simulated import STATE_LIST_COUNTRIES

__all__ = [
    "COUNTRIES",
    "CURRENCIES",
    "REQUIRE_STATE",
    "STATES",
    "VAT_RATES",
    "ZONE_OF",
    "Country",
    "State",
    "country_code",
    "normalise_countries",
]

REQUIRE_STATE: Final = frozenset({"US", "CA", "AE"})

# English names where ISO 3166-2 gives transliterations (the documentation lists "Ajman", "Abu Dhabi").
_NAME_OVERRIDES: Final = {
    "AE-AJ": "Ajman",
    "AE-AZ": "Abu Dhabi",
    "AE-DU": "Dubai",
    "AE-FU": "Fujairah",
    "AE-RK": "Ras Al Khaimah",
    "AE-SH": "Sharjah",
    "AE-UQ": "Umm Al Quwain",
}

# Standard VAT rates applied to products shipped into the EU (the producer charges destination VAT).
VAT_RATES: Final = MappingProxyType(
    {
        "AT": "0.20", "BE": "0.21", "BG": "0.20", "CY": "0.19", "CZ": "0.21", "DE": "0.19",
        "DK": "0.25", "EE": "0.22", "ES": "0.21", "FI": "0.255", "FR": "0.20", "GR": "0.24",
        "HR": "0.25", "HU": "0.27", "IE": "0.23", "IT": "0.22", "LT": "0.21", "LU": "0.17",
        "LV": "0.21", "MT": "0.18", "NL": "0.21", "PL": "0.23", "PT": "0.23", "RO": "0.19",
        "SE": "0.25", "SI": "0.22", "SK": "0.23",
    }
)  # fmt: skip

_EUROPE_NON_EU: Final = frozenset(
    {"AD", "AL", "BA", "BY", "CH", "FO", "GB", "GG", "GI", "IM", "IS", "JE", "LI", "MC", "MD",
     "ME", "MK", "NO", "RS", "SM", "UA", "VA", "XK"}
)  # fmt: skip
_NORTH_AMERICA: Final = frozenset({"US", "CA", "MX"})


@dataclass(frozen=True, slots=True)
class Country:
    """A shipping country as ``shipping/countries`` lists it."""

    code: str
    name: str
    require_state: bool


@dataclass(frozen=True, slots=True)
class State:
    """A state or region as ``shipping/states`` lists it."""

    code: str
    name: str


def _country_name(country: object) -> str:
    common = getattr(country, "common_name", None)
    return str(common if common else country.name)  # type: ignore[attr-defined]


def _build() -> tuple[dict[str, Country], dict[str, tuple[State, ...]]]:
    countries: dict[str, Country] = {}
    states: dict[str, tuple[State, ...]] = {}
    for entry in pycountry.countries:
        code = str(entry.alpha_2)
        countries[code] = Country(code, _country_name(entry), code in REQUIRE_STATE)
    for code in sorted(STATE_LIST_COUNTRIES | REQUIRE_STATE):
        subdivisions = pycountry.subdivisions.get(country_code=code) or []  # type: ignore[no-untyped-call]
        found = [
            State(str(sub.code).split("-", 1)[1], _NAME_OVERRIDES.get(str(sub.code), str(sub.name)))
            for sub in subdivisions
            if getattr(sub, "parent_code", None) is None
        ]
        states[code] = tuple(sorted(found, key=lambda state: state.code))
    return dict(sorted(countries.items())), states


def _zone(code: str) -> str:
    if code in VAT_RATES:
        return "eu"
    if code in _EUROPE_NON_EU:
        return "europe"
    if code in _NORTH_AMERICA:
        return "north_america"
    return "world"


_countries, _states = _build()
COUNTRIES: Final = MappingProxyType(_countries)
STATES: Final = MappingProxyType(_states)
ZONE_OF: Final = MappingProxyType({code: _zone(code) for code in _countries})
CURRENCIES: Final = frozenset(str(currency.alpha_3) for currency in pycountry.currencies)
"""The ISO 4217 currency codes (documented: ``currency`` is "ISO 4217")."""


def country_code(value: str) -> str:
    """The one normalisation of a country code: upper case (``ie`` and ``Ie`` are ``IE``)."""
    return value.upper()


_COUNTRY_FIELDS: Final = {
    "/orders/add": "addresses",
    "/orders/quote": "country",
    "/shipping/states": "country_reference",
}


def normalise_countries(path: str, body: dict[str, Any]) -> None:
    """Apply :func:`country_code` to the country fields of a request body of ``path``, in place.

    Runs before validation; values that are no string are left for the schema to refuse.
    """
    field = _COUNTRY_FIELDS.get(path)
    if field is None:
        return
    if field != "addresses":
        if isinstance(body.get(field), str):
            body[field] = country_code(body[field])
        return
    addresses = body.get(field)
    if isinstance(addresses, list):
        for address in addresses:
            if isinstance(address, dict) and isinstance(address.get("country"), str):
                address["country"] = country_code(address["country"])
