from enum import StrEnum


class AddressType(StrEnum):
    DELIVERY = "delivery"

    def __str__(self) -> str:
        return str(self.value)
