"""Leave half of every applicant page free, so the screening's UPDATE is a HOT update.

The national screening (``penelitian/massal.py``) sets ``status``, ``status_at`` and
``diteliti_at`` on every applicant of a batch. No index covers those columns, so PostgreSQL
can write each new row version on the old one's page and leave the table's ten indexes alone
(a heap-only tuple), but only where the page has room. A batch updates every row of a page in
one transaction, so the room needed is the rows themselves: fillfactor 50. The next run's
prune of a page reclaims the previous run's versions, so the room stays.

The setting applies to the pages written after it (new applicants, COPY of an import); an
existing table takes it on its next rewrite (``VACUUM FULL pembentukan_pendaftar`` or
pg_repack, in a quiet hour). SQLite has no fillfactor: there the migration does nothing.
"""

from django.db import migrations

TABLE = "pembentukan_pendaftar"
FILLFACTOR = 50


def _fillfactor_set(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = {FILLFACTOR})")


def _fillfactor_reset(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("pembentukan", "0006_merge_dokumen_dan_penelitian"),
    ]

    operations = [
        migrations.RunPython(_fillfactor_set, _fillfactor_reset, elidable=False),
    ]
