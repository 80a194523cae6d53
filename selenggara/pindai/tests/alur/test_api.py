"""The upload and status API end to end: a real photo, read by the task, polled by the phone."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from selenggara.accounts.domain.peran import Peran
from selenggara.pindai.models import Pembacaan, TinjauanAngka
from selenggara.pindai.services import tinjauan_putuskan
from selenggara.pindai.tests.alur.conftest import SHEET, photo
from selenggara.portal.tests.world import TPS_A1, TPS_B1, World
from selenggara.tungsura.models import Sumber
from selenggara.tungsura.tests.api.apiclient import Api, api_for

URL = "/api/pindai/pemilihan/pemilu-2024/tps/{tps}/c-hasil/{jenis}/bacaan"
FOTO = "/api/tungsura/pemilihan/pemilu-2024/tps/{tps}/c-hasil/ppwp/foto"


@pytest.fixture
def api(world: World) -> Api:
    return api_for(world, Peran.KPPS_KETUA)


def _file(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("hal.jpg", data)


def _post(api: Api, name: str, halaman: int, capture) -> dict[str, object]:
    with capture(execute=True):
        response = api.post_multipart(
            FOTO.format(tps=TPS_A1),
            {"halaman": str(halaman), "dari": "3", "berkas": _file(photo(name))},
        )
    assert response.status_code == 201, response.content
    body: dict[str, object] = response.json()
    return body


def test_a_photo_posted_is_read_in_the_background_and_its_status_polled(
    api: Api, django_capture_on_commit_callbacks
):
    foto = _post(api, "hal2.jpg", 2, django_capture_on_commit_callbacks)

    body = api.get(URL.format(tps=TPS_A1, jenis="ppwp")).json()

    assert body["tps"] == TPS_A1
    [row] = body["foto"]
    assert row["foto"] == foto["id"]
    assert row["sha256"] == foto["sha256"]
    assert (row["halaman"], row["dari"]) == (2, 3)
    assert row["status"] in {"otomatis", "tinjau"}
    assert set(row["angka"]) == {"calon_1", "calon_2", "calon_3"}
    decided = {k: v["nilai"] for k, v in row["angka"].items() if v["otomatis"]}
    assert decided == {k: SHEET[k] for k in decided}
    assert row["dibaca_pada"] is not None
    assert row["versi"] is None  # pages 1 and 3 are not there yet


def test_a_whole_sheet_read_automatically_becomes_a_version_from_the_reader(
    api: Api, world: World, django_capture_on_commit_callbacks
):
    for nomor in (2, 3):
        _post(api, f"hal{nomor}.jpg", nomor, django_capture_on_commit_callbacks)
    # Page 1 needs a person for some numbers: resolve them as the paper says.
    _post(api, "hal1.jpg", 1, django_capture_on_commit_callbacks)
    pps = world.user(Peran.PPS)
    for item in TinjauanAngka.objects.filter(selesai=False):
        tinjauan_putuskan(
            tinjauan=item, nilai=SHEET[item.kunci], cara=TinjauanAngka.Cara.KETIK, actor=pps
        )

    rows = api.get(URL.format(tps=TPS_A1, jenis="ppwp")).json()["foto"]
    assert [r["versi"] for r in rows] == [1, 1, 1]
    versi = Pembacaan.objects.get(halaman=2).versi
    assert versi is not None
    assert versi.sumber == Sumber.PINDAI
    assert versi.suara == {k: SHEET[k] for k in ("calon_1", "calon_2", "calon_3")}
    assert versi.suara_sah == SHEET["suara_sah"]


def test_a_blurred_photo_is_refused_with_what_to_do(api: Api, django_capture_on_commit_callbacks):
    _post(api, "buram.jpg", 2, django_capture_on_commit_callbacks)

    [row] = api.get(URL.format(tps=TPS_A1, jenis="ppwp")).json()["foto"]

    assert row["status"] == "tolak"
    assert "foto ulang" in row["alasan"][0]
    assert row["angka"] == {}


def test_the_status_of_a_tps_outside_the_scope_is_a_404_like_an_unknown_one(api: Api):
    assert api.get(URL.format(tps=TPS_B1, jenis="ppwp")).status_code == 404
    assert api.get(URL.format(tps="3303019999001", jenis="ppwp")).status_code == 404


def test_a_sheet_without_photos_has_no_readings(api: Api):
    body = api.get(URL.format(tps=TPS_A1, jenis="ppwp")).json()

    assert body == {"tps": TPS_A1, "jenis": "ppwp", "foto": []}


def test_the_status_can_be_asked_for_one_page(api: Api, django_capture_on_commit_callbacks):
    _post(api, "hal2.jpg", 2, django_capture_on_commit_callbacks)
    _post(api, "hal3.jpg", 3, django_capture_on_commit_callbacks)

    rows = api.get(URL.format(tps=TPS_A1, jenis="ppwp") + "?halaman=3").json()["foto"]

    assert [r["halaman"] for r in rows] == [3]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param(
            {"halaman": "2", "dari": "3", "berkas": _file(b"not an image")}, "foto", id="bytes"
        ),
        pytest.param({"halaman": "2", "dari": "3"}, "berkas", id="no-file"),
        pytest.param(
            {"halaman": "7", "dari": "3", "berkas": _file(b"\xff\xd8\xff")}, "halaman", id="page"
        ),
    ],
)
def test_a_malformed_upload_is_refused_and_nothing_waits_to_be_read(
    api: Api, data, field, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post_multipart(FOTO.format(tps=TPS_A1), data)

    assert response.status_code in {400, 422}
    assert not Pembacaan.objects.exists()
