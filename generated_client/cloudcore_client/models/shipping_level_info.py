from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ShippingLevelInfo")


@_attrs_define
class ShippingLevelInfo:
    """
    Attributes:
        shipping_level_reference (str): Shipping level API reference.
        name (str): Shipping level short name.
        note (str): Shipping level long description.
        shipping_level (str | Unset): Shipping level API reference (to be deprecated; use `shipping_level_reference`).
    """

    shipping_level_reference: str
    name: str
    note: str
    shipping_level: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        shipping_level_reference = self.shipping_level_reference

        name = self.name

        note = self.note

        shipping_level = self.shipping_level

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "shipping_level_reference": shipping_level_reference,
                "name": name,
                "note": note,
            }
        )
        if shipping_level is not UNSET:
            field_dict["shipping_level"] = shipping_level

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        shipping_level_reference = d.pop("shipping_level_reference")

        name = d.pop("name")

        note = d.pop("note")

        shipping_level = d.pop("shipping_level", UNSET)

        shipping_level_info = cls(
            shipping_level_reference=shipping_level_reference,
            name=name,
            note=note,
            shipping_level=shipping_level,
        )

        shipping_level_info.additional_properties = d
        return shipping_level_info

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
