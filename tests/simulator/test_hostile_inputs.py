"""No input makes the simulator answer 5xx or drop the connection (issue 18, part 1).

A property test (Hypothesis) drives every API operation, every control route and every button of
the web page over a real loopback socket with extreme numbers, control characters, huge strings,
deep nesting, wrong types and hostile field names and headers. Every answer must be below 500,
carry only printable ASCII header values and, for the API and the controls, the API's error shape;
no connection may be dropped; afterwards every account is still served. The tally of each run
(inputs, 5xx, dropped connections) is printed with ``-s``.

Next to it, the findings one by one: the page's force-error state ``1e300``, non-ASCII control
tokens, API keys pasted into field names, and the bound on what one request writes to the log.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.accounts import MASK
from cloudcore_simulator.testing import ThreadedServer, WebhookCapture
from cloudcore_simulator.validation import MAX_WARNING_CHARS
from tests._helpers.simulator import API, BOOK_ITEM, KEY_A, KEY_B, KEYS, START, order_body, quote_body

from . import hostile

TOKEN = "control-token-0123456789"
PAGE = "/_simulator/"
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

TEMPLATES: dict[str, dict[str, Any]] = {
    "/orders/": {"apikey": KEY_A},
    "/orders/info": {"apikey": KEY_A, "reference": "seeded"},
    "/orders/add": order_body("new-order"),
    "/orders/cancel": {"apikey": KEY_A, "reference": "seeded"},
    "/orders/log": {"apikey": KEY_A, "reference": "seeded"},
    "/orders/quote": quote_body(),
    "/products": {"apikey": KEY_A},
    "/products/info": {"apikey": KEY_A, "reference": "book_hardcover_21x30"},
    "/shipping/levels": {"apikey": KEY_A},
    "/shipping/countries": {"apikey": KEY_A},
    "/shipping/states": {"apikey": KEY_A, "country_reference": "US"},
}
CONTROLS: dict[str, dict[str, Any]] = {
    "/_simulator/clock/advance": {"seconds": 60},
    "/_simulator/clock/speed": {"speed": 0},
    "/_simulator/reset": {"apikey": KEY_B},
    "/_simulator/orders/error": {"apikey": KEY_A, "reference": "seeded", "state": 11},
}


@dataclass
class Tally:
    """What one property test sent and got back."""

    inputs: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    dropped: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        fives = sum(n for status, n in self.statuses.items() if status >= 500)
        statuses = dict(sorted(self.statuses.items()))
        return (
            f"{name}: {self.inputs} inputs, {fives} answers >= 500, {len(self.dropped)} dropped connections {statuses}"
        )


@dataclass
class Target:
    server: ThreadedServer
    http: httpx.Client
    tally: Tally


@pytest.fixture(scope="module")
def target() -> Iterator[Target]:
    """One simulator (frozen clock, control token, webhooks to a loopback receiver) for the module."""
    with WebhookCapture() as capture:
        app = create_app(
            KEYS,
            clock=VirtualClock(start=START, speed=0),
            control_token=TOKEN,
            webhooks=capture.config(max_attempts=2),
        )
        with ThreadedServer(app) as server, httpx.Client(base_url=server.url, timeout=60) as http:
            assert http.post(API + "/orders/add", json=order_body("seeded")).status_code == 201
            yield Target(server, http, Tally())


def raw(headers: dict[str, str | bytes]) -> dict[bytes, bytes]:
    """Header values as the bytes to send (non-ASCII and all)."""
    return {name.encode(): value if isinstance(value, bytes) else value.encode() for name, value in headers.items()}


def printable_headers(response: httpx.Response) -> bool:
    return all(all(32 <= byte < 127 or byte == 9 for byte in value) for _, value in response.headers.raw)


def check(
    target: Target, request: httpx.Request, *, json_errors: bool = True, via: httpx.Client | None = None
) -> httpx.Response:
    """Send; record the outcome; the answer must be < 500, printable, and JSON errors in the API's shape."""
    target.tally.inputs += 1
    try:
        response = (via or target.http).send(request)
    except httpx.TransportError as exc:  # the server dropped the connection or sent garbage
        target.tally.dropped.append(f"{request.method} {request.url.path}: {exc!r}")
        raise AssertionError(f"no answer to {request.method} {request.url.path}: {exc!r}") from exc
    target.tally.statuses[response.status_code] += 1
    assert response.status_code < 500, (request.url.path, response.status_code, response.text[:300])
    assert printable_headers(response), response.headers.raw
    if json_errors and response.status_code >= 400:
        assert isinstance(response.json()["error"]["type"], str), response.text[:300]
    return response


