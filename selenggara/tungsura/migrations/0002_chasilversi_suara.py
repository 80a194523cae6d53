# Section IV of a version becomes one JSON object on the version (docs/adr/0010): first the
# column, then 0003 copies the CHasilSuara rows into it, then 0004 drops those rows' table.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tungsura', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='chasilversi',
            name='suara',
            field=models.JSONField(default=dict),
        ),
    ]
