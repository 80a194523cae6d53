"""`publik terbitkan` and `publik verifikasi`: files at every level, corrections, tampering."""

import datetime as dt
import json
import stat
from io import StringIO
from pathlib import Path

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from selenggara.accounts.domain.peran import Peran
from selenggara.core.audit import audit_checkpoint_latest, audit_record
from selenggara.core.errors import InvalidInput
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import DESA_A, TPS_A1, TPS_A2
from selenggara.publik.domain import verifikasi
from selenggara.publik.domain.verifikasi import periksa_publikasi, periksa_saksi
from selenggara.publik.terbitkan import kunci_path, publikasi_terbitkan
from selenggara.publik.tests.world import kecamatan_ditetapkan
from selenggara.tungsura.models import Sumber
from selenggara.tungsura.services import c_hasil_submit

pytestmark = pytest.mark.django_db


def _terbit(hw, out, alasan="publikasi pertama", **kwargs):
    return publikasi_terbitkan(pemilihan=hw.world.pemilihan, out=out, alasan=alasan, **kwargs)


@pytest.fixture
def pub(hw, kunci_dir, tmp_path):
    out = tmp_path / "pub"
    _terbit(hw, out)
    return out


def _json(path: Path):
    return json.loads(path.read_bytes())


def test_publication_verifies_and_holds_every_level(hw, pub):
    assert periksa_publikasi(pub) == []
    for kode in ("nasional", "33", "3303", "330301", "3303012001", "3303012002"):
        indeks = _json(pub / "indeks" / f"{kode}.json")
        assert set(indeks["kontestasi"]) == {"ppwp", "dpr", "dpd", "dprd_provinsi", "dprd_kabkota"}
        snapshot_path = indeks["kontestasi"]["ppwp"]
        assert snapshot_path.startswith("snapshot/")
        assert (pub / "data" / kode / "ppwp.json").read_bytes() == (
            pub / snapshot_path
        ).read_bytes()
        assert (pub / "data" / kode / "ppwp-anak.csv").is_file()
    p = hw.world.pemilihan.kode
    for page in ("", "33/", "33.03/", "33.03.01/", f"{DESA_A}/", f"tps/{TPS_A1}/"):
        assert (pub / "hasil" / p / "ppwp" / page / "index.html").is_file(), page
    assert (pub / "hasil" / "index.html").is_file()
    assert (pub / verifikasi.KUNCI_PUBLIK).is_file()
    assert (pub / "verifikasi_publikasi.py").read_bytes() == Path(verifikasi.__file__).read_bytes()


def test_kecamatan_snapshot_holds_both_figures_and_the_held_out_tps(pub):
    snap = _json(pub / _json(pub / "indeks" / "330301.json")["kontestasi"]["ppwp"])

    assert snap["format"] == "selenggara.hasil.v2"
    assert snap["hitung"]["tps_masuk"] == 2  # counted
    assert snap["hitung"]["tps_ditahan"] == 1
    assert snap["rekap"] is None
    assert snap["tps_diharapkan"] == 3
    assert snap["perbedaan"] == [{"kode": "tps_ditahan", "jumlah": 1, "tps": []}]
    assert [a["kode"] for a in snap["anak"]] == ["33.03.01.2001", "33.03.01.2002"]
    assert sum(a["hitung"]["suara_sah"] for a in snap["anak"]) == snap["hitung"]["suara_sah"]
    flag = next(t for t in snap["tanda"] if t["tps"] == TPS_A2)
    assert {"aritmetika", "ditahan"} <= set(flag["kode"])
    assert any("Ditahan dari penjumlahan" in a for a in flag["alasan"])


def test_a_locked_plenary_is_published_beside_the_count(hw, kunci_dir, tmp_path):
    kecamatan_ditetapkan(hw)
    out = tmp_path / "pub"
    _terbit(hw, out)

    snap = _json(out / _json(out / "indeks" / "330301.json")["kontestasi"]["ppwp"])
    nasional = _json(out / _json(out / "indeks" / "nasional.json")["kontestasi"]["ppwp"])
    assert snap["rekap"]["tps_masuk"] == 3
    assert snap["rekap_lengkap"] is True
    assert snap["pleno"]["status"] == "ditetapkan"
    assert [p["kode"] for p in snap["perbedaan"]] == ["koreksi_setelah_penetapan"]
    assert nasional["rekap"]["suara_sah"] == snap["rekap"]["suara_sah"]
    assert nasional["rekap_lengkap"] is False  # the nation's own plenary is not held
    row = pl.read_csv(out / "data" / "3303" / "ppwp-anak.csv").row(0, named=True)
    assert row["rekap_suara_sah"] == snap["rekap"]["suara_sah"]
    assert row["pleno"] == "ditetapkan"


