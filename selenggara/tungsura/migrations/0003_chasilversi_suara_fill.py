# Copy section IV of every stored version from its CHasilSuara rows ({kunci: suara}) into
# CHasilVersi.suara, and back when migrating backwards. Self-contained on purpose: it must keep
# working whatever later happens to the app's domain code.

import re
from itertools import groupby
from operator import itemgetter

from django.db import migrations

VERSI_PER_BATCH = 1_000  # versions updated per UPDATE statement (~200 numbers each)
ROWS_PER_BATCH = 20_000  # section IV rows fetched or inserted at a time

_CALON = re.compile(r"^calon_(\d{1,2})$")
_PARTAI = re.compile(r"^partai_(\d{1,2})$")
_PARTAI_CALON = re.compile(r"^partai_(\d{1,2})_calon_(\d{1,2})$")
_PARTAI_JUMLAH = re.compile(r"^partai_(\d{1,2})_jumlah$")


def _parse(kunci):
    """(partai_nomor, calon_nomor, jumlah_partai) of a section IV key, as the rows held them."""
    if m := _CALON.match(kunci):
        return None, int(m[1]), False
    if m := _PARTAI.match(kunci):
        return int(m[1]), None, False
    if m := _PARTAI_CALON.match(kunci):
        return int(m[1]), int(m[2]), False
    if m := _PARTAI_JUMLAH.match(kunci):
        return int(m[1]), None, True
    raise ValueError(f"{kunci!r} is not a section IV key; cannot store it as a CHasilSuara row")


def _paper_order(item):
    """Sort key putting a version's keys in the paper's order: pairs/candidates by number, or
    per party its own votes, its candidates by number, then its total."""
    partai, calon, jumlah = _parse(item[0])
    return (partai or 0, 2 if jumlah else (0 if calon is None or partai is None else 1), calon or 0)


def suara_fill(apps, schema_editor):
    CHasilSuara = apps.get_model('tungsura', 'CHasilSuara')
    CHasilVersi = apps.get_model('tungsura', 'CHasilVersi')
    db = schema_editor.connection.alias
    rows = (
        CHasilSuara.objects.using(db)
        .order_by('versi_id', 'id')
        .values_list('versi_id', 'kunci', 'suara')
        .iterator(chunk_size=ROWS_PER_BATCH)
    )
    batch = []
    for versi_id, group in groupby(rows, key=itemgetter(0)):
        batch.append(CHasilVersi(pk=versi_id, suara={kunci: suara for _, kunci, suara in group}))
        if len(batch) >= VERSI_PER_BATCH:
            CHasilVersi.objects.using(db).bulk_update(batch, ['suara'])
            batch = []
    if batch:
        CHasilVersi.objects.using(db).bulk_update(batch, ['suara'])


def suara_rows_restore(apps, schema_editor):
    CHasilSuara = apps.get_model('tungsura', 'CHasilSuara')
    CHasilVersi = apps.get_model('tungsura', 'CHasilVersi')
    db = schema_editor.connection.alias
    versions = (
        CHasilVersi.objects.using(db)
        .order_by('pk')
        .values_list('pk', 'suara')
        .iterator(chunk_size=VERSI_PER_BATCH)
    )
    batch = []
    for versi_id, suara in versions:
        for kunci, angka in sorted(suara.items(), key=_paper_order):
            partai, calon, jumlah = _parse(kunci)
            batch.append(
                CHasilSuara(
                    versi_id=versi_id,
                    kunci=kunci,
                    partai_nomor=partai,
                    calon_nomor=calon,
                    jumlah_partai=jumlah,
                    suara=angka,
                )
            )
        if len(batch) >= ROWS_PER_BATCH:
            CHasilSuara.objects.using(db).bulk_create(batch)
            batch = []
    if batch:
        CHasilSuara.objects.using(db).bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('tungsura', '0002_chasilversi_suara'),
    ]

    operations = [
        migrations.RunPython(suara_fill, suara_rows_restore, elidable=False),
    ]
