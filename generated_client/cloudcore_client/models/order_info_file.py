# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import as_object, as_text
from ..models.item_file_type import ItemFileType
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderInfoFile")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "type",
        "url",
        "md5sum",
    }
)


@_attrs_define
class OrderInfoFile:
    """
    Attributes:
        type_ (ItemFileType): The type of an item file.
        url (str): URL of the order file.
        md5sum (str | Unset): MD5 sum of the file - used for validation (the documentation's table calls it `md5`).
    """

    type_: ItemFileType
    url: str
    md5sum: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        url = self.url

        md5sum = self.md5sum

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "url": url,
            }
        )
        if md5sum is not UNSET:
            field_dict["md5sum"] = md5sum

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "OrderInfoFile")
        type_ = ItemFileType.decode(d["type"])

        url = d["url"]
        if type(url) is not str:
            url = as_text(url, "url")

        md5sum = d.get("md5sum", UNSET)
        if type(md5sum) is not str and md5sum is not UNSET:
            md5sum = as_text(md5sum, "md5sum")

        order_info_file = cls(
            type_=type_,
            url=url,
            md5sum=md5sum,
        )

        if len(d) > 2:
            extra = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        else:
            extra = {}
        order_info_file.additional_properties = extra
        return order_info_file

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("type_", self.type_),
            ("url", self.url),
            ("md5sum", self.md5sum),
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
