"""Which TPS teams the planner trains first: new members (never KPPS before) or replacements."""

import datetime as dt

import pytest

from selenggara.bimtek.instance import instance_build, kecamatan_kode_list, window_of
from selenggara.bimtek.tests.conftest import anggota_make
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pemilihan.models import TPS
from selenggara.pemilihan.services import pemilihan_create

pytestmark = pytest.mark.django_db


def _prioritas(rencana) -> dict[str, bool]:
    instance = instance_build(
        rencana=rencana,
        window=window_of(rencana),
        kecamatan_list=kecamatan_kode_list(rencana=rencana, wilayah_kode=rencana.kabkota_kode),
    )
    return {t.kode: t.prioritas for t in instance.tim_list}


def _served_before(anggota: AnggotaKPPS, earlier) -> None:
    """The same person (same NIK digest) was a KPPS member of ``earlier``."""
    pendaftar = anggota.pendaftar
    pendaftar.pk = None
    pendaftar.pemilihan = earlier
    pendaftar.token_digest = f"2019-{pendaftar.token_digest}"[:64]  # its own status-page token
    pendaftar.save()
    tps, _created = TPS.objects.get_or_create(
        pemilihan=earlier,
        kode=anggota.tps.kode,
        defaults={
            "desa": anggota.tps.desa,
            "nomor": anggota.tps.nomor,
            "dpt_laki": 1,
            "dpt_perempuan": 1,
            "dpt": 2,
        },
    )
    AnggotaKPPS.objects.create(
        pemilihan=earlier,
        tps=tps,
        desa_kode=anggota.desa_kode,
        pendaftar=pendaftar,
        peran=anggota.peran,
        posisi=anggota.posisi,
        peringkat=anggota.peringkat,
        ditetapkan_at=anggota.ditetapkan_at,
        ditetapkan_by=anggota.ditetapkan_by,
    )


def test_a_team_with_a_first_time_member_trains_first(rencana, kpu_kab, wilayah_tree):
    a, b, c = wilayah_tree.tps_list
    earlier = pemilihan_create(
        kode="pemilu-2019",
        nama="Pemilu 2019",
        jenis="pemilu",
        hari_pemungutan=dt.date(2019, 4, 17),
        versi_wilayah=wilayah_tree.versi,
        actor=kpu_kab,
    )
    veterans = anggota_make(a)  # all seven served in 2019
    for member in veterans:
        _served_before(member, earlier)
    mixed = anggota_make(b)  # six served in 2019, one is new
    for member in mixed[:-1]:
        _served_before(member, earlier)

    prioritas = _prioritas(rencana)

    assert prioritas == {a.kode: False, b.kode: True, c.kode: False}  # c: not yet formed


def test_with_no_earlier_election_every_formed_team_is_new(rencana, wilayah_tree):
    a, _b, _c = wilayah_tree.tps_list
    anggota_make(a)

    assert [k for k, p in _prioritas(rencana).items() if p] == [a.kode]
