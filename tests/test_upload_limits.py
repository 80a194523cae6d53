"""Every upload path keeps its limits through the web and the API: a 50 MB body is refused
unread with a clear 413, and a file whose bytes do not match its name is refused by its bytes."""

import io

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import Client
from django.urls import reverse

from selenggara.accounts.domain.peran import Peran
from selenggara.core.uploads import LimitedUploadHandler
from selenggara.tungsura.models import CHasilFoto
from selenggara.tungsura.tests.api.apiclient import api_for, url
from selenggara.tungsura.tests.world import tungsura_world_build

pytestmark = pytest.mark.django_db

FIFTY_MB = 50 * 1024 * 1024
TPS = "3303012001001"


def _big(name: str) -> io.BytesIO:
    buffer = io.BytesIO(b"\xff\xd8\xff" + b"\0" * FIFTY_MB)
    buffer.name = name
    return buffer


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(reverse("tungsura:c_hasil_foto", args=[TPS, "ppwp"]), id="c-hasil-photo-web"),
        pytest.param(reverse("kejadian:tambah", args=[TPS]), id="incident-web"),
        pytest.param(reverse("pembentukan:dokumen_upload", args=[1]), id="document-web"),
        pytest.param(reverse("pembentukan:daftar"), id="registration-web"),
    ],
)
def test_a_50_mb_body_is_refused_unread_on_every_web_upload_path(path):
    response = Client().post(path, {"foto": _big("halaman.jpg")})

    assert response.status_code == 413
    assert "Kiriman terlalu besar: paling besar 30 MB" in response.text


def test_a_50_mb_photo_through_the_api_is_a_json_413():
    world = tungsura_world_build()
    api = api_for(world, Peran.KPPS_KETUA)

    response = api.post_multipart(
        url("/ppwp/foto"), {"halaman": "1", "dari": "3", "berkas": _big("halaman.jpg")}
    )

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert not CHasilFoto.objects.exists()


def test_a_pdf_named_jpg_through_the_api_is_refused_by_its_bytes():
    world = tungsura_world_build()
    api = api_for(world, Peran.KPPS_KETUA)
    pdf = io.BytesIO(b"%PDF-1.7\n" + b"0" * 5000)
    pdf.name = "halaman.jpg"

    response = api.post_multipart(url("/ppwp/foto"), {"halaman": "1", "dari": "3", "berkas": pdf})

    assert response.status_code == 422
    assert response.json()["kolom"][0]["kunci"] == "foto"
    assert "bukan foto" in response.json()["detail"]
    assert not CHasilFoto.objects.exists()


def test_a_body_without_a_true_length_is_stopped_past_the_ceiling(settings):
    settings.SELENGGARA_UNGGAH_MAKS = 1000
    handler = LimitedUploadHandler()

    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    with pytest.raises(RequestDataTooBig, match="paling besar 0 MB"):
        handler.receive_data_chunk(b"x" * 600, 600)
    assert handler.file_complete(1200) is None


def test_a_bad_content_length_is_left_to_django(settings):
    response = Client().generic("POST", reverse("verifikasi:cari"), b"", CONTENT_LENGTH="banyak")

    assert response.status_code != 413