def serves_every_account(http: httpx.Client, tag: str) -> None:
    """After the storm: each account adds, lists and reads an order, and the controls answer."""
    for n, key in enumerate(KEYS):
        reference = f"after-{tag}-{n}"
        assert http.post(API + "/orders/add", json=order_body(reference, key=key)).status_code == 201
        listed = http.post(API + "/orders/", json={"apikey": key}).json()
        assert reference in [order["reference"] for order in listed]
        assert http.post(API + "/orders/info", json={"apikey": key, "reference": reference}).status_code == 200
        assert http.get("/_simulator/health", headers={"X-Api-Key": key}).json()["orders"] >= 1
    assert http.get("/_simulator/clock").status_code == 200


header_values = st.sampled_from(
    [None, TOKEN, "wrong", b"t\xc3\xb6k\xc3\xa9n", b"\xff\xfe", KEY_A, "a b  c", "x" * 8000]
)
content_types = st.one_of(
    st.just("application/json"),  # mostly JSON, so that most bodies reach validation and the handlers
    st.sampled_from(
        ["application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
         "application/problem+json", "", "application/json ;", "multipart/form-data; boundary=x"]
    ),
)  # fmt: skip


@st.composite
def api_requests(draw: st.DrawFn, templates: dict[str, dict[str, Any]]) -> tuple[str, bytes, str]:
    """A template body with one value replaced, fields added or removed, or no JSON at all."""
    path = draw(st.sampled_from(sorted(templates)))
    body: Any = copy.deepcopy(templates[path])
    how = draw(st.sampled_from(["replace", "replace", "replace", "add", "drop", "whole", "raw"]))
    if how == "replace":
        places = list(hostile.paths(body))
        if places:
            body = hostile.replaced(body, draw(st.sampled_from(places)), draw(hostile.values))
    elif how == "add":
        for name in draw(st.lists(hostile.field_names, min_size=1, max_size=40)):
            body[name] = draw(hostile.scalars)
    elif how == "drop" and body:
        body.pop(draw(st.sampled_from(sorted(body))))
    elif how == "whole":
        body = draw(hostile.values)
    if how == "raw":
        content = draw(st.one_of(st.binary(max_size=2000), st.sampled_from([b"", b"{", b"\xff\xfe{}", b"[" * 5000])))
    else:
        content = hostile.encoded(body)
    return path, content, draw(content_types)


@pytest.mark.timeout(900)
def test_no_api_input_gets_a_5xx_or_a_dropped_connection(target: Target) -> None:
    @settings(SETTINGS, max_examples=1000)
    @given(api_requests(TEMPLATES), header_values)
    def probe(sent: tuple[str, bytes, str], token: str | bytes | None) -> None:
        path, content, media_type = sent
        content = content.replace(
            b'"new-order"', f'"new-order-{target.tally.inputs}"'.encode()
        )  # a new order each time
        headers: dict[str, str | bytes] = {"content-type": media_type}
        if token is not None:
            headers["x-control-token"] = token
        check(target, target.http.build_request("POST", API + path, content=content, headers=raw(headers)))

    probe()
    print(target.tally.line("API operations"))
    serves_every_account(target.http, "api")


@pytest.mark.timeout(900)
def test_no_control_input_gets_a_5xx_or_a_dropped_connection(target: Target) -> None:
    @SETTINGS
    @given(api_requests(CONTROLS), header_values, header_values, st.booleans())
    def probe(sent: tuple[str, bytes, str], token: str | bytes | None, key: str | bytes | None, post: bool) -> None:
        path, content, media_type = sent
        headers: dict[str, str | bytes] = {"content-type": media_type}
        if token is not None:
            headers["x-control-token"] = token
        if key is not None:
            headers["x-api-key"] = key
        if post:
            check(target, target.http.build_request("POST", path, content=content, headers=raw(headers)))
        for read in ("/_simulator/health", "/_simulator/clock", "/_simulator/webhooks"):
            check(target, target.http.build_request("GET", read, headers=raw(headers)))

    probe()
    print(target.tally.line("controls"))
    serves_every_account(target.http, "controls")


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match is not None, page[:500]
    return match.group(1)


form_values = st.one_of(hostile.texts, hostile.numbers.map(str), st.sampled_from(["1e300", "-1e300", "nan", "inf"]))
ACTIONS = ["advance", "freeze", "speed", "cancel", "error", "reset", "", "nope"]