def test_desa_open_data_has_one_row_per_tps(pub):
    frame = pl.read_csv(pub / "data" / "3303012001" / "ppwp-tps.csv")

    assert frame["tps"].cast(str).to_list() == [TPS_A1, TPS_A2]
    assert frame["ditahan"].to_list() == [False, True]


def test_national_bulk_download_per_contest_as_gzip_csv_and_parquet(pub):
    csv = pl.read_csv(pub / "data" / "nasional" / "ppwp-tps.csv.gz")
    parquet = pl.read_parquet(pub / "data" / "nasional" / "ppwp-tps.parquet")

    assert csv.height == parquet.height == 3
    assert parquet["suara_sah"].sum() == csv["suara_sah"].sum()


def test_photos_are_published_content_addressed_and_linked_from_the_page(hw, pub):
    snap = _json(pub / _json(pub / "indeks" / "3303012001.json")["kontestasi"]["ppwp"])
    foto = next(t for t in snap["tps"] if t["kode"] == TPS_A1)["foto"]
    page = (
        pub / "hasil" / hw.world.pemilihan.kode / "ppwp" / "tps" / TPS_A1 / "index.html"
    ).read_text()

    assert [f["halaman"] for f in foto] == [1, 2]
    for f in foto:
        assert f["berkas"] == f"foto/{f['sha256']}.jpg"
        assert f'src="/{f["berkas"]}"' in page


def test_key_stays_in_the_var_dir_with_mode_0600(hw, pub):
    path = kunci_path(hw.world.pemilihan)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in path.read_bytes()
    assert not any(b"PRIVATE KEY" in f.read_bytes() for f in pub.rglob("*") if f.is_file())


def test_publication_is_audited(pub):
    row = AuditLog.objects.get(action="publikasi.terbitkan")

    assert row.reason == "publikasi pertama"


def test_every_publication_checkpoints_the_audit_chain_into_its_signed_entry(hw, pub):
    first = _json(pub / "log" / "000001.json")["audit"]
    # The head before this publication's own audit row, which then names the entry.
    publication_row = AuditLog.objects.get(action="publikasi.terbitkan")
    assert first["seq"] == publication_row.seq - 1
    # The head is the root over every chain's head (ADR 0014), as the signed checkpoint file says.
    checkpoint, valid = audit_checkpoint_latest() or (None, False)
    assert valid
    assert checkpoint is not None
    assert (checkpoint.seq, checkpoint.head_hash) == (first["seq"], first["head_hash"])

    _terbit(hw, pub, alasan="terbit ulang")

    second = _json(pub / "log" / "000002.json")["audit"]
    checkpoint, valid = audit_checkpoint_latest() or (None, False)
    assert valid
    assert checkpoint is not None
    assert (checkpoint.seq, checkpoint.head_hash, checkpoint.at) == (
        second["seq"],
        second["head_hash"],
        second["at"],
    )
    assert checkpoint.reason == f"publikasi {hw.world.pemilihan.kode}/2"
    assert second["seq"] >= publication_row.seq  # the first publication's row is anchored


def test_an_edited_audit_anchor_breaks_the_entry_signature(pub):
    path = pub / "log" / "000001.json"
    entri = _json(path)
    entri["audit"]["seq"] += 1
    path.write_bytes(verifikasi.kanonik(entri))

    assert [m.kode for m in periksa_publikasi(pub)] == ["tanda_tangan_tidak_sah"]


