"""Each provinsi's total over its dapil per contest (dapil NULL), as the nation has since 0002:
the nation's pages list the provinsi from one row each instead of every dapil's (the DPRD
Kab/Kota contest has hundreds of dapil per provinsi)."""

from django.db import migrations

# The rule of domain.agregat.kunci_gabungan as of this migration (frozen, as in 0002).
_SAMA_DI_SEMUA_DAPIL = frozenset({"ppwp", "gubernur", "bupati", "walikota"})
_BERPARTAI = frozenset({"dpr", "dprd_provinsi", "dprd_kabkota"})
_FIGURES = ("tps_masuk", "tps_ditahan", "suara_sah", "suara_tidak_sah", "suara_total")
_FIGURES += ("pengguna_total", "dpt")


def _sums_across_dapil(jenis, kunci):
    return jenis in _SAMA_DI_SEMUA_DAPIL or (jenis in _BERPARTAI and kunci.endswith("_jumlah"))


def _add_totals(apps, schema_editor):
    """Going forward: a provinsi's total is the sum of its dapil rows and of their deltas not
    yet folded (the deltas fold into the dapil rows only, so the total takes them now)."""
    RekapAgregat = apps.get_model("rekap", "RekapAgregat")
    RekapDelta = apps.get_model("rekap", "RekapDelta")
    totals = {}
    for model in (RekapAgregat, RekapDelta):
        rows = model.objects.filter(tingkat=1, dapil__isnull=False).select_related("kontestasi")
        for row in rows.order_by("kontestasi_id", "wilayah_kode", "dapil_id", "pk"):
            total = totals.setdefault(
                (row.kontestasi_id, row.wilayah_kode),
                RekapAgregat(
                    kontestasi_id=row.kontestasi_id,
                    dapil=None,
                    wilayah_kode=row.wilayah_kode,
                    tingkat=1,
                    suara={},
                ),
            )
            for name in _FIGURES:
                setattr(total, name, getattr(total, name) + getattr(row, name))
            for kunci, nilai in row.suara.items():
                if _sums_across_dapil(row.kontestasi.jenis, kunci):
                    total.suara[kunci] = total.suara.get(kunci, 0) + nilai
    for total in totals.values():
        total.suara = {k: v for k, v in sorted(total.suara.items()) if v}
    RekapAgregat.objects.bulk_create(totals.values(), batch_size=500)


def _drop_totals(apps, schema_editor):
    """Going back: the provinsi totals are derived figures (`rekap hitung-ulang` rewrites)."""
    for name in ("RekapAgregat", "RekapDelta"):
        apps.get_model("rekap", name).objects.filter(tingkat=1, dapil__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("rekap", "0004_indeks_awalan_kode")]

    operations = [migrations.RunPython(_add_totals, _drop_totals)]
