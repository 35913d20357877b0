"""Products, shipping levels, countries and states."""

from __future__ import annotations

from tests._helpers.simulator import KEY_A, Api


def test_products_cover_the_documented_categories(mem_api: Api) -> None:
    products = mem_api.post("/products", {"apikey": KEY_A}).json()
    assert len(products) >= 20
    categories = {p["category"] for p in products}
    assert {"Book", "Textbook BW", "Brochure", "Flyer", "Poster", "Card", "Calendar"} <= categories
    for product in products:
        assert set(product) == {"name", "note", "reference", "category", "from_price", "currency"}
        assert float(product["from_price"]) > 0
    references = {p["reference"] for p in products}
    assert {"textbook_cw_a6_p_bw", "textbook_pb_a4_p_bw", "book_hardcover_21x30"} <= references


def test_product_info(mem_api: Api) -> None:
    info = mem_api.post("/products/info", {"apikey": KEY_A, "reference": "textbook_cw_a6_p_bw"}).json()
    assert info["reference"] == "textbook_cw_a6_p_bw"
    assert {"name", "note", "reference", "prices", "options", "specs"} == set(info)
    defaults: dict[str, int] = {}
    for option in info["options"]:
        assert option["default"] in (0, 1)
        defaults[option["type"]] = defaults.get(option["type"], 0) + option["default"]
    assert set(defaults.values()) == {1}  # exactly one default per option type
    specs = {s["note"]: s["value"] for s in info["specs"]}
    assert specs["Size category"] == "A6P"
    assert specs["The exact width of the book in mm. after trimming"] == "105"
    response = mem_api.post("/products/info", {"apikey": KEY_A, "reference": "nope"})
    assert response.status_code == 204


def test_shipping_levels(mem_api: Api) -> None:
    levels = mem_api.post("/shipping/levels", {"apikey": KEY_A}).json()
    assert [level["shipping_level_reference"] for level in levels] == ["cp_postal", "cp_ground", "cp_saver", "cp_fast"]
    assert levels[2]["name"] == "Express saver - Tracked"


def test_countries_and_states(mem_api: Api) -> None:
    countries = mem_api.post("/shipping/countries", {"apikey": KEY_A}).json()
    assert len(countries) == 249
    by_code = {c["country_reference"]: c for c in countries}
    assert by_code["AE"] == {"country_reference": "AE", "note": "United Arab Emirates", "require_state": 1}
    assert by_code["AF"]["require_state"] == 0
    # Documented: US and CA (address table), AE (the documented shipping/countries answer).
    assert {code for code, c in by_code.items() if c["require_state"] == 1} == {"US", "CA", "AE"}
    for code in ("US", "CA", "AE", "AU", "BR", "MX", "IN"):
        states = mem_api.post("/shipping/states", {"apikey": KEY_A, "country_reference": code}).json()
        assert states, code
    us = mem_api.post("/shipping/states", {"apikey": KEY_A, "country_reference": "US"}).json()
    codes = {s["state_reference"] for s in us}
    assert len(codes & {"NY", "CA", "TX", "DC", "AK", "HI", "WY"}) == 7
    assert len(codes) >= 51
    ae = mem_api.post("/shipping/states", {"apikey": KEY_A, "country_reference": "AE"}).json()
    assert {"state_reference": "AJ", "name": "Ajman", "note": "Ajman"} in ae
    assert mem_api.post("/shipping/states", {"apikey": KEY_A, "country_reference": "NL"}).json() == []
    assert mem_api.post("/shipping/states", {"apikey": KEY_A, "country_reference": "ZZ"}).status_code == 400
