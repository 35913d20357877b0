# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import as_int, as_object, as_text
from ..types import Unset

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
        default (int): A 0/1 flag. The documentation shows JSON numbers in its examples (`"require_state": 1`,
            `"default": 0`) and types the fields string or number in its tables (`"0"`): both forms
            are accepted. The client reads the integer, so `"0"` is falsy.
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
        if type(d) is not dict:
            d = as_object(d, "ProductOption")
        reference = d["reference"]
        if type(reference) is not str:
            reference = as_text(reference, "reference")

        note = d["note"]
        if type(note) is not str:
            note = as_text(note, "note")

        type_ = d["type"]
        if type(type_) is not str:
            type_ = as_text(type_, "type")

        default = d["default"]
        if type(default) is not int:
            default = as_int(default, "default")

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
