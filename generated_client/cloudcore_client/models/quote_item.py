# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from .._values import (
    as_list,
    as_object,
    as_one_of,
    as_text,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.item_file import ItemFile
    from ..models.item_option import ItemOption


T = TypeVar("T", bound="QuoteItem")


@_attrs_define
class QuoteItem:
    reference: str
    """Client item reference.

    A client's own reference identifier (no length limit is documented or enforced by the SDKs)."""
    product: str
    """The product reference.

    A required text field; no length limit is documented or enforced by the SDKs."""
    count: int | str
    """The product quantity.

    A positive whole number of copies. The documentation writes counts as strings ("5"); the
    official SDKs send JSON integers (5). Both are accepted, and so are the strings the Node
    SDK's `Joi.number()` converts to a whole number (leading zeros "05", a zero fraction "5.0").
    No upper limit (the simulator has its own, see docs/fidelity.md)."""
    options: list[ItemOption] | Unset = UNSET
    """Array of option objects of the item."""
    shipping_level: str | Unset = UNSET
    """Not in the documentation: accepted because integrations quote the very items they then
    order (the Node SDK's quote validator lets order item keys through); it does not change the quote.

    A shipping level reference. Standard levels are `cp_postal` (Postal - Untracked),
    `cp_ground` (Express ground - Tracked), `cp_saver` (Express saver - Tracked) and `cp_fast`
    (Express fast - Tracked); some accounts have others (e.g. `cp_limited`), so the field is open."""
    files: list[ItemFile] | Unset = UNSET
    """Not in the documentation: accepted because integrations quote the very items they then
    order (the Node SDK's quote validator lets order item keys through); it does not change the quote."""

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        product = self.product

        count: int | str
        count = self.count

        options: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = []
            for options_item_data in self.options:
                options_item = options_item_data.to_dict()
                options.append(options_item)

        shipping_level = self.shipping_level

        files: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.files, Unset):
            files = []
            for files_item_data in self.files:
                files_item = files_item_data.to_dict()
                files.append(files_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reference": reference,
                "product": product,
                "count": count,
            }
        )
        if options is not UNSET:
            field_dict["options"] = options
        if shipping_level is not UNSET:
            field_dict["shipping_level"] = shipping_level
        if files is not UNSET:
            field_dict["files"] = files

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
        from ..models.item_file import ItemFile  # noqa: PLC0415
        from ..models.item_option import ItemOption  # noqa: PLC0415

        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "QuoteItem")
            quote_item = object.__new__(cls)
            v = d["reference"]
            quote_item.reference = v if type(v) is str else as_text(v, "reference")
            v = d["product"]
            quote_item.product = v if type(v) is str else as_text(v, "product")
            v = d["count"]
            quote_item.count = (
                v
                if type(v)
                in (
                    str,
                    int,
                )
                else as_one_of(v, "count", "str or int")
            )
            v = d.get("options", UNSET)
            if v is UNSET:
                quote_item.options = UNSET
            else:
                if type(v) is not list:
                    v = as_list(v, "options")
                quote_item.options = ItemOption._decode_each(v, consume)
            v = d.get("shipping_level", UNSET)
            quote_item.shipping_level = v if type(v) is str or v is UNSET else as_text(v, "shipping_level")
            v = d.get("files", UNSET)
            if v is UNSET:
                quote_item.files = UNSET
            else:
                if type(v) is not list:
                    v = as_list(v, "files")
                quote_item.files = ItemFile._decode_each(v, consume)
            models.append(quote_item)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("reference", self.reference),
            ("product", self.product),
            ("count", self.count),
            ("options", self.options),
            ("shipping_level", self.shipping_level),
            ("files", self.files),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
