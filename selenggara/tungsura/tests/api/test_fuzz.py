"""A fuzz loop over the C.Hasil API's bodies: whatever is sent, the answer is a clear 4xx (or a
stored sheet), never a 5xx. Hypothesis generates the bodies (schemathesis is not a dependency).
"""

from __future__ import annotations

import json
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selenggara.tungsura.tests.api.apiclient import Api, sheet, url

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def _assert_clear(response, allowed: set[int]) -> None:
    assert response.status_code in allowed, (response.status_code, response.content[:300])
    body = response.json()
    if response.status_code >= 400:
        assert body["code"]
        assert body["detail"]


@FUZZ
@given(body=JSON_VALUES)
def test_any_json_body_is_refused_with_a_clear_422(api: Api, body):
    raw = json.dumps(body).encode()

    response = api.post_json(url("/ppwp"), None, key=str(uuid.uuid4()), raw=raw)

    _assert_clear(response, {422})


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_are_refused_with_a_clear_422(api: Api, raw):
    response = api.post_json(url("/ppwp"), None, key=str(uuid.uuid4()), raw=raw)

    _assert_clear(response, {422})


@FUZZ
@given(data=st.data())
def test_a_sheet_with_one_field_spoiled_is_refused_or_stored_never_a_5xx(api: Api, data):
    angka: dict[str, object] = dict(sheet(api.world))
    key = data.draw(st.sampled_from([*sorted(angka), "tidak_ada", "partai_1_calon_1"]))
    if data.draw(st.booleans()):
        angka[key] = data.draw(JSON_VALUES)
    else:
        angka.pop(key, None)
    extra = data.draw(st.dictionaries(st.sampled_from(["konfirmasi", "alasan"]), JSON_VALUES))

    response = api.post_json(url("/ppwp"), {"angka": angka, **extra}, key=str(uuid.uuid4()))

    _assert_clear(response, {201, 409, 422})


@FUZZ
@given(body=JSON_VALUES)
def test_any_confirmation_body_is_a_clear_4xx(api: Api, body):
    raw = json.dumps(body).encode()

    response = api.post_json(url("/ppwp/konfirmasi"), None, raw=raw)

    _assert_clear(response, {404, 422})
