# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import as_int, as_object, as_text
from ..types import Unset

T = TypeVar("T", bound="ShippingCountry")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "country_reference",
        "note",
        "require_state",
    }
)


@_attrs_define
class ShippingCountry:
    """
    Attributes:
        country_reference (str): Country - ISO 3166-1 alpha-2.
        note (str): Country name.
        require_state (int): A 0/1 flag. The documentation shows JSON numbers in its examples (`"require_state": 1`,
            `"default": 0`) and types the fields string or number in its tables (`"0"`): both forms
            are accepted. The client reads the integer, so `"0"` is falsy.
    """

    country_reference: str
    note: str
    require_state: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country_reference = self.country_reference

        note = self.note

        require_state = self.require_state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country_reference": country_reference,
                "note": note,
                "require_state": require_state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "ShippingCountry")
        country_reference = d["country_reference"]
        if type(country_reference) is not str:
            country_reference = as_text(country_reference, "country_reference")

        note = d["note"]
        if type(note) is not str:
            note = as_text(note, "note")

        require_state = d["require_state"]
        if type(require_state) is not int:
            require_state = as_int(require_state, "require_state")

        shipping_country = cls(
            country_reference=country_reference,
            note=note,
            require_state=require_state,
        )

        if len(d) > 3:
            extra = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        else:
            extra = {}
        shipping_country.additional_properties = extra
        return shipping_country

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("country_reference", self.country_reference),
            ("note", self.note),
            ("require_state", self.require_state),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        if self.additional_properties:
            shown.append(f"additional_properties={self.additional_properties!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
