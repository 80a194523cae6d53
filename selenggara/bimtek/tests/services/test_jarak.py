"""Imported desa-venue distances: the file's rules, and the planner using the km."""

from decimal import Decimal

import pytest
from openpyxl import Workbook

from selenggara.bimtek.instance import instance_build, window_of
from selenggara.bimtek.models import JadwalTPS, JarakBimtek, TempatBimtek
from selenggara.bimtek.services import jarak_import, rencana_plan
from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog

pytestmark = pytest.mark.django_db

KEDUNGBENDA, BOKOL = "33.03.01.2001", "33.03.01.2002"


@pytest.fixture
def bokol(rencana) -> TempatBimtek:
    """A second hall, in Bokol, that seats all three teams of the fixture at once."""
    return TempatBimtek.objects.create(
        rencana=rencana,
        kecamatan_kode="33.03.01",
        desa_kode=BOKOL,
        nama="Balai Desa Bokol",
        kapasitas=21,
    )


def test_distances_from_csv_are_stored_audited_and_replaced_on_reimport(
    rencana, bokol, kpu_kab, tmp_path
):
    berkas = tmp_path / "jarak.csv"
    berkas.write_text(
        f'desa_kode,tempat,km\n{KEDUNGBENDA},Balai Desa Bokol,"3,5"\n{BOKOL},Aula Kecamatan,4\n'
    )

    summary = jarak_import(rencana=rencana, path=berkas, actor=kpu_kab)
    berkas.write_text(f"desa_kode,tempat,km\n{KEDUNGBENDA},Balai Desa Bokol,6.25\n")
    jarak_import(rencana=rencana, path=berkas, actor=kpu_kab)

    assert summary.jumlah == 2
    assert dict(JarakBimtek.objects.values_list("desa_kode", "km")) == {
        KEDUNGBENDA: Decimal("6.2"),
        BOKOL: Decimal("4.0"),
    }
    assert AuditLog.objects.filter(action="bimtek.jarak_import").count() == 2


def test_distances_from_xlsx_with_the_venues_kecamatan(rencana, bokol, kpu_kab, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["desa_kode", "tempat", "km", "kecamatan_tempat"])
    sheet.append([KEDUNGBENDA, "Balai Desa Bokol", 2, "33.03.01"])
    berkas = tmp_path / "jarak.xlsx"
    book.save(berkas)

    assert jarak_import(rencana=rencana, path=berkas, actor=kpu_kab).jumlah == 1


def test_a_bad_distance_file_names_every_row_and_field_and_writes_nothing(
    rencana, bokol, kpu_kab, tmp_path
):
    berkas = tmp_path / "jarak.csv"
    berkas.write_text(
        "desa_kode,tempat,km\n"
        f"{KEDUNGBENDA},Balai Desa Bokol,2\n"  # good, but not written with the rest
        "33.03.09.2001,Balai Desa Bokol,2\n"  # a desa outside the plan
        f"{KEDUNGBENDA},Gedung Tidak Ada,2\n"  # no such venue
        f"{BOKOL},Aula Kecamatan,-1\n"
        f"{BOKOL},Balai Desa Bokol,jauh\n"
        f"{BOKOL},Aula Kecamatan,1000\n"
        f"{KEDUNGBENDA},Balai Desa Bokol,3\n"  # the first row's pair again
    )

    with pytest.raises(InvalidInput) as raised:
        jarak_import(rencana=rencana, path=berkas, actor=kpu_kab)

    found = [(e.row, e.field) for e in raised.value.errors]
    assert found == [
        (3, "desa_kode"),
        (4, "tempat"),
        (5, "km"),
        (6, "km"),
        (7, "km"),
        (8, "tempat"),
    ]
    assert "tidak ada di kecamatan 33.03.01" in raised.value.errors[1].message
    assert "'jauh'" in raised.value.errors[3].message
    assert "dua kali" in raised.value.errors[5].message
    assert "6 kesalahan" in str(raised.value)
    assert not JarakBimtek.objects.exists()


def test_the_planner_uses_imported_km_instead_of_the_levels(rencana, bokol, kpu_kab, tmp_path):
    # Without distances one session in Bokol's hall seats all three teams (Kedungbenda's two
    # travel one level each): 1 day + 1 session + 2 x 10 + 21 seats = 1141.
    hasil = rencana_plan(rencana=rencana, wilayah_kode="33.03.01", actor=kpu_kab, waktu_maks=5)
    assert (hasil.status, hasil.objektif) == ("OPTIMAL", 1141)
    assert set(JadwalTPS.objects.values_list("sesi__tempat__nama", flat=True)) == {
        "Balai Desa Bokol"
    }
    berkas = tmp_path / "jarak.csv"
    berkas.write_text(f"desa_kode,tempat,km\n{KEDUNGBENDA},Balai Desa Bokol,8.6\n")
    jarak_import(rencana=rencana, path=berkas, actor=kpu_kab)
    instance = instance_build(
        rencana=rencana, window=window_of(rencana), kecamatan_list=["33.03.01"]
    )
    assert instance.aturan.jarak == {(KEDUNGBENDA, str(bokol.pk)): 9}  # whole km, half up

    hasil = rencana_plan(rencana=rencana, wilayah_kode="33.03.01", actor=kpu_kab, waktu_maks=5)

    # 9 km each for two teams costs more than a second session: each desa trains at home.
    assert (hasil.status, hasil.objektif) == ("OPTIMAL", 1000 + 200 + 0 + 21)
    assert dict(JadwalTPS.objects.values_list("tps__desa__kode", "sesi__tempat__nama")) == {
        KEDUNGBENDA: "Aula Kecamatan",
        BOKOL: "Balai Desa Bokol",
    }
