# Section IV now lives in CHasilVersi.suara (0002, filled by 0003); its row table goes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('tungsura', '0003_chasilversi_suara_fill'),
    ]

    operations = [
        migrations.DeleteModel(
            name='CHasilSuara',
        ),
    ]
