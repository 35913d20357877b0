# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .._values import (
    as_object,
    as_text,
)
from ..models.item_file_type import _MEMBERS as _ITEM_FILE_TYPE
from ..models.item_file_type import ItemFileType
from ..types import Unset

T = TypeVar("T", bound="ItemFile")


@_attrs_define
class ItemFile:
    type_: ItemFileType
    """The type of an item file."""
    url: str
    """URL from where Cloudprinter fetches the file; HTTPS with an access key in the query string
    is recommended. No length limit (presigned URLs run past 2,000 characters)."""
    md5sum: str
    """MD5 sum of the file (32 hexadecimal digits), used for validation."""

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
        """The model of a JSON object with the API's field names; `src_dict` is left as it is."""
        return cls._decode(src_dict, consume=False)

    @classmethod
    def _decode(cls: type[T], d: Any, consume: bool = True) -> T:
        """`from_dict` for a fresh JSON parse, which `consume` lets it take apart (the engine's decoders)."""
        return cls._decode_each((d,), consume)[0]

    @classmethod
    def _decode_each(cls: type[T], items: Iterable[Any], consume: bool = True) -> list[T]:
        """`_decode` of every item, in one loop: a list of objects costs no call per object."""
        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "ItemFile")
            item_file = object.__new__(cls)
            v = d["type"]
            try:  # a listed value: one subscript; anything else (and `true`, which hashes like 1) in `decode`
                item_file.type_ = _ITEM_FILE_TYPE[v]
            except (KeyError, TypeError):
                item_file.type_ = ItemFileType.decode(v)
            v = d["url"]
            item_file.url = v if type(v) is str else as_text(v, "url")
            v = d["md5sum"]
            item_file.md5sum = v if type(v) is str else as_text(v, "md5sum")
            models.append(item_file)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("type_", self.type_),
            ("url", self.url),
            ("md5sum", self.md5sum),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