def test_a_correction_is_a_new_entry_naming_what_changed_and_why(hw, pub):
    world = hw.world
    from selenggara.publik.tests.world import _angka

    angka = _angka(world, TPS_A2, "ppwp")
    c_hasil_submit(
        tps=world.tps[TPS_A2],
        jenis="ppwp",
        angka=angka,
        actor=world.user(Peran.PPK),
        sumber=Sumber.PLENO,
        alasan="Dikoreksi dalam pleno PPK sesuai kertas",
    )
    old_snapshots = set((pub / "snapshot").iterdir())

    r = _terbit(hw, pub, alasan="Koreksi pleno PPK Kemangkon: TPS 002 Kedungbenda")

    entri = _json(pub / "log" / "000002.json")
    assert r.nomor == 2
    assert entri["alasan"] == "Koreksi pleno PPK Kemangkon: TPS 002 Kedungbenda"
    assert set(entri["perubahan"]["diubah"]) == {
        "indeks/nasional.json",
        "indeks/33.json",
        "indeks/3303.json",
        "indeks/330301.json",
        "indeks/3303012001.json",
    }
    assert old_snapshots <= set((pub / "snapshot").iterdir())  # earlier snapshots are kept
    assert periksa_publikasi(pub) == []
    snap = _json(pub / _json(pub / "indeks" / "330301.json")["kontestasi"]["ppwp"])
    assert snap["hitung"]["tps_ditahan"] == 0


def test_republishing_unchanged_results_changes_no_index(hw, pub):
    r = _terbit(hw, pub, alasan="terbit ulang")

    assert r.perubahan == {"ditambah": [], "diubah": [], "dihapus": []}


def test_a_publication_needs_a_reason(hw, kunci_dir, tmp_path):
    with pytest.raises(InvalidInput):
        _terbit(hw, tmp_path / "x", alasan=" ")


def test_witness_digest_matches_the_published_numbers(hw, pub):
    digest = hw.digest[(TPS_A1, "ppwp")][0]

    assert periksa_saksi(pub, tps=TPS_A1, kontestasi="ppwp", digest=digest).cocok
    assert not periksa_saksi(pub, tps=TPS_A1, kontestasi="ppwp", digest="0" * 64).cocok


def test_static_pages_link_inside_the_publication(hw, kunci_dir, tmp_path):
    out = tmp_path / "pub"
    _terbit(hw, out, akar_url="/publikasi/", halaman_tps=False)
    p = hw.world.pemilihan.kode
    page = (out / "hasil" / p / "ppwp" / "33.03.01" / "index.html").read_text()

    assert f'href="/publikasi/hasil/{p}/ppwp/33.03.01.2001/index.html"' in page
    assert 'href="/publikasi/data/330301/ppwp.json"' in page
    assert not (out / "hasil" / p / "ppwp" / "tps").exists()
    desa = (out / "hasil" / p / "ppwp" / DESA_A / "index.html").read_text()
    assert f'href="/hasil/{p}/ppwp/tps/{TPS_A1}/"' in desa  # TPS detail from the live site
    # Its one stylesheet is inside it too, signed with the rest: no inline style for the CSP.
    assert 'href="/publikasi/hasil/hasil.css"' in page
    assert "<style" not in page
    assert (out / "hasil" / "hasil.css").read_bytes().startswith(b"/* The public results")


def test_command_publishes_and_verifies(hw, kunci_dir, tmp_path):
    out = tmp_path / "pub"
    stdout = StringIO()

    call_command(
        "publik",
        "terbitkan",
        "--pemilihan",
        hw.world.pemilihan.kode,
        "--out",
        str(out),
        stdout=stdout,
    )
    call_command("publik", "verifikasi", str(out), stdout=stdout)
    call_command(
        "publik",
        "verifikasi",
        str(out),
        "--tps",
        TPS_A1,
        "--kontestasi",
        "ppwp",
        "--digest",
        hw.digest[(TPS_A1, "ppwp")][0],
        stdout=stdout,
    )

    text = stdout.getvalue()
    assert "Publikasi 1 ditulis" in text
    assert "Publikasi terverifikasi" in text
    assert "versi terkini" in text


