from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProductOption")


@_attrs_define
class ProductOption:
    """
    Attributes:
        reference (str): The option's API reference.
        note (str): Option long description.
        type_ (str): Option category type; options of one type exclude each other.
        default (int): Default option flag - 1 for the default of its option type, used when the order names none of
            that type.
    """

    reference: str
    note: str
    type_: str
    default: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        note = self.note

        type_ = self.type_

        default = self.default

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reference": reference,
                "note": note,
                "type": type_,
                "default": default,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reference = d.pop("reference")

        note = d.pop("note")

        type_ = d.pop("type")

        default = d.pop("default")

        product_option = cls(
            reference=reference,
            note=note,
            type_=type_,
            default=default,
        )

        product_option.additional_properties = d
        return product_option

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
