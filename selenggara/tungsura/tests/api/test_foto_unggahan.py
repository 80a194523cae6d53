"""Resumable page-photo uploads (issue 14): declared, sent in parts, resumed at the offset the
server holds, checked by SHA-256 and stored once through the one photo path."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from selenggara.accounts.domain.peran import Peran
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, TPS_A2, World
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilFoto, CHasilFotoUnggahan, CHasilFotoUnggahanBagian
from selenggara.tungsura.tests.api.apiclient import Api, api_for, url

PART = 1000


def _jpeg() -> bytes:
    """A photo of a few kB, so that it takes several parts."""
    buffer = io.BytesIO()
    image = Image.effect_noise((80, 60), 64).convert("RGB")
    image.save(buffer, "JPEG", quality=95)
    data = buffer.getvalue()
    assert len(data) > 3 * PART
    return data


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _start(api: Api, data: bytes, *, halaman: int = 1, sha256: str | None = None, tps=TPS_A1):
    body = {"halaman": halaman, "dari": 3, "ukuran": len(data), "sha256": sha256 or _sha(data)}
    return api.post_json(url("/ppwp/unggahan", tps=tps), body)


def _part(api: Api, unggahan_id: str, offset: int | None, data: bytes, *, tps=TPS_A1):
    headers = {"Authorization": f"Bearer {api.token}"}
    if offset is not None:
        headers["Upload-Offset"] = str(offset)
    return api.client.post(
        url(f"/ppwp/unggahan/{unggahan_id}", tps=tps),
        data=data,
        content_type="application/octet-stream",
        headers=headers,
    )


def _send_from(api: Api, unggahan_id: str, data: bytes, offset: int):
    response = None
    while offset < len(data):
        response = _part(api, unggahan_id, offset, data[offset : offset + PART])
        assert response.status_code in {200, 201}, response.content
        offset = response.json()["offset"]
    return response


def test_a_photo_sent_in_parts_is_stored_once_with_its_digest(api: Api):
    data = _jpeg()

    started = _start(api, data)
    assert started.status_code == 201, started.content
    body = started.json()
    assert (body["offset"], body["ukuran"], body["selesai"]) == (0, len(data), False)
    first = _part(api, body["id"], 0, data[:PART])
    assert first.status_code == 200
    assert (first.json()["offset"], first.json()["selesai"]) == (PART, False)
    last = _send_from(api, body["id"], data, PART)

    assert last.status_code == 201
    answer = last.json()
    assert answer["selesai"] is True
    assert answer["offset"] == len(data)
    foto = CHasilFoto.objects.get()
    assert answer["foto"]["id"] == foto.pk
    assert foto.sha256 == _sha(data) == answer["sha256"]
    assert (foto.halaman, foto.dari, foto.ukuran, foto.content_type) == (
        1,
        3,
        len(data),
        "image/jpeg",
    )
    with foto.berkas.open("rb") as handle:
        assert handle.read() == data
    assert not CHasilFotoUnggahanBagian.objects.exists()  # the parts are gone
    unggahan = CHasilFotoUnggahan.objects.get()
    assert (unggahan.foto_id, unggahan.diterima) == (foto.pk, len(data))
    assert unggahan.selesai_pada is not None
    assert AuditLog.objects.filter(action="c_hasil.foto_unggahan").count() == 1
    assert AuditLog.objects.filter(action="c_hasil.foto").count() == 1


def test_starting_again_resumes_at_the_bytes_the_server_holds(api: Api):
    data = _jpeg()
    unggahan_id = _start(api, data).json()["id"]
    _part(api, unggahan_id, 0, data[:PART])
    _part(api, unggahan_id, PART, data[PART : 2 * PART])

    # The connection dropped; the phone reloads and asks again for the same page and digest.
    again = _start(api, data)

    assert again.status_code == 200
    assert (again.json()["id"], again.json()["offset"]) == (unggahan_id, 2 * PART)
    _send_from(api, unggahan_id, data, 2 * PART)
    with CHasilFoto.objects.get().berkas.open("rb") as handle:
        assert handle.read() == data
    assert AuditLog.objects.filter(action="c_hasil.foto_unggahan").count() == 1


def test_a_part_at_a_wrong_offset_is_a_409_naming_the_servers_offset(api: Api):
    data = _jpeg()
    unggahan_id = _start(api, data).json()["id"]
    _part(api, unggahan_id, 0, data[:PART])

    # The answer to part 1 was lost: the phone sends it again, then jumps ahead.
    repeated = _part(api, unggahan_id, 0, data[:PART])
    ahead = _part(api, unggahan_id, 3 * PART, data[3 * PART : 4 * PART])

    for response in (repeated, ahead):
        assert response.status_code == 409
        body = response.json()
        assert (body["code"], body["offset"]) == ("offset_salah", PART)
        assert f"mulai bait ke-{PART}" in body["detail"]
    assert CHasilFotoUnggahan.objects.get().diterima == PART
    assert CHasilFotoUnggahanBagian.objects.count() == 1


def test_bytes_that_do_not_match_the_declared_sha256_are_discarded_and_nothing_stored(api: Api):
    data = _jpeg()
    other = hashlib.sha256(b"foto lain").hexdigest()
    unggahan_id = _start(api, data, sha256=other).json()["id"]
    _part(api, unggahan_id, 0, data[:PART])

    response = _part(api, unggahan_id, PART, data[PART:])

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "sha256_tidak_cocok"
    assert "SHA-256 berbeda" in body["detail"]
    assert "dari awal" in body["detail"]
    assert not CHasilFoto.objects.exists()
    assert not CHasilFotoUnggahanBagian.objects.exists()
    assert CHasilFotoUnggahan.objects.get().diterima == 0
    (tolak,) = AuditLog.objects.filter(action="c_hasil.foto_unggahan_tolak")
    assert (tolak.after or {})["sha256_diterima"] == _sha(data)
    # The phone may start over from 0 under the same upload.
    assert _start(api, data, sha256=other).json()["offset"] == 0


def test_the_last_part_sent_again_after_a_lost_answer_returns_the_stored_photo(api: Api):
    data = _jpeg()
    unggahan_id = _start(api, data).json()["id"]
    _send_from(api, unggahan_id, data, 0)
    last_offset = (len(data) - 1) // PART * PART

    again = _part(api, unggahan_id, last_offset, data[last_offset:])
    restarted = _start(api, data)

    assert again.status_code == 200
    assert again.json()["selesai"] is True
    assert again.json()["foto"]["ulangan"] is True
    assert restarted.status_code == 200
    assert (restarted.json()["selesai"], restarted.json()["offset"]) == (True, len(data))
    assert CHasilFoto.objects.count() == 1


def test_a_completed_photo_drops_the_tps_s_abandoned_uploads(api: Api, world: World):
    abandoned = _unggahan_of(world, TPS_A1)
    CHasilFotoUnggahanBagian.objects.create(unggahan=abandoned, offset=0, data=b"x" * 100)
    CHasilFotoUnggahan.objects.filter(pk=abandoned.pk).update(
        diterima=100, diperbarui_pada=timezone.now() - timedelta(days=3)
    )
    recent = _unggahan_of(world, TPS_A1, halaman=2)
    other_tps = _unggahan_of(world, TPS_A2)
    CHasilFotoUnggahan.objects.filter(pk=other_tps.pk).update(
        diperbarui_pada=timezone.now() - timedelta(days=3)
    )
    data = _jpeg()

    _send_from(api, _start(api, data).json()["id"], data, 0)

    left = set(CHasilFotoUnggahan.objects.values_list("pk", flat=True))
    assert abandoned.pk not in left
    assert {recent.pk, other_tps.pk} <= left
    assert not CHasilFotoUnggahanBagian.objects.exists()
    (hapus,) = AuditLog.objects.filter(action="c_hasil.foto_unggahan_hapus")
    assert hapus.target_id == str(abandoned.pk)
    # The phone that comes back to it is told it is gone, and opens it again.
    gone = _part(api, str(abandoned.pk), 100, b"y" * 10)
    assert gone.status_code == 404


def test_a_photo_stored_whole_already_is_complete_before_any_part(api: Api):
    data = _jpeg()
    whole = io.BytesIO(data)
    whole.name = "hal1.jpg"
    api.post_multipart(url("/ppwp/foto"), {"halaman": "1", "dari": "3", "berkas": whole})

    response = _start(api, data)

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["selesai"], body["offset"]) == (None, True, len(data))
    assert body["foto"]["id"] == CHasilFoto.objects.get().pk
    assert not CHasilFotoUnggahan.objects.exists()


def test_parts_forming_no_image_are_refused_and_nothing_is_stored(api: Api):
    data = b"bukan gambar, " * 200
    unggahan_id = _start(api, data).json()["id"]
    _part(api, unggahan_id, 0, data[:PART])

    response = _part(api, unggahan_id, PART, data[PART:])

    assert response.status_code == 422
    assert "bukan foto" in response.json()["detail"]
    assert not CHasilFoto.objects.exists()
    assert CHasilFotoUnggahan.objects.get().diterima == PART  # the last part was not kept


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"halaman": 4}, "halaman"),
        ({"ukuran": 0}, "ukuran"),
        ({"ukuran": 10 * 1024 * 1024 + 1}, "ukuran"),
        ({"sha256": "xyz"}, "sha256"),
    ],
)
def test_an_impossible_declaration_is_a_422(api: Api, change, field):
    body = {"halaman": 1, "dari": 3, "ukuran": 5000, "sha256": "a" * 64, **change}

    response = api.post_json(url("/ppwp/unggahan"), body)

    assert response.status_code == 422
    assert response.json()["kolom"][0]["kunci"] == field
    assert not CHasilFotoUnggahan.objects.exists()


def test_the_same_digest_with_another_size_is_a_422(api: Api):
    data = _jpeg()
    _start(api, data)

    body = {"halaman": 1, "dari": 3, "ukuran": len(data) + 1, "sha256": _sha(data)}
    response = api.post_json(url("/ppwp/unggahan"), body)

    assert response.status_code == 422
    assert response.json()["kolom"][0]["kunci"] == "ukuran"


@pytest.mark.parametrize(
    ("offset", "part", "status", "kunci"),
    [
        (None, b"x" * 10, 422, "Upload-Offset"),
        ("-1", b"x" * 10, 422, "Upload-Offset"),
        (0, b"", 422, "berkas"),
        (0, b"x" * 10_000, 422, "berkas"),  # past the declared size
        (0, b"x" * (1024 * 1024 + 1), 413, None),
    ],
)
def test_a_malformed_part_is_refused_and_changes_nothing(api: Api, offset, part, status, kunci):
    unggahan_id = _start(api, _jpeg()[:5000], sha256="b" * 64).json()["id"]
    headers = {"Authorization": f"Bearer {api.token}"}
    if offset is not None:
        headers["Upload-Offset"] = str(offset)

    response = api.client.post(
        url(f"/ppwp/unggahan/{unggahan_id}"),
        data=part,
        content_type="application/octet-stream",
        headers=headers,
    )

    assert response.status_code == status, response.content
    if kunci:
        assert response.json()["kolom"][0]["kunci"] == kunci
    assert response.json()["detail"]
    assert CHasilFotoUnggahan.objects.get().diterima == 0


def _unggahan_of(world: World, kode_tps: str, halaman: int = 1) -> CHasilFotoUnggahan:
    tps = world.tps[kode_tps]
    now = timezone.now()
    return CHasilFotoUnggahan.objects.create(
        tps=tps,
        kontestasi=lembar_for_tps(tps=tps, jenis="ppwp").kontestasi,
        halaman=halaman,
        dari=3,
        ukuran=5000,
        sha256="c" * 64,
        dibuat_pada=now,
        diperbarui_pada=now,
    )


def test_another_tps_is_a_404_like_the_photo_endpoint(api: Api, world: World):
    data = _jpeg()
    whole = io.BytesIO(data)
    whole.name = "hal1.jpg"
    photo = api.post_multipart(
        url("/ppwp/foto", tps=TPS_A2), {"halaman": "1", "dari": "3", "berkas": whole}
    )
    foreign = _unggahan_of(world, TPS_A2)
    own = _unggahan_of(world, TPS_A1)

    started = _start(api, data, tps=TPS_A2)
    # A2's upload under A1's URL, and A1's own upload under A2's URL: both unknown.
    foreign_part = _part(api, str(foreign.pk), 0, data[:PART])
    own_under_a2 = _part(api, str(own.pk), 0, data[:PART], tps=TPS_A2)
    unknown = _part(api, "bukan-uuid", 0, data[:PART])

    assert photo.status_code == 404
    for response in (started, foreign_part, own_under_a2, unknown):
        assert response.status_code == photo.status_code
        assert response.json()["code"] == photo.json()["code"]
    assert CHasilFotoUnggahan.objects.filter(diterima=0).count() == 2
    assert not CHasilFotoUnggahanBagian.objects.exists()


def test_a_read_only_role_is_refused_like_the_photo_endpoint(world: World):
    saksi = api_for(world, Peran.SAKSI)
    own = _unggahan_of(world, TPS_A1)
    data = _jpeg()
    whole = io.BytesIO(data)
    whole.name = "hal1.jpg"

    photo = saksi.post_multipart(url("/ppwp/foto"), {"halaman": "1", "dari": "3", "berkas": whole})
    started = _start(saksi, data)
    part = _part(saksi, str(own.pk), 0, data[:PART])

    assert photo.status_code == 403
    assert started.status_code == part.status_code == 403
    assert CHasilFotoUnggahan.objects.count() == 1
    assert not CHasilFotoUnggahanBagian.objects.exists()
