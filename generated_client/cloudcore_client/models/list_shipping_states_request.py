# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .._values import as_object, as_text
from ..types import Unset

T = TypeVar("T", bound="ListShippingStatesRequest")


@_attrs_define
class ListShippingStatesRequest:
    """
    Attributes:
        apikey (str): API access key, created in the Cloudprinter admin system under CloudCore API Interface.
        country_reference (str): Country - ISO 3166-1 alpha-2 (`DE`). The documentation does not state the case, so `de`
            and
            `De` are accepted too, and every rule that depends on the country applies in any case.
    """

    apikey: str
    country_reference: str

    def to_dict(self) -> dict[str, Any]:
        apikey = self.apikey

        country_reference = self.country_reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "apikey": apikey,
                "country_reference": country_reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "ListShippingStatesRequest")
        apikey = d["apikey"]
        if type(apikey) is not str:
            apikey = as_text(apikey, "apikey")

        country_reference = d["country_reference"]
        if type(country_reference) is not str:
            country_reference = as_text(country_reference, "country_reference")

        list_shipping_states_request = cls(
            apikey=apikey,
            country_reference=country_reference,
        )

        return list_shipping_states_request

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("apikey", "***"),
            ("country_reference", self.country_reference),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
