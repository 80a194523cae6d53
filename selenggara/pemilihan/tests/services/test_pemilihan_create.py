from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import Pemilihan
from selenggara.pemilihan.services import pemilihan_create


def _create(versi, **kwargs):
    values = {
        "kode": "pilkada-2024",
        "nama": "Pilkada 2024",
        "jenis": "pilkada",
        "hari_pemungutan": date(2024, 11, 27),
        "versi_wilayah": versi,
        "actor": None,
    }
    values.update(kwargs)
    return pemilihan_create(**values)


def test_defaults_are_the_kinds_cap_and_contests(wilayah_tree):
    pemilihan = _create(wilayah_tree.versi)
    assert pemilihan.batas_pemilih_per_tps == 600
    assert sorted(pemilihan.kontestasi_set.values_list("jenis", flat=True)) == [
        "bupati",
        "gubernur",
        "walikota",
    ]
    audit = AuditLog.objects.get(action="pemilihan.create", target_id=str(pemilihan.pk))
    assert audit.after == {**(audit.after or {}), "batas_pemilih_per_tps": 600}


def test_chosen_contests_and_cap(wilayah_tree):
    pemilihan = _create(wilayah_tree.versi, kontestasi=["bupati"], batas_pemilih_per_tps=500)
    assert list(pemilihan.kontestasi_set.values_list("jenis", flat=True)) == ["bupati"]
    assert pemilihan.batas_pemilih_per_tps == 500


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        pytest.param({"kode": "pemilu-2024"}, "sudah dipakai", id="kode-taken"),
        pytest.param({"jenis": "referendum"}, "tidak dikenal", id="jenis-unknown"),
        pytest.param(
            {"kontestasi": ["dpr"]}, "Kontestasi dpr tidak ada dalam pilkada", id="wrong-contest"
        ),
        pytest.param({"batas_pemilih_per_tps": 0}, "paling sedikit 1", id="cap-zero"),
    ],
)
def test_invalid_election_is_refused(wilayah_tree, kwargs, fragment):
    before = Pemilihan.objects.count()
    with pytest.raises(InvalidInput, match=fragment):
        _create(wilayah_tree.versi, **kwargs)
    assert Pemilihan.objects.count() == before


def test_command_presets(wilayah_tree, capsys):
    call_command("pemilihan", "create", "--preset", "pilkada-2024")
    pilkada = Pemilihan.objects.get(kode="pilkada-2024")
    assert (pilkada.hari_pemungutan, pilkada.batas_pemilih_per_tps) == (date(2024, 11, 27), 600)
    assert "3 kontestasi" in capsys.readouterr().out
    with pytest.raises(CommandError, match="sudah dipakai"):
        call_command("pemilihan", "create", "--preset", "pemilu-2024")
    with pytest.raises(CommandError, match="--preset"):
        call_command("pemilihan", "create", "--kode", "x")
