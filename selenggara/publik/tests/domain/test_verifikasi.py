import base64
import json
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from selenggara.publik.domain import verifikasi
from selenggara.publik.domain.publikasi import (
    berkas_abadi,
    entri_buat,
    nama_isi,
    perubahan_antara,
)
from selenggara.publik.domain.verifikasi import (
    isi_entri,
    kanonik,
    main,
    periksa_publikasi,
    periksa_saksi,
    sha256_hex,
    sidik_kunci,
    teks_c_hasil,
)
from selenggara.tungsura.domain.salinan import digest_of, teks_kanonik

KUNCI = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
LAIN = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
TPS = "3303012001001"
ANGKA_V1 = {"calon_1": 50, "calon_2": 40, "suara_sah": 90, "suara_tidak_sah": 2}
ANGKA_V2 = {"calon_1": 51, "calon_2": 39, "suara_sah": 90, "suara_tidak_sah": 2}


def _digest(angka):
    return digest_of(
        teks_kanonik(pemilihan="p24", tps=TPS, kontestasi="ppwp", dapil="ri", angka=angka)
    )


def _desa_snapshot(versi_list):
    return kanonik(
        {
            "pemilihan": "p24",
            "kode": "33.03.01.2001",
            "tps": [
                {"kode": TPS, "dapil": "ri", "versi": versi_list},
            ],
        }
    )


def _terbit(root: Path, *, files: dict[str, bytes], kunci=KUNCI, alasan="pertama"):
    """Write ``files`` and append a signed entry naming them (and the kept immutable ones)."""
    root.mkdir(exist_ok=True)
    (root / "log").mkdir(exist_ok=True)
    (root / verifikasi.KUNCI_PUBLIK).write_bytes(
        KUNCI.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    entries = sorted((root / "log").glob("*.json"))
    lama: dict[str, str] = {}
    sebelumnya = None
    if entries:
        raw = entries[-1].read_bytes()
        lama = json.loads(raw)["berkas"]
        sebelumnya = sha256_hex(raw)
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    berkas = {**berkas_abadi(lama), **{p: sha256_hex(d) for p, d in files.items()}}
    raw = entri_buat(
        nomor=len(entries) + 1,
        pemilihan="p24",
        diterbitkan_pada="2024-02-15T10:00:00Z",
        sebelumnya=sebelumnya,
        berkas=berkas,
        perubahan=perubahan_antara(lama, berkas),
        alasan=alasan,
        kunci=kunci,
    )
    (root / "log" / f"{len(entries) + 1:06d}.json").write_bytes(raw)


@pytest.fixture
def pub(tmp_path):
    root = tmp_path / "pub"
    snap1 = _desa_snapshot([{"nomor": 1, "angka": ANGKA_V1, "digest": _digest(ANGKA_V1)}])
    snap1_path = nama_isi(snap1, folder="snapshot", ext="json")
    _terbit(
        root,
        files={
            snap1_path: snap1,
            "indeks/3303012001.json": kanonik({"kontestasi": {"ppwp": snap1_path}}),
            "hasil/index.html": b"<p>v1</p>",
        },
    )
    snap2 = _desa_snapshot(
        [
            {"nomor": 1, "angka": ANGKA_V1, "digest": _digest(ANGKA_V1)},
            {"nomor": 2, "angka": ANGKA_V2, "digest": _digest(ANGKA_V2), "alasan": "salah baca"},
        ]
    )
    snap2_path = nama_isi(snap2, folder="snapshot", ext="json")
    _terbit(
        root,
        files={
            snap2_path: snap2,
            "indeks/3303012001.json": kanonik({"kontestasi": {"ppwp": snap2_path}}),
            "hasil/index.html": b"<p>v2</p>",
        },
        alasan="koreksi PPK",
    )
    return root


def _kode(masalah):
    return sorted({(m.kode, m.lokasi) for m in masalah})


def test_untouched_publication_verifies(pub):
    assert periksa_publikasi(pub) == []
    assert periksa_publikasi(pub, sidik_kunci_harapan=sidik_kunci(KUNCI.public_key())) == []


def test_tungsura_digest_text_is_the_verifier_text():
    assert teks_c_hasil(
        pemilihan="p24", tps=TPS, kontestasi="ppwp", dapil="ri", angka=ANGKA_V1
    ) == teks_kanonik(pemilihan="p24", tps=TPS, kontestasi="ppwp", dapil="ri", angka=ANGKA_V1)


def test_second_entry_names_the_changed_index(pub):
    entri = json.loads((pub / "log" / "000002.json").read_bytes())

    assert entri["perubahan"] == {
        "ditambah": [],
        "diubah": ["indeks/3303012001.json"],
        "dihapus": [],
    }
    assert entri["alasan"] == "koreksi PPK"
    assert entri["sebelumnya"] == sha256_hex((pub / "log" / "000001.json").read_bytes())


def _edit_current_page(root):
    (root / "hasil/index.html").write_bytes(b"<p>v9</p>")


def _edit_old_snapshot(root):
    entri = json.loads((root / "log" / "000001.json").read_bytes())
    path = next(p for p in entri["berkas"] if p.startswith("snapshot/"))
    (root / path).write_bytes((root / path).read_bytes().replace(b"50", b"60"))
    return path


def _remove_old_snapshot(root):
    path = _edit_old_snapshot(root)
    (root / path).unlink()
    return path


def _remove_first_entry(root):
    (root / "log" / "000001.json").unlink()


def _reorder(root):
    a, b = root / "log" / "000001.json", root / "log" / "000002.json"
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)


