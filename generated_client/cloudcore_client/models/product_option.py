# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import Unset, number_as_str

T = TypeVar("T", bound="ProductOption")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "reference",
        "note",
        "type",
        "default",
    }
)


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
        d = src_dict
        reference = d["reference"]
        if type(reference) is not str:
            reference = number_as_str(reference)

        note = d["note"]
        if type(note) is not str:
            note = number_as_str(note)

        type_ = d["type"]
        if type(type_) is not str:
            type_ = number_as_str(type_)

        default = d["default"]

        product_option = cls(
            reference=reference,
            note=note,
            type_=type_,
            default=default,
        )

        if len(d) > 4:
            extra = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        else:
            extra = {}
        product_option.additional_properties = extra
        return product_option

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("reference", self.reference),
            ("note", self.note),
            ("type_", self.type_),
            ("default", self.default),
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