def test_command_exits_non_zero_naming_the_tampered_file(hw, kunci_dir, tmp_path):
    out = tmp_path / "pub"
    call_command(
        "publik",
        "terbitkan",
        "--pemilihan",
        hw.world.pemilihan.kode,
        "--out",
        str(out),
        stdout=StringIO(),
    )
    page = out / "hasil" / "index.html"
    page.write_text(page.read_text().replace("Hasil", "Palsu"))
    stderr = StringIO()

    with pytest.raises(CommandError, match="1 masalah"):
        call_command("publik", "verifikasi", str(out), stdout=StringIO(), stderr=stderr)
    assert (
        "hasil/index.html: isi berkas tidak sama dengan hash di log [berkas_diubah]"
        in stderr.getvalue()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tps", TPS_A1], "memerlukan"),
        (["--tps", TPS_A1, "--kontestasi", "ppwp", "--digest", "0" * 64], "TIDAK COCOK"),
    ],
)
def test_command_witness_errors(pub, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("publik", "verifikasi", str(pub), *args, stdout=StringIO())


def test_command_refuses_an_unknown_election_and_an_empty_reason(hw, kunci_dir, tmp_path):
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("publik", "terbitkan", "--pemilihan", "x", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="alasan"):
        call_command(
            "publik",
            "terbitkan",
            "--pemilihan",
            hw.world.pemilihan.kode,
            "--out",
            str(tmp_path),
            "--alasan",
            "",
        )


def test_a_key_file_that_is_not_ed25519_is_refused(hw, kunci_dir, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    path = kunci_path(hw.world.pemilihan)
    path.parent.mkdir(parents=True)
    path.write_bytes(
        generate_private_key(SECP256R1()).private_bytes(
            Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
        )
    )

    with pytest.raises(InvalidInput, match="Ed25519"):
        _terbit(hw, tmp_path / "pub")


def test_entry_time_comes_from_the_clock(hw, kunci_dir, tmp_path):
    out = tmp_path / "pub"
    _terbit(
        hw, out, sekarang=lambda: dt.datetime(2024, 2, 15, 3, 0, tzinfo=dt.UTC), halaman_tps=False
    )

    assert _json(out / "log" / "000001.json")["diterbitkan_pada"] == "2024-02-15T03:00:00+00:00"


def test_the_app_serves_the_demo_publication_directory(hw, kunci_dir):
    from django.test import Client

    from selenggara.publik.demo import publik_demo_publish, publikasi_dir

    lines = publik_demo_publish(pemilihan=hw.world.pemilihan)
    client = Client()

    assert "verifikasi: OK" in lines[0]
    assert "--sidik-kunci" in lines[2]
    home = client.get("/publikasi/hasil/")
    assert home.status_code == 200
    assert home["Content-Type"].startswith("text/html")
    assert (
        client.get("/publikasi/kunci-publik.pem").content
        == (publikasi_dir() / "kunci-publik.pem").read_bytes()
    )
    assert client.get("/publikasi/../kunci/x.pem").status_code == 404
    assert client.get("/publikasi/tidak-ada.json").status_code == 404


def test_the_demo_publishes_again_only_when_something_was_recorded_since(hw, kunci_dir):
    from selenggara.publik.demo import publik_demo_publish, publikasi_dir

    publik_demo_publish(pemilihan=hw.world.pemilihan)
    again = publik_demo_publish(pemilihan=hw.world.pemilihan)

    assert "Publikasi hasil 1" in again[0]
    assert "tidak diterbitkan ulang; verifikasi: OK" in again[0]
    assert sorted(p.name for p in (publikasi_dir() / "log").iterdir()) == ["000001.json"]
    audit_record(actor=None, action="uji.perubahan", target=("uji", "1"), reason="uji")
    assert "Publikasi hasil 2:" in publik_demo_publish(pemilihan=hw.world.pemilihan)[0]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        f.relative_to(root).as_posix(): f.read_bytes()
        for f in sorted(root.rglob("*"))
        if f.is_file() and not f.relative_to(root).as_posix().startswith("log/")
    }


def test_the_same_data_publishes_the_same_bytes(hw, kunci_dir, tmp_path):
    kecamatan_ditetapkan(hw)
    _terbit(hw, tmp_path / "a")
    _terbit(hw, tmp_path / "b")

    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert len(a) > 50
    assert a == b
    entri_a = _json(tmp_path / "a" / "log" / "000001.json")
    entri_b = _json(tmp_path / "b" / "log" / "000001.json")
    assert entri_a["berkas"] == entri_b["berkas"]
    assert list(entri_a["berkas"]) == sorted(entri_a["berkas"])
    assert {p: verifikasi.sha256_hex(d) for p, d in a.items() if p in entri_a["berkas"]} == (
        entri_a["berkas"]
    )
