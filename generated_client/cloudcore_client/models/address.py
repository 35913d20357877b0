# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.address_type import AddressType
from ..types import UNSET, Unset, number_as_str

T = TypeVar("T", bound="Address")


@_attrs_define
class Address:
    """
    Attributes:
        type_ (AddressType): The type of address - valid values are "delivery".
        firstname (str): End customer's first name.
        lastname (str): End customer's last name.
        street1 (str): End customer's street name.
        zip_ (str): End customer's zip/postal code.
        city (str): End customer's city name.
        country (str): Country - ISO 3166-1 alpha-2.
        email (str): An e-mail address.
        phone (str): End customer's phone number - used in case of problems during delivery.
        company (str | Unset): End customer's company name.
        street2 (str | Unset): End customer's street name, second line.
        state (str | Unset): State - ANSI INCITS 38:2009 alpha-2 (or the region code listed by `shipping/states`).
        customer_identification (str | Unset): End customer's identification information (required for Brazil, CPF
            `000.000.000-00`).
    """

    type_: AddressType
    firstname: str
    lastname: str
    street1: str
    zip_: str
    city: str
    country: str
    email: str
    phone: str
    company: str | Unset = UNSET
    street2: str | Unset = UNSET
    state: str | Unset = UNSET
    customer_identification: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        firstname = self.firstname

        lastname = self.lastname

        street1 = self.street1

        zip_ = self.zip_

        city = self.city

        country = self.country

        email = self.email

        phone = self.phone

        company = self.company

        street2 = self.street2

        state = self.state

        customer_identification = self.customer_identification

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "firstname": firstname,
                "lastname": lastname,
                "street1": street1,
                "zip": zip_,
                "city": city,
                "country": country,
                "email": email,
                "phone": phone,
            }
        )
        if company is not UNSET:
            field_dict["company"] = company
        if street2 is not UNSET:
            field_dict["street2"] = street2
        if state is not UNSET:
            field_dict["state"] = state
        if customer_identification is not UNSET:
            field_dict["customer_identification"] = customer_identification

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        type_ = AddressType(d["type"])

        firstname = d["firstname"]
        if type(firstname) is not str:
            firstname = number_as_str(firstname)

        lastname = d["lastname"]
        if type(lastname) is not str:
            lastname = number_as_str(lastname)

        street1 = d["street1"]
        if type(street1) is not str:
            street1 = number_as_str(street1)

        zip_ = d["zip"]
        if type(zip_) is not str:
            zip_ = number_as_str(zip_)

        city = d["city"]
        if type(city) is not str:
            city = number_as_str(city)

        country = d["country"]
        if type(country) is not str:
            country = number_as_str(country)

        email = d["email"]
        if type(email) is not str:
            email = number_as_str(email)

        phone = d["phone"]
        if type(phone) is not str:
            phone = number_as_str(phone)

        company = d.get("company", UNSET)
        if type(company) is not str:
            company = number_as_str(company)

        street2 = d.get("street2", UNSET)
        if type(street2) is not str:
            street2 = number_as_str(street2)

        state = d.get("state", UNSET)
        if type(state) is not str:
            state = number_as_str(state)

        customer_identification = d.get("customer_identification", UNSET)
        if type(customer_identification) is not str:
            customer_identification = number_as_str(customer_identification)

        address = cls(
            type_=type_,
            firstname=firstname,
            lastname=lastname,
            street1=street1,
            zip_=zip_,
            city=city,
            country=country,
            email=email,
            phone=phone,
            company=company,
            street2=street2,
            state=state,
            customer_identification=customer_identification,
        )

        return address
