"""Migrations 0002-0004: section IV of a version moves from CHasilSuara rows into
CHasilVersi.suara, and back to rows when migrating backwards, without losing a number."""

from __future__ import annotations

import pytest
from django.db import connection

from selenggara.accounts.domain.peran import Peran
from selenggara.core.tests.migrations import migrate_latest, migrate_to
from selenggara.portal.tests.world import TPS_A1
from selenggara.tungsura.domain.lembar import KunciSuara, kunci_parse
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_submit
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build

# Schema changes on SQLite cannot run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

ROWS = ("tungsura", "0002_chasilversi_suara")  # the column exists, the rows are still the data


def test_section_iv_moves_from_rows_to_the_version_and_back():
    world = tungsura_world_build()
    tps = world.tps[TPS_A1]
    stored: dict[int, tuple[dict[str, int], list[str]]] = {}
    for jenis in ("ppwp", "dpr"):  # a pair sheet and a party sheet
        lembar = lembar_for_tps(tps=tps, jenis=jenis)
        versi = c_hasil_submit(
            tps=tps,
            jenis=jenis,
            angka=lembar_konsisten(lembar.susunan, lembar.konteks),
            actor=world.user(Peran.KPPS_KETUA),
            sumber=Sumber.PONSEL_KPPS,
        ).versi
        stored[versi.pk] = (dict(versi.suara), lembar.susunan.kunci_suara())

    try:
        apps = migrate_to(ROWS)  # backwards through 0004 and 0003: the rows come back
        suara_model = apps.get_model("tungsura", "CHasilSuara")
        for pk, (suara, kunci) in stored.items():
            rows = list(
                suara_model.objects.filter(versi_id=pk)
                .order_by("id")
                .values_list("kunci", "partai_nomor", "calon_nomor", "jumlah_partai", "suara")
            )
            assert [row[0] for row in rows] == kunci  # in the paper's order
            assert {row[0]: row[4] for row in rows} == suara
            for key, partai, calon, jumlah, _angka in rows:
                assert kunci_parse(key) == KunciSuara(partai=partai, calon=calon, jumlah=jumlah)
        # As before 0002: the numbers only in the rows.
        apps.get_model("tungsura", "CHasilVersi").objects.update(suara={})
    finally:
        # Forwards through 0003 and 0004 (filled from the rows, rows dropped) and on to every
        # app's latest: going back to 0002 also unapplied what depends on tungsura (rekap,
        # pindai...), and a worker's later tests need their tables.
        migrate_latest()

    for pk, (suara, _kunci) in stored.items():
        assert CHasilVersi.objects.get(pk=pk).suara == suara
    assert "tungsura_chasilsuara" not in connection.introspection.table_names()