@pytest.mark.timeout(900)
def test_no_page_action_gets_a_5xx_or_a_dropped_connection(target: Target) -> None:
    page = httpx.Client(base_url=target.server.url, timeout=60, follow_redirects=False)

    @SETTINGS
    @given(
        st.sampled_from(ACTIONS),
        st.dictionaries(st.sampled_from(["step", "speed", "reference", "state", "anchor"]), form_values),
        st.one_of(st.none(), form_values),
        st.booleans(),
    )
    def probe(action: str, fields: dict[str, str], sign_in_token: str | None, good_csrf: bool) -> None:
        form = {"apikey": KEY_A} if sign_in_token is None else {"apikey": KEY_A, "control_token": sign_in_token}

        def send(method: str, path: str, data: dict[str, str] | None = None) -> httpx.Response:
            return check(target, page.build_request(method, path, data=data), json_errors=False, via=page)

        if send("POST", PAGE + "page/sign-in", form).status_code != 303:
            return  # a control token that cannot be right is refused at sign-in
        csrf = csrf_of(send("GET", PAGE).text) if good_csrf else "forged"
        send("POST", PAGE + "page/action", {"csrf": csrf, "action": action, **fields})
        send("GET", PAGE)

    try:
        probe()
    finally:
        page.close()
    print(target.tally.line("page"))
    serves_every_account(target.http, "page")


def test_the_tally_holds_no_5xx_and_no_dropped_connection(target: Target) -> None:
    """Whatever ran before in this module (in any order): nothing answered 5xx, nothing was dropped."""
    assert target.tally.dropped == []
    assert not [status for status in target.tally.statuses if status >= 500]
    print(target.tally.line("all hostile inputs"))


def test_extreme_counts_never_answer_5xx(mem_api: Any) -> None:
    extreme = ["9" * 5000, "9" * 30, 10**30, 10**24, 1e300, 2**63, "1" + "0" * 4300]
    bodies: list[tuple[str, dict[str, Any]]] = []
    for value in extreme:
        item = copy.deepcopy(BOOK_ITEM) | {"count": value}
        option = copy.deepcopy(BOOK_ITEM)
        option["options"][1]["count"] = value
        bodies += [
            ("/orders/add", order_body(f"count-{len(bodies)}", items=[item])),
            ("/orders/add", order_body(f"opt-{len(bodies)}", items=[option])),
        ]
        quote_item = quote_body()["items"][0] | {"count": value}
        bodies.append(("/orders/quote", quote_body(items=[quote_item])))
    statuses = [
        mem_api.client.post(
            API + path, content=hostile.encoded(body), headers={"content-type": "application/json"}
        ).status_code
        for path, body in bodies
    ]
    stored = mem_api.post("/orders/", {"apikey": KEY_A})
    for order in stored.json() if stored.status_code == 200 else []:
        statuses.append(mem_api.post("/orders/info", {"apikey": KEY_A, "reference": order["reference"]}).status_code)
    assert max(statuses) < 500, statuses


# ---- the findings, one by one ----------------------------------------------------------------
def sign_in(client: TestClient, form: dict[str, str]) -> httpx2.Response:
    response: httpx2.Response = client.post(PAGE + "page/sign-in", data=form, follow_redirects=False)
    return response


def test_the_page_refuses_a_force_error_state_beyond_64_bits_with_its_own_message(mem_api: Any) -> None:
    assert mem_api.post("/orders/add", order_body("doomed")).status_code == 201
    assert sign_in(mem_api.client, {"apikey": KEY_A}).status_code == 303
    csrf = csrf_of(mem_api.client.get(PAGE).text)
    for state in ("1e300", "-1e300", "9" * 400, "18446744073709551616"):
        form = {"csrf": csrf, "action": "error", "reference": "doomed", "state": state}
        answer = mem_api.client.post(PAGE + "page/action", data=form, follow_redirects=True)
        assert answer.status_code == 200, state
        assert re.search("state must be (an integer such as 11|a finite number)", answer.text), state
    info = mem_api.post("/orders/info", {"apikey": KEY_A, "reference": "doomed"}).json()
    assert info["state"] not in {"7", "11", "31", "35", "39", "41"}  # nothing was forced


def test_non_ascii_control_tokens_are_refused_at_start_and_never_raise_when_sent() -> None:
    for token in ("tökén", "tok en", "tok\nen", "\x00", ""):
        with pytest.raises(ValueError, match="control token"):
            create_app(KEYS, control_token=token)
    app = create_app(KEYS, control_token=TOKEN, clock=VirtualClock(start=START, speed=0))
    # over a socket: the header bytes arrive as sent (TestClient re-encodes header values as UTF-8)
    with ThreadedServer(app) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        for sent in (b"t\xc3\xb6k\xc3\xa9n", b"t\xf6k\xe9n", b"\xff" * 30, TOKEN.encode() + b"\xc3\xa9"):
            answer = client.post("/_simulator/clock/advance", json={"seconds": 1}, headers={b"x-control-token": sent})
            assert answer.status_code == 403, sent
            assert answer.json()["error"]["type"] == "invalid_control_token"
            assert client.get("/_simulator/webhooks", headers={b"x-control-token": sent}).status_code == 403
        good = client.post("/_simulator/clock/advance", json={"seconds": 1}, headers={"x-control-token": TOKEN})
        assert good.status_code == 200
        form = {"apikey": KEY_A, "control_token": "tökén"}
        refused = client.post(PAGE + "page/sign-in", data=form, follow_redirects=False)
        assert refused.status_code == 403
        assert "printable ASCII" in refused.text


