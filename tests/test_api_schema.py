"""The whole API against its OpenAPI schema: a bounded schemathesis run on the live server.

Every operation of ``/api`` gets a few schema-valid requests (deterministic: Hypothesis
derandomized, no example database), sent over HTTP to pytest-django's live server as the KPPS
chair of TPS A1 with a bearer token. The path names the world's election, regions, TPS and
contests, so the requests reach the handlers rather than stopping at a 404. A 5xx, a status
the schema does not list, or an answer that does not match its schema fails the test.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ninja import Schema
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from config.api import api
from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.services import api_token_create
from selenggara.portal.tests.world import DESA_A, TPS_A1, World
from selenggara.tungsura.selectors import kontestasi_list_for_tps
from selenggara.tungsura.tests.world import tungsura_world_build

EXAMPLES = 6
BUDGET_SECONDS = 60.0
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_world(transactional_db: None) -> World:
    return tungsura_world_build()


def _path_parameters(world: World) -> list[dict[str, Any]]:
    """Real values for every path parameter, one set per contest of TPS A1."""
    jenis_list = [r.jenis for r in kontestasi_list_for_tps(tps=world.tps[TPS_A1])]
    return [
        {
            "kode": "pemilu-2024",
            "pemilihan": "pemilu-2024",
            "kode_tps": TPS_A1,
            "kode_desa": DESA_A,
            "kode_wilayah": DESA_A,
            "jenis": jenis,
        }
        for jenis in jenis_list
    ]


def test_every_operation_keeps_to_the_schema_on_the_live_server(live_server, live_world):
    _token, raw = api_token_create(
        user=live_world.user(Peran.KPPS_KETUA), nama="schemathesis", actor=None
    )
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    headers = {"Authorization": f"Bearer {raw}"}
    results = list(schema.get_all_operations())
    assert all(isinstance(r, Ok) for r in results), results  # the schema itself is valid
    operations = [r.ok() for r in results if isinstance(r, Ok)]
    assert len(operations) >= 10
    started = time.monotonic()
    sent: dict[str, int] = {}
    for operation in operations:
        label = operation.label
        names = {p.name for p in operation.path_parameters}
        strategy = st.one_of(
            [
                operation.as_strategy(
                    path_parameters={k: v for k, v in values.items() if k in names}
                )
                for values in _path_parameters(live_world)
            ]
        )

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case: Any) -> None:
            case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)
            sent[case.operation.label] = sent.get(case.operation.label, 0) + 1

        run()
        assert sent.get(label), label
    assert set(sent) == {op.label for op in operations}
    assert time.monotonic() - started < BUDGET_SECONDS


def _schema_classes(cls: type[Schema]) -> Iterator[type[Schema]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _schema_classes(sub)


def test_no_two_api_schemas_share_a_name():
    """OpenAPI names a component by its class: two classes of one name would share one entry,
    and one of their operations would describe the other's answer (portal's and publik's
    ``TPSOut`` once did, then pindai's and publik's ``AngkaOut``). Every schema of every app
    that the API has loaded is checked, so a new app cannot bring a clash back."""
    api.get_openapi_schema()  # every router's schemas are imported by now
    fields: dict[str, set[tuple[str, ...]]] = {}
    for cls in _schema_classes(Schema):
        if cls.__module__.startswith("selenggara.") and ".tests" not in cls.__module__:
            fields.setdefault(cls.__name__, set()).add(tuple(sorted(cls.model_fields)))
    assert {name: shapes for name, shapes in fields.items() if len(shapes) > 1} == {}


def _request_schema(path_end: str, media: str) -> dict[str, Any]:
    paths = api.get_openapi_schema()["paths"]
    path = next(p for p in paths if p.endswith(path_end))
    schema: dict[str, Any] = paths[path]["post"]["requestBody"]["content"][media]["schema"]
    return schema


def test_the_schema_states_what_the_server_refuses():
    kirim = _request_schema("/c-hasil/{jenis}", "application/json")["properties"]["angka"]
    assert kirim["minProperties"] == 1  # an empty angka is refused
    assert kirim["additionalProperties"] == {"type": "integer", "minimum": 0, "maximum": 99_999}
    foto = _request_schema("/c-hasil/{jenis}/foto", "multipart/form-data")
    branches = {b["properties"]["dari"]["const"]: b for b in foto["oneOf"]}
    assert sorted(branches) == list(range(1, 100))
    assert branches[3]["properties"]["halaman"] == {"maximum": 3}  # no page beyond its dari
    assert foto["properties"]["halaman"]["minimum"] == 1
    kunci = _request_schema("/konfirmasi", "application/json")["properties"]["kunci"]
    assert "422" in kunci["description"]  # only flagged fields; the others are refused
