# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import as_object, as_text
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

        Attributes:
            type_ (AddressType): The type of address - valid values are "delivery".
            firstname (str): First name of the recipient.
            lastname (str): Last name of the recipient.
            street1 (str): Street.
            city (str): City.
            country (str): Country - ISO 3166-1 alpha-2.
            company (str | Unset): Company name of the recipient.
            street2 (str | Unset): Street, second line.
            zip_ (str | Unset): Zip.
            state (str | Unset): State - ANSI INCITS 38:2009 alpha-2.
            email (str | Unset): E-mail address of the recipient.
            phone (str | Unset): Phone number of the recipient.
    """

    type_: AddressType
    firstname: str
    lastname: str
    street1: str
    city: str
    country: str
    company: str | Unset = UNSET
    street2: str | Unset = UNSET
    zip_: str | Unset = UNSET
    state: str | Unset = UNSET
    email: str | Unset = UNSET
    phone: str | Unset = UNSET
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
        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "OrderInfoAddress")
        type_ = AddressType.decode(d["type"])

        firstname = d["firstname"]
        if type(firstname) is not str:
            firstname = as_text(firstname, "firstname")

        lastname = d["lastname"]
        if type(lastname) is not str:
            lastname = as_text(lastname, "lastname")

        street1 = d["street1"]
        if type(street1) is not str:
            street1 = as_text(street1, "street1")

        city = d["city"]
        if type(city) is not str:
            city = as_text(city, "city")

        country = d["country"]
        if type(country) is not str:
            country = as_text(country, "country")

        company = d.get("company", UNSET)
        if type(company) is not str and company is not UNSET:
            company = as_text(company, "company")

        street2 = d.get("street2", UNSET)
        if type(street2) is not str and street2 is not UNSET:
            street2 = as_text(street2, "street2")

        zip_ = d.get("zip", UNSET)
        if type(zip_) is not str and zip_ is not UNSET:
            zip_ = as_text(zip_, "zip")

        state = d.get("state", UNSET)
        if type(state) is not str and state is not UNSET:
            state = as_text(state, "state")

        email = d.get("email", UNSET)
        if type(email) is not str and email is not UNSET:
            email = as_text(email, "email")

        phone = d.get("phone", UNSET)
        if type(phone) is not str and phone is not UNSET:
            phone = as_text(phone, "phone")

        order_info_address = cls(
            type_=type_,
            firstname=firstname,
            lastname=lastname,
            street1=street1,
            city=city,
            country=country,
            company=company,
            street2=street2,
            zip_=zip_,
            state=state,
            email=email,
            phone=phone,
        )

        if len(d) > 6:
            extra = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        else:
            extra = {}
        order_info_address.additional_properties = extra
        return order_info_address

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
