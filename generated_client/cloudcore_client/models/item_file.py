# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .._values import as_object, as_text
from ..models.item_file_type import ItemFileType
from ..types import Unset

T = TypeVar("T", bound="ItemFile")


@_attrs_define
class ItemFile:
    """
    Attributes:
        type_ (ItemFileType): The type of an item file.
        url (str): URL from where Cloudprinter fetches the file; HTTPS with an access key in the query string
            is recommended. No length limit (presigned URLs run past 2,000 characters).
        md5sum (str): MD5 sum of the file (32 hexadecimal digits), used for validation.
    """

    type_: ItemFileType
    url: str
    md5sum: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        url = self.url

        md5sum = self.md5sum

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "url": url,
                "md5sum": md5sum,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "ItemFile")
        type_ = ItemFileType.decode(d["type"])

        url = d["url"]
        if type(url) is not str:
            url = as_text(url, "url")

        md5sum = d["md5sum"]
        if type(md5sum) is not str:
            md5sum = as_text(md5sum, "md5sum")

        item_file = cls(
            type_=type_,
            url=url,
            md5sum=md5sum,
        )

        return item_file

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("type_", self.type_),
            ("url", self.url),
            ("md5sum", self.md5sum),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