def test_an_api_key_in_a_header_is_compared_as_the_bytes_sent() -> None:
    key = "schlüssel-0123456789"
    app = create_app([key], clock=VirtualClock(start=START, speed=0))
    with ThreadedServer(app) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        assert client.get("/_simulator/health", headers={b"x-api-key": key.encode()}).json()["orders"] == 0
        latin1 = key.encode("latin-1")  # the same text in other bytes: not the key
        assert client.get("/_simulator/health", headers={b"x-api-key": latin1}).status_code == 403


@pytest.fixture
def guarded_api() -> Iterator[TestClient]:
    app = create_app(KEYS, clock=VirtualClock(start=START, speed=0), control_token=TOKEN)
    with TestClient(app) as client:
        yield client


def leaks(text: str) -> list[str]:
    """Any secret, or any 8-character piece of one, found in ``text``."""
    found = []
    for secret in (KEY_A, KEY_B, TOKEN):
        pieces = {secret[i : i + 8] for i in range(len(secret) - 7)}
        found += [piece for piece in pieces if piece in text]
    return found


def test_a_key_pasted_as_a_field_name_is_masked_in_the_header_the_log_and_the_error(
    guarded_api: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    names = [KEY_B, f"x{KEY_A}y", "a" * 110 + KEY_B, f"{TOKEN}\n", KEY_A + KEY_A]
    with caplog.at_level(logging.WARNING, logger="cloudcore_simulator"):
        answer = guarded_api.post(API + "/products", json={"apikey": KEY_A, **dict.fromkeys(names, 1)})
        strict = create_app(KEYS, strict=True, clock=VirtualClock(start=START, speed=0), control_token=TOKEN)
        with TestClient(strict) as client:
            refused = client.post(API + "/products", json={"apikey": KEY_A, KEY_B: 1})
        missing = guarded_api.post(API + "/orders/info", json={"apikey": KEY_A, "reference": KEY_B})
    assert answer.status_code == 200
    assert leaks(answer.headers["warning"]) == []
    assert answer.headers["warning"].count(MASK) >= len(names)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "unknown request field" in logged
    assert leaks(logged) == []
    assert refused.status_code == 400
    assert leaks(refused.text) == []
    assert MASK in refused.json()["error"]["info"]
    assert missing.status_code == 410
    assert leaks(missing.text) == []


def test_what_one_request_writes_to_the_log_and_the_header_is_bounded(
    guarded_api: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A 0.9 MB body of unknown fields: one log line and one header of at most about 1,000 characters."""
    body: dict[str, Any] = {"apikey": KEY_A}
    body.update({f"{n}-" + "😀" * 700: 1 for n in range(100)})
    body.update({f"name-{n}": 1 for n in range(3000)})
    content = json.dumps(body).encode()
    assert 800_000 < len(content) < 1_000_000
    with caplog.at_level(logging.WARNING, logger="cloudcore_simulator"):
        answer = guarded_api.post(API + "/products", content=content, headers={"content-type": "application/json"})
    assert answer.status_code == 200
    lines = [record.getMessage() for record in caplog.records if "unknown request field" in record.getMessage()]
    assert len(lines) == 1
    assert len(lines[0]) < MAX_WARNING_CHARS + 200
    assert len(answer.headers["warning"]) < MAX_WARNING_CHARS + 200
    assert re.search(r"and \d+ more", answer.headers["warning"])
    assert answer.headers["warning"].isascii()


def test_the_templates_are_valid_as_they_are(mem_api: Any) -> None:
    """The property tests mutate valid bodies: each template is answered 2xx unchanged (409: already canceled)."""
    assert mem_api.post("/orders/add", order_body("seeded")).status_code == 201
    for path, body in TEMPLATES.items():
        answer = mem_api.post(path, body)
        assert answer.status_code in (200, 201, 204), (path, answer.text)
    for path, body in CONTROLS.items():
        answer = mem_api.client.post(path, json=body)
        assert answer.status_code in (200, 409), (path, answer.text)