def _edit_entry(root):
    path = root / "log" / "000001.json"
    entri = json.loads(path.read_bytes())
    entri["alasan"] = "diubah"
    path.write_bytes(kanonik(entri))


def _resign_with_other_key(root):
    path = root / "log" / "000002.json"
    entri = json.loads(path.read_bytes())
    entri["alasan"] = "palsu"
    entri["tanda_tangan"] = base64.b64encode(LAIN.sign(isi_entri(entri))).decode()
    path.write_bytes(kanonik(entri))


def _forge_signature_claiming_key(root):
    path = root / "log" / "000002.json"
    entri = json.loads(path.read_bytes())
    entri["kunci_publik"] = sidik_kunci(LAIN.public_key())
    path.write_bytes(kanonik(entri))


def _garbage_signature(root):
    path = root / "log" / "000002.json"
    entri = json.loads(path.read_bytes())
    entri["tanda_tangan"] = "bukan base64!"
    path.write_bytes(kanonik(entri))


def _add_file(root):
    (root / "data").mkdir()
    (root / "data" / "sisipan.csv").write_text("a,b\n")


def _not_json_entry(root):
    (root / "log" / "000003.json").write_bytes(b"{")


def _foreign_json_entry(root):
    (root / "log" / "000003.json").write_bytes(b"[1]")


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        pytest.param(_edit_current_page, [("berkas_diubah", "hasil/index.html")], id="edited-page"),
        pytest.param(
            _remove_first_entry,
            [("rantai_putus", "log/000002.json"), ("urutan_salah", "log/000002.json")],
            id="removed-entry",
        ),
        pytest.param(
            _reorder,
            [
                ("berkas_diubah", "hasil/index.html"),
                ("berkas_diubah", "indeks/3303012001.json"),
                ("rantai_putus", "log/000001.json"),
                ("rantai_putus", "log/000002.json"),
                ("urutan_salah", "log/000001.json"),
                ("urutan_salah", "log/000002.json"),
            ],
            id="reordered-log",
        ),
        pytest.param(
            _edit_entry,
            [("rantai_putus", "log/000002.json"), ("tanda_tangan_tidak_sah", "log/000001.json")],
            id="edited-entry",
        ),
        pytest.param(
            _resign_with_other_key,
            [("tanda_tangan_tidak_sah", "log/000002.json")],
            id="re-signed-entry",
        ),
        pytest.param(
            _forge_signature_claiming_key,
            [("kunci_berbeda", "log/000002.json")],
            id="other-key-claimed",
        ),
        pytest.param(
            _garbage_signature,
            [("tanda_tangan_tidak_sah", "log/000002.json")],
            id="garbage-signature",
        ),
        pytest.param(_add_file, [("berkas_tak_tercatat", "data/sisipan.csv")], id="added-file"),
        pytest.param(_not_json_entry, [("entri_rusak", "log/000003.json")], id="broken-entry"),
        pytest.param(_foreign_json_entry, [("entri_rusak", "log/000003.json")], id="foreign-entry"),
    ],
)
def test_every_tampering_is_named(pub, tamper, expected):
    tamper(pub)

    assert _kode(periksa_publikasi(pub)) == expected


def test_edited_old_snapshot_is_named(pub):
    path = _edit_old_snapshot(pub)

    assert _kode(periksa_publikasi(pub)) == [("berkas_diubah", path)]


def test_removed_old_snapshot_is_named(pub):
    path = _remove_old_snapshot(pub)

    assert _kode(periksa_publikasi(pub)) == [("berkas_hilang", path)]


def test_snapshot_whose_name_is_not_its_hash_is_named(tmp_path):
    root = tmp_path / "pub"
    path = "snapshot/" + "0" * 64 + ".json"
    _terbit(root, files={path: b"{}"})

    assert _kode(periksa_publikasi(root)) == [("nama_tidak_sesuai_isi", path)]


