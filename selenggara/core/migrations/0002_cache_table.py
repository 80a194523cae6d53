"""Create the shared database cache's table (rate-limit counters) as part of `migrate`."""

from django.core.management import call_command
from django.db import migrations


def _create_cache_tables(apps, schema_editor):  # noqa: ARG001 - the RunPython signature
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(_create_cache_tables, migrations.RunPython.noop)]
