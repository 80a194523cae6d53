"""core/raw.py: hand-written reads load instances exactly as the ORM does, on both engines.

Here rather than in core's tests: it needs the models of the apps above core."""

from __future__ import annotations

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from selenggara.core.audit import audit_record
from selenggara.core.models import AuditLog
from selenggara.core.raw import placeholders, select
from selenggara.pemilihan.models import TPS, Pemilihan

pytestmark = pytest.mark.django_db


def _fields(instance: object) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}  # type: ignore[attr-defined]


def test_rows_with_dates_uuids_and_booleans_read_as_the_orm_reads_them(pemilihan):
    got = select(Pemilihan, "kode = %s", [pemilihan.kode])

    assert [_fields(p) for p in got] == [_fields(Pemilihan.objects.get(pk=pemilihan.pk))]
    assert got[0]._state.adding is False
    assert got[0]._state.db == connection.alias


def test_json_and_datetimes_read_as_the_orm_reads_them(db):
    audit_record(
        actor=None, action="uji.baca", target=("uji", "1"), after={"angka": [1, 2], "teks": "é"}
    )

    (got,) = select(AuditLog, "action = %s", ["uji.baca"])

    assert _fields(got) == _fields(AuditLog.objects.get(action="uji.baca"))
    assert got.after == {"angka": [1, 2], "teks": "é"}
    assert got.at.tzinfo is not None


def test_in_order_and_no_rows(wilayah_tree):
    ids = [t.pk for t in wilayah_tree.tps_list]

    got = select(TPS, f"id IN ({placeholders(len(ids))})", ids, order="kode DESC")

    assert [t.kode for t in got] == sorted((t.kode for t in wilayah_tree.tps_list), reverse=True)
    assert model_to_dict(got[0]) == model_to_dict(TPS.objects.get(pk=got[0].pk))
    assert select(TPS, "kode = %s", ["tidak-ada"]) == []


def test_placeholders_for_in():
    assert placeholders(1) == "%s"
    assert placeholders(3) == "%s, %s, %s"
    with pytest.raises(ValueError, match="at least one"):
        placeholders(0)
