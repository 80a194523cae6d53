"""Migration 0003: findings stored with their text become the project's data-only shape."""

from __future__ import annotations

import importlib

import pytest
from django.utils import timezone

from selenggara.core.tests.migrations import migrate_latest, migrate_to
from selenggara.pembentukan.messages import temuan_petugas_text, temuan_text
from selenggara.pembentukan.tests.helpers import jadwal_open, pendaftar_make

m = importlib.import_module("selenggara.pembentukan.migrations.0003_temuan_as_data")

OLD = {
    "code": "anggota_partai",
    "severity": "error",
    "message_id": "NIK terdaftar sebagai anggota partai politik.",
    "params": {},
    "field": "nik",
    "catatan_petugas": "Partai politik dalam data keanggotaan: Partai Contoh",
    "syarat": "e_bukan_anggota_partai",
}
NEW = {
    "kode": "anggota_partai",
    "tingkat": "galat",
    "kunci": ["nik"],
    "params": {},
    "params_petugas": {"catatan": "Partai politik dalam data keanggotaan: Partai Contoh"},
    "syarat": "e_bukan_anggota_partai",
    "pesan": "NIK terdaftar sebagai anggota partai politik.",
}


def test_an_old_finding_becomes_data_and_keeps_its_words():
    assert m._forward_one(OLD) == NEW
    assert m._forward_one(NEW) == NEW
    assert temuan_petugas_text(NEW) == OLD["catatan_petugas"]
    assert temuan_text(NEW).startswith("NIK terdaftar sebagai anggota partai politik.")


def test_a_warning_without_field_or_note():
    old = {"code": "usia_lebih_55", "severity": "warning", "message_id": "", "params": {}}
    new = m._forward_one(old)
    assert (new["tingkat"], new["kunci"], new["params_petugas"]) == ("peringatan", [], {})
    assert "pesan" not in new


def test_backward_restores_the_old_shape():
    assert m._backward_one(NEW) == OLD
    assert m._backward_one(OLD) == OLD
    assert m._backward_one({"kode": "x", "tingkat": "peringatan"})["severity"] == "warning"


@pytest.mark.django_db(transaction=True)
def test_the_migration_converts_stored_rows_both_ways(wilayah_tree):
    jadwal_open(wilayah_tree.pemilihan)
    pendaftar = pendaftar_make(wilayah_tree.pemilihan, wilayah_tree.desa_list[0])
    try:
        old_apps = migrate_to(("pembentukan", "0002_penetapan"))
        old_model = old_apps.get_model("pembentukan", "HasilPenelitian")
        old_model.objects.create(
            pendaftar_id=pendaftar.pk, temuan=[OLD], memenuhi_syarat=False, run_at=timezone.now()
        )
        migrate_to(("pembentukan", "0003_temuan_as_data"))
        assert [h.temuan for h in old_model.objects.all()] == [[NEW]]
        migrate_to(("pembentukan", "0002_penetapan"))
        assert [h.temuan for h in old_model.objects.all()] == [[OLD]]
    finally:
        migrate_latest()
