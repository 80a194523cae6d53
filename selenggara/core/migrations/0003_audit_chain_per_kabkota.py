"""Partition the audit log into one hash chain per kab/kota (docs/adr/0014).

Rows already written stay exactly as they are and form the closed ``global`` chain, their
position (``urut``) equal to their ``seq``: they are hashed as before, so they still verify,
and a checkpoint written before this migration still vouches for them. On PostgreSQL ``seq``
gets a sequence, so appends to different chains need no common lock.
"""

from django.db import migrations, models

SEQUENCE = "core_auditlog_seq_global"


def _sequence_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} OWNED BY core_auditlog.seq")
    schema_editor.execute(
        f"SELECT setval('{SEQUENCE}', COALESCE((SELECT MAX(seq) FROM core_auditlog), 0) + 1, false)"
    )


def _sequence_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_cache_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditlog",
            name="rantai",
            field=models.CharField(default="global", max_length=16, verbose_name="rantai"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditlog",
            name="urut",
            field=models.BigIntegerField(default=0, verbose_name="urutan dalam rantai"),
            preserve_default=False,
        ),
        migrations.RunSQL("UPDATE core_auditlog SET urut = seq", migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="auditlog",
            constraint=models.UniqueConstraint(
                fields=("rantai", "urut"), name="core_auditlog_rantai_urut"
            ),
        ),
        migrations.RunPython(_sequence_create, _sequence_drop),
    ]