def test_whole_log_re_signed_with_another_published_key_fails_only_with_the_pinned_key(pub):
    for path in sorted((pub / "log").glob("*.json")):
        entri = json.loads(path.read_bytes())
        entri["kunci_publik"] = sidik_kunci(LAIN.public_key())
        entri["tanda_tangan"] = base64.b64encode(LAIN.sign(isi_entri(entri))).decode()
        path.write_bytes(kanonik(entri))
    # Re-signing changes the entries' bytes, so relink the chain as a forger would.
    sebelumnya = None
    for path in sorted((pub / "log").glob("*.json")):
        entri = json.loads(path.read_bytes())
        entri["sebelumnya"] = sebelumnya
        entri["tanda_tangan"] = base64.b64encode(LAIN.sign(isi_entri(entri))).decode()
        path.write_bytes(kanonik(entri))
        sebelumnya = sha256_hex(path.read_bytes())
    (pub / verifikasi.KUNCI_PUBLIK).write_bytes(
        LAIN.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )

    assert periksa_publikasi(pub) == []
    assert _kode(periksa_publikasi(pub, sidik_kunci_harapan=sidik_kunci(KUNCI.public_key()))) == [
        ("kunci_berbeda", "kunci-publik.pem")
    ]


@pytest.mark.parametrize(
    "content",
    [None, b"not a key", Ed25519PrivateKey.generate()],
    ids=["missing", "broken", "not-ed25519"],
)
def test_missing_or_wrong_public_key_is_named(pub, content):
    path = pub / verifikasi.KUNCI_PUBLIK
    if content is None:
        path.unlink()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key

        path.write_bytes(
            generate_private_key(SECP256R1())
            .public_key()
            .public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        )

    assert _kode(periksa_publikasi(pub)) == [("kunci_tidak_ada", "kunci-publik.pem")]


def test_empty_log_is_named(pub):
    shutil.rmtree(pub / "log")

    assert _kode(periksa_publikasi(pub)) == [("log_kosong", "log")]


def test_entry_without_file_list_names_every_file_unlisted(tmp_path):
    root = tmp_path / "pub"
    _terbit(root, files={})
    path = root / "log" / "000001.json"
    entri = json.loads(path.read_bytes())
    entri["berkas"] = None
    entri["tanda_tangan"] = base64.b64encode(KUNCI.sign(isi_entri(entri))).decode()
    path.write_bytes(kanonik(entri))
    (root / "x.txt").write_text("x")

    assert _kode(periksa_publikasi(root)) == [("berkas_tak_tercatat", "x.txt")]


@pytest.mark.parametrize(
    ("digest", "cocok", "pesan"),
    [
        pytest.param(_digest(ANGKA_V2), True, "versi terkini", id="current-version"),
        pytest.param(
            _digest(ANGKA_V1),
            True,
            "dikoreksi menjadi versi 2; alasan: salah baca",
            id="corrected-version",
        ),
        pytest.param("ab" * 32, False, "TIDAK COCOK", id="mismatch"),
    ],
)
def test_witness_digest_is_checked_against_published_numbers(pub, digest, cocok, pesan):
    hasil = periksa_saksi(pub, tps=TPS, kontestasi="ppwp", digest=digest.upper())

    assert hasil.cocok is cocok
    assert pesan in hasil.pesan


@pytest.mark.parametrize(
    ("tps", "kontestasi"),
    [("3303012002001", "ppwp"), (TPS, "dpd"), ("3303012001009", "ppwp")],
    ids=["no-index", "no-contest", "no-tps"],
)
def test_witness_of_unpublished_tps_is_told(pub, tps, kontestasi):
    hasil = periksa_saksi(pub, tps=tps, kontestasi=kontestasi, digest=_digest(ANGKA_V1))

    assert not hasil.cocok
    assert "tidak ada di publikasi" in hasil.pesan


def test_published_numbers_that_do_not_match_their_own_digest_are_reported(tmp_path):
    root = tmp_path / "pub"
    snap = _desa_snapshot([{"nomor": 1, "angka": ANGKA_V2, "digest": _digest(ANGKA_V1)}])
    path = nama_isi(snap, folder="snapshot", ext="json")
    _terbit(
        root, files={path: snap, "indeks/3303012001.json": kanonik({"kontestasi": {"ppwp": path}})}
    )

    hasil = periksa_saksi(root, tps=TPS, kontestasi="ppwp", digest=_digest(ANGKA_V1))

    assert not hasil.cocok
    assert "tidak sama dengan hash" in hasil.pesan


def test_command_line_exit_status_and_output(pub, capsys):
    assert main(["periksa", str(pub)]) == 0
    assert "terverifikasi" in capsys.readouterr().out
    assert (
        main(
            ["saksi", str(pub), "--tps", TPS, "--kontestasi", "ppwp", "--digest", _digest(ANGKA_V2)]
        )
        == 0
    )
    assert (
        main(["saksi", str(pub), "--tps", TPS, "--kontestasi", "ppwp", "--digest", "00" * 32]) == 1
    )
    _edit_current_page(pub)
    assert main(["periksa", str(pub)]) == 1
    out = capsys.readouterr().out
    assert "hasil/index.html: isi berkas tidak sama dengan hash di log [berkas_diubah]" in out
    assert "GAGAL: 1 masalah." in out


def test_verifier_imports_only_stdlib_and_cryptography():
    import ast
    import sys

    tree = ast.parse(Path(verifikasi.__file__).read_text())
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])

    assert roots - set(sys.stdlib_module_names) == {"cryptography"}
