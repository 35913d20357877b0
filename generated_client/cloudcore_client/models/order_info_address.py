# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import (
    as_object,
    as_text,
    unknown_fields,
)
from ..models.address_type import _MEMBERS as _ADDRESS_TYPE
from ..models.address_type import AddressType
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderInfoAddress")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "type",
        "firstname",
        "lastname",
        "street1",
        "city",
        "country",
        "company",
        "street2",
        "zip",
        "state",
        "email",
        "phone",
    }
)


@_attrs_define
class OrderInfoAddress:
    """An address as `orders/info` shows it. `zip` and `state` are optional: an address in a
    country without postal codes (IE, HK, ...) has no zip, and most countries have no state.

    """

    type_: AddressType
    """The address type (delivery).

    The type of address - valid values are "delivery"."""
    firstname: str
    """First name of the recipient."""
    lastname: str
    """Last name of the recipient."""
    street1: str
    """Street."""
    city: str
    """City."""
    country: str
    """Country - ISO 3166-1 alpha-2."""
    company: str | Unset = UNSET
    """Company name of the recipient."""
    street2: str | Unset = UNSET
    """Street, second line."""
    zip_: str | Unset = UNSET
    """Zip."""
    state: str | Unset = UNSET
    """State - ANSI INCITS 38:2009 alpha-2."""
    email: str | Unset = UNSET
    """E-mail address of the recipient."""
    phone: str | Unset = UNSET
    """Phone number of the recipient."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        firstname = self.firstname

        lastname = self.lastname

        street1 = self.street1

        city = self.city

        country = self.country

        company = self.company

        street2 = self.street2

        zip_ = self.zip_

        state = self.state

        email = self.email

        phone = self.phone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "firstname": firstname,
                "lastname": lastname,
                "street1": street1,
                "city": city,
                "country": country,
            }
        )
        if company is not UNSET:
            field_dict["company"] = company
        if street2 is not UNSET:
            field_dict["street2"] = street2
        if zip_ is not UNSET:
            field_dict["zip"] = zip_
        if state is not UNSET:
            field_dict["state"] = state
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone

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
                d = as_object(d, "OrderInfoAddress")
            order_info_address = object.__new__(cls)
            v = d["type"]
            try:  # a listed value: one subscript; anything else (and `true`, which hashes like 1) in `decode`
                order_info_address.type_ = _ADDRESS_TYPE[v]
            except (KeyError, TypeError):
                order_info_address.type_ = AddressType.decode(v)
            v = d["firstname"]
            order_info_address.firstname = v if type(v) is str else as_text(v, "firstname")
            v = d["lastname"]
            order_info_address.lastname = v if type(v) is str else as_text(v, "lastname")
            v = d["street1"]
            order_info_address.street1 = v if type(v) is str else as_text(v, "street1")
            v = d["city"]
            order_info_address.city = v if type(v) is str else as_text(v, "city")
            v = d["country"]
            order_info_address.country = v if type(v) is str else as_text(v, "country")
            v = d.get("company", UNSET)
            order_info_address.company = v if type(v) is str or v is UNSET else as_text(v, "company")
            v = d.get("street2", UNSET)
            order_info_address.street2 = v if type(v) is str or v is UNSET else as_text(v, "street2")
            v = d.get("zip", UNSET)
            order_info_address.zip_ = v if type(v) is str or v is UNSET else as_text(v, "zip")
            v = d.get("state", UNSET)
            order_info_address.state = v if type(v) is str or v is UNSET else as_text(v, "state")
            v = d.get("email", UNSET)
            order_info_address.email = v if type(v) is str or v is UNSET else as_text(v, "email")
            v = d.get("phone", UNSET)
            order_info_address.phone = v if type(v) is str or v is UNSET else as_text(v, "phone")
            if consume and len(d) == 6 + (order_info_address.company is not UNSET) + (
                order_info_address.street2 is not UNSET
            ) + (order_info_address.zip_ is not UNSET) + (order_info_address.state is not UNSET) + (
                order_info_address.email is not UNSET
            ) + (order_info_address.phone is not UNSET):
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                order_info_address.additional_properties = d
            else:
                order_info_address.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(order_info_address)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("type_", self.type_),
            ("firstname", self.firstname),
            ("lastname", self.lastname),
            ("street1", self.street1),
            ("city", self.city),
            ("country", self.country),
            ("company", self.company),
            ("street2", self.street2),
            ("zip_", self.zip_),
            ("state", self.state),
            ("email", self.email),
            ("phone", self.phone),
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
