"""Write a publication: immutable snapshots, indexes, open data, static pages, a signed entry.

``publikasi_terbitkan`` writes into a directory any static server or CDN can serve as it is
(see ``domain/verifikasi.py`` for the layout). Snapshots and photos are content-addressed and
never rewritten; indexes, open data and pages are the current publication. Each run appends
one entry to the hash-chained log, signed with the election's Ed25519 key, naming the SHA-256
of every file and which regions' figures changed, with the reason given; a correction is
therefore always a new publication whose entry says what changed and why.

The election's private key lives in a file under the var directory (``publik/kunci/``), never
in the database; only its public half is published.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.db import transaction
from django.utils import translation

from selenggara.core.audit import audit_checkpoint, audit_record
from selenggara.core.bulk import Progress
from selenggara.core.errors import InvalidInput
from selenggara.pemilihan.models import Kontestasi, Pemilihan
from selenggara.publik import sumber
from selenggara.publik.domain import verifikasi
from selenggara.publik.domain.hasil import PANJANG_KODE, kode_polos, kode_titik
from selenggara.publik.domain.publikasi import (
    berkas_abadi,
    entri_buat,
    perubahan_antara,
)
from selenggara.publik.domain.verifikasi import KUNCI_PUBLIK, LOG_DIR, kanonik, sha256_hex
from selenggara.publik.halaman import (
    CSS_BERKAS,
    CSS_PATH,
    Tautan,
    render_halaman,
    tps_context,
    wilayah_context,
)
from selenggara.rekap.selectors import (
    Angka,
    BarisAnak,
    RekapWilayah,
    TandaTPS,
    rekap_tps_list,
    rekap_wilayah_banyak,
)
from selenggara.tungsura.models import CHasilFoto

FORMAT_SNAPSHOT = "selenggara.hasil.v2"
VERIFIER = "verifikasi_publikasi.py"


@dataclass(frozen=True, slots=True, kw_only=True)
class RingkasanTerbit:
    nomor: int
    jumlah_berkas: int
    jumlah_wilayah: int
    jumlah_tps: int
    ukuran: int  # bytes on disk of this publication's files
    perubahan: dict[str, list[str]]
    detik: float


def kunci_path(pemilihan: Pemilihan) -> Path:
    return Path(settings.PUBLIK_DIR) / "kunci" / f"{pemilihan.kode}.ed25519.pem"


def kunci_muat_atau_buat(pemilihan: Pemilihan) -> Ed25519PrivateKey:
    """Return the election's signing key, creating it (mode 0600) on first use."""
    path = kunci_path(pemilihan)
    if path.is_file():
        key = load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise InvalidInput(f"{path}: bukan kunci Ed25519.")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    path.chmod(0o600)
    return key


class _Penulis:
    """Writes files under the output directory and remembers their hashes (the manifest)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.berkas: dict[str, str] = {}
        self.ukuran = 0

        self._folder: set[Path] = set()

    def tulis(self, path: str, data: bytes, *, sha256: str | None = None) -> str:
        """Write ``data`` at ``path`` and record its hash (``sha256`` when known already)."""
        file = self.root / path
        if file.parent not in self._folder:
            file.parent.mkdir(parents=True, exist_ok=True)
            self._folder.add(file.parent)
        if not (path.startswith(verifikasi.ABADI) and file.is_file()):
            file.write_bytes(data)
        self.berkas[path] = sha256 or sha256_hex(data)
        self.ukuran += len(data)
        return path

    def tulis_isi(self, data: bytes, *, folder: str, ext: str) -> tuple[str, str]:
        """Write ``data`` under its own hash; return its path and hash."""
        digest = sha256_hex(data)
        path = f"{folder}/{digest}.{ext}"  # as domain.publikasi.nama_isi names it
        return self.tulis(path, data, sha256=digest), digest


def _log_terakhir(root: Path) -> tuple[int, bytes | None, dict[str, str]]:
    entries = sorted((root / LOG_DIR).glob("*.json")) if (root / LOG_DIR).is_dir() else []
    if not entries:
        return 0, None, {}
    raw = entries[-1].read_bytes()
    data = json.loads(raw)
    return int(data["nomor"]), raw, {str(k): str(v) for k, v in data["berkas"].items()}


def _wilayah_list(pemilihan: Pemilihan) -> list[str]:
    """Every region of the election that has TPS, depth first: each region just before its
    children, so a publication reads a kecamatan once for it and all its desa."""
    prefixes: set[str] = set()
    for desa in (
        pemilihan.tps_set.values_list("desa__kode", flat=True).distinct().order_by("desa__kode")
    ):
        polos = kode_polos(desa)
        prefixes.update(polos[:n] for n in PANJANG_KODE[:-1])
    return ["", *(kode_titik(p) for p in sorted(prefixes))]


def angka_data(angka: Angka, *, per_dapil: bool = True) -> dict[str, object]:
    """One of rekap's figures as published: TPS counted / held out / expected, totals, votes."""
    data: dict[str, object] = {
        "tps_masuk": angka.tps_masuk,
        "tps_ditahan": angka.tps_ditahan,
        "tps_diharapkan": angka.tps_diharapkan,
        "suara_sah": angka.suara_sah,
        "suara_tidak_sah": angka.suara_tidak_sah,
        "suara_total": angka.suara_total,
        "pengguna_total": angka.pengguna_total,
        "dpt": angka.dpt,
        "suara": dict(angka.peserta),
    }
    if per_dapil:
        data["per_dapil"] = {k: dict(v) for k, v in angka.per_dapil.items()}
    return data


def snapshot_data(
    hasil: sumber.HasilWilayah, tps_rows: list[dict[str, object]]
) -> dict[str, object]:
    return {
        "format": FORMAT_SNAPSHOT,
        "pemilihan": hasil.pemilihan.kode,
        "kontestasi": hasil.kontestasi.jenis,
        "kode": hasil.kode,
        "nama": hasil.nama,
        "hitung": angka_data(hasil.hitung),
        "rekap": angka_data(hasil.rekap) if hasil.rekap is not None else None,
        "rekap_lengkap": hasil.rekap_lengkap,
        "pleno": {
            "status": hasil.pleno.status,
            "putaran": hasil.pleno.putaran,
            "ditetapkan_pada": hasil.pleno.ditetapkan_pada,
        }
        if hasil.pleno is not None
        else None,
        "perbedaan": [
            {"kode": x.kode, "jumlah": x.jumlah, "tps": list(x.tps)} for x in hasil.perbedaan
        ],
        "tps_diharapkan": hasil.tps_diharapkan,
        "peserta": [
            {"kunci": p.kunci, "nomor": p.nomor, "nama": p.nama, "suara": p.suara, "rekap": p.rekap}
            for p in hasil.peserta
        ],
        "anak": [
            {
                "kode": a.kode,
                "nama": a.nama,
                "hitung": angka_data(a.hitung, per_dapil=False),
                "rekap": angka_data(a.rekap, per_dapil=False) if a.rekap is not None else None,
                "pleno": a.pleno_status,
            }
            for a in hasil.anak
        ],
        "tanda_dibaca": hasil.tanda_dibaca,
        "tanda": [
            {"tps": t.tps, "kode": list(t.kode), "alasan": list(t.alasan)} for t in hasil.tanda
        ],
        "tanda_lebih": hasil.tanda_lebih,
        "tps": tps_rows,
    }


def csv_bytes(rows: list[dict[str, object]]) -> bytes:
    if not rows:
        return b""
    buffer = io.BytesIO()
    pl.DataFrame(rows, infer_schema_length=None).write_csv(buffer)
    return buffer.getvalue()


def baris_anak(hasil: sumber.HasilWilayah) -> list[dict[str, object]]:
    """One row per child region (per TPS below a desa): both figures, then the votes."""
    rows = []
    for a in hasil.anak:
        r = a.rekap
        row: dict[str, object] = {
            "kode": a.kode,
            "nama": a.nama,
            "tps_diharapkan": a.hitung.tps_diharapkan,
            "tps_masuk": a.tps_masuk,
            "tps_dihitung": a.hitung.tps_masuk,
            "tps_ditahan": a.hitung.tps_ditahan,
            "suara_sah": a.hitung.suara_sah,
            "suara_tidak_sah": a.hitung.suara_tidak_sah,
            "rekap_suara_sah": r.suara_sah if r else None,
            "rekap_suara_tidak_sah": r.suara_tidak_sah if r else None,
            "pleno": a.pleno_status,
        }
        row.update((p.kunci, a.hitung.peserta.get(p.kunci, 0)) for p in hasil.peserta)
        rows.append(row)
    return rows


def baris_tps(tps_rows: Iterable[dict[str, object]]) -> list[dict[str, object]]:
    """One flat row per TPS (its current version): the per-TPS open data."""
    rows = []
    for t in tps_rows:
        versi = t["versi"]
        assert isinstance(versi, list)  # noqa: S101 (built just above)
        if not versi:
            continue
        terkini = versi[-1]
        angka = terkini["angka"]
        row: dict[str, object] = {
            "tps": t["kode"],
            "dapil": t["dapil"],
            "versi": terkini["nomor"],
            "status": terkini["status"],
            "ditahan": t["ditahan"],
            "digest": terkini["digest"],
            "suara_sah": angka["suara_sah"],
            "suara_tidak_sah": angka["suara_tidak_sah"],
            "pengguna_total_j": angka["pengguna_total_j"],
            "dpt_j": angka["dpt_j"],
        }
        row.update((k, v) for k, v in angka.items() if k.startswith(("calon_", "partai_")))
        rows.append(row)
    return rows


@dataclass
class _Konteks:
    pemilihan: Pemilihan
    penulis: _Penulis
    tautan: Tautan
    kontestasi_list: list[tuple[str, str]]
    halaman_tps: bool
    foto_path: dict[int, str]
    akar_url: str = "/"
    nama_peserta: dict[int, dict[str, str]] = field(default_factory=dict)
    nama: sumber.NamaCache = field(default_factory=sumber.NamaCache)
    kecamatan: dict[tuple[str, str], _Kecamatan] = field(default_factory=dict)
    kelompok: _Kelompok | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Kelompok:
    """What a publication reads once for a run of regions (a kab/kota and all below it):
    every region's figures, and the children and their names of those above a desa."""

    rekap: dict[str, RekapWilayah]
    anak_kode: dict[str, list[str]]
    nama: dict[str, str]


def _kelompok_baca(pemilihan: Pemilihan, kode_list: list[str]) -> _Kelompok:
    rekap = {
        rw.wilayah_kode: rw
        for rw in rekap_wilayah_banyak(pemilihan=pemilihan, wilayah_kode_list=kode_list)
    }
    induk_list = [k for k in kode_list if len(kode_polos(k)) < PANJANG_KODE[-2]]
    anak_kode = sumber.anak_kode_banyak(pemilihan=pemilihan, induk_list=induk_list)
    nama = sumber.nama_wilayah_banyak(
        pemilihan=pemilihan, kode_list=sorted({k for v in anak_kode.values() for k in v})
    )
    return _Kelompok(rekap=rekap, anak_kode=anak_kode, nama=nama)


def _kelompok_list(langkah: list[str]) -> list[list[str]]:
    """Cut the regions (depth first) into runs read together: the nation and each provinsi
    alone, each kab/kota with everything below it."""
    out: list[list[str]] = []
    kunci_lalu: str | None = None
    for kode in langkah:
        polos = kode_polos(kode)
        kunci = polos[: PANJANG_KODE[1]] if len(polos) >= PANJANG_KODE[1] else f"={polos}"
        if kunci != kunci_lalu:
            out.append([])
            kunci_lalu = kunci
        out[-1].append(kode)
    return out


def _tulis_foto(ctx: _Konteks, foto: CHasilFoto) -> str:
    if foto.pk not in ctx.foto_path:
        with foto.berkas.open("rb") as f:
            data = f.read()
        ext = (
            "png"
            if foto.content_type == "image/png"
            else "webp"
            if "webp" in foto.content_type
            else "jpg"
        )
        ctx.foto_path[foto.pk] = ctx.penulis.tulis_isi(data, folder="foto", ext=ext)[0]
    return ctx.foto_path[foto.pk]


def _tps_rows(
    ctx: _Konteks, terbit_list: list[sumber.TPSTerbit], ditahan: set[str]
) -> list[dict[str, object]]:
    return [
        {
            "kode": data.tps.kode,
            "nomor": data.tps.nomor,
            "dapil": data.dapil,
            "ditahan": data.tps.kode in ditahan,
            "versi": [
                {
                    "nomor": v.nomor,
                    "sumber": v.sumber,
                    "alasan": v.alasan,
                    "dibuat_pada": v.dibuat_pada,
                    "status": v.status,
                    "digest": v.digest,
                    "angka": v.angka,
                    "temuan": [str(t.get("kode")) for t in v.temuan],
                }
                for v in data.versi
            ],
            "foto": [
                {
                    "halaman": f.halaman,
                    "dari": f.dari,
                    "sha256": f.sha256,
                    "berkas": _tulis_foto(ctx, f),
                }
                for f in data.foto
            ],
        }
        for data in terbit_list
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Kecamatan:
    """What a publication reads once per kecamatan and contest, for it and all its desa."""

    tanda: list[TandaTPS]
    tps: list[BarisAnak]
    terbit: list[sumber.TPSTerbit]


def _kecamatan(ctx: _Konteks, kontestasi: Kontestasi, polos: str) -> _Kecamatan:
    key = (kontestasi.jenis, polos)
    if key not in ctx.kecamatan:
        if any(k[1] != polos for k in ctx.kecamatan):
            ctx.kecamatan.clear()  # regions come depth first: keep only the current kecamatan
        kode, p = kode_titik(polos), ctx.pemilihan
        ctx.kecamatan[key] = _Kecamatan(
            tanda=sumber.tanda_kecamatan(pemilihan=p, kontestasi=kontestasi, kecamatan=kode),
            tps=rekap_tps_list(pemilihan=p, wilayah_kode=kode, jenis=kontestasi.jenis),
            terbit=sumber.tps_publik_list(pemilihan=p, kontestasi=kontestasi, wilayah_kode=kode),
        )
    return ctx.kecamatan[key]


def _tulis_wilayah(
    ctx: _Konteks, kontestasi: Kontestasi, kode: str, rw: RekapWilayah
) -> tuple[str, list[dict[str, object]]]:
    """Write one region x contest: snapshot, open data, page (and TPS pages under a desa)."""
    p, j, w = ctx.pemilihan.kode, kontestasi.jenis, ctx.penulis
    polos = kode_polos(kode)
    is_desa = len(polos) == PANJANG_KODE[-2]
    tanda_semua = None
    anak = None
    terbit_list: list[sumber.TPSTerbit] = []
    if len(polos) >= sumber.PANJANG_TANDA:
        kec = _kecamatan(ctx, kontestasi, polos[: sumber.PANJANG_TANDA])
        tanda_semua = kec.tanda
        if is_desa:
            anak = sumber.anak_tps([r for r in kec.tps if r.kode.startswith(polos)])
            terbit_list = [t for t in kec.terbit if t.tps.kode.startswith(polos)]
    if not is_desa and ctx.kelompok is not None:
        anak = sumber.anak_dari(
            kode_list=ctx.kelompok.anak_kode.get(kode, []),
            rekap_by_kode=ctx.kelompok.rekap,
            nama=ctx.kelompok.nama,
            jenis=j,
        )
    hasil = sumber.hasil_wilayah(
        pemilihan=ctx.pemilihan,
        kontestasi=kontestasi,
        kode=kode,
        rekap_wilayah=rw,
        anak=anak,
        tanda_semua=tanda_semua,
        nama=ctx.nama,
    )
    ditahan = {a.kode for a in hasil.anak if a.hitung.tps_ditahan}
    tps_rows = _tps_rows(ctx, terbit_list, ditahan)
    snapshot = kanonik(snapshot_data(hasil, tps_rows))
    path, digest = w.tulis_isi(snapshot, folder="snapshot", ext="json")
    data_dir = f"data/{polos or 'nasional'}"
    w.tulis(f"{data_dir}/{j}.json", snapshot, sha256=digest)
    w.tulis(f"{data_dir}/{j}-anak.csv", csv_bytes(baris_anak(hasil)))
    if is_desa:
        w.tulis(f"{data_dir}/{j}-tps.csv", csv_bytes(baris_tps(tps_rows)))
    context = wilayah_context(hasil, tautan=ctx.tautan, kontestasi_list=ctx.kontestasi_list)
    context["unduhan"] = [
        ("JSON", f"{ctx.akar_url}{data_dir}/{j}.json"),
        ("CSV", f"{ctx.akar_url}{data_dir}/{j}-anak.csv"),
    ]
    page_dir = f"hasil/{p}/{j}/{kode + '/' if kode else ''}"
    w.tulis(f"{page_dir}index.html", render_halaman("publik/wilayah.html", context).encode())
    if is_desa and ctx.halaman_tps:
        jalur = sumber.jalur_publik(pemilihan=ctx.pemilihan, desa_kode=kode)
        rekap_tps = {a.kode: a for a in hasil.anak}
        for terbit in terbit_list:
            _tulis_halaman_tps(ctx, kontestasi, terbit, jalur, rekap_tps.get(terbit.tps.kode))
    return path, tps_rows


def _tulis_halaman_tps(
    ctx: _Konteks,
    kontestasi: Kontestasi,
    terbit: sumber.TPSTerbit,
    jalur: list[tuple[str, str]],
    anak: sumber.Anak | None,
) -> None:
    kontestasi_tps = []
    if terbit.dapil_id is not None:
        if terbit.dapil_id not in ctx.nama_peserta:
            ctx.nama_peserta[terbit.dapil_id] = sumber.nama_peserta_for_dapil(
                dapil_id=terbit.dapil_id
            )
        kontestasi_tps.append(
            sumber.KontestasiTPS(
                kontestasi=kontestasi,
                dapil=terbit.dapil,
                versi=terbit.versi,
                foto=terbit.foto,
                nama_peserta=ctx.nama_peserta[terbit.dapil_id],
                ditahan=anak is not None and anak.hitung.tps_ditahan > 0,
                rekap=anak.rekap if anak is not None else None,
            )
        )
    data = sumber.TPSPublik(tps=terbit.tps, jalur=jalur, kontestasi=kontestasi_tps)
    kode = terbit.tps.kode
    context = tps_context(
        data, tautan=ctx.tautan, jenis=kontestasi.jenis, kontestasi_list=ctx.kontestasi_list
    )
    html = render_halaman("publik/tps.html", context).encode()
    ctx.penulis.tulis(f"hasil/{ctx.pemilihan.kode}/{kontestasi.jenis}/tps/{kode}/index.html", html)


def _tulis_nasional(ctx: _Konteks, jenis: str, rows: list[dict[str, object]]) -> None:
    """The national bulk download of one contest: every TPS, gzip CSV and Parquet."""
    if not rows:
        return
    frame = pl.DataFrame(rows, infer_schema_length=None)
    csv = io.BytesIO()
    frame.write_csv(csv)
    ctx.penulis.tulis(f"data/nasional/{jenis}-tps.csv.gz", gzip.compress(csv.getvalue(), mtime=0))
    parquet = io.BytesIO()
    frame.write_parquet(parquet)
    ctx.penulis.tulis(f"data/nasional/{jenis}-tps.parquet", parquet.getvalue())


def _bersihkan(root: Path, simpan: set[str]) -> None:
    """Remove files of an earlier publication that this one no longer has (never immutable)."""
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root).as_posix()
        if not file.is_file() or rel.startswith(f"{LOG_DIR}/") or rel == KUNCI_PUBLIK:
            continue
        if rel not in simpan:
            file.unlink()


def _langkah(pemilihan: Pemilihan) -> Iterator[str]:
    yield from _wilayah_list(pemilihan)


def publikasi_terbitkan(
    *,
    pemilihan: Pemilihan,
    out: Path,
    alasan: str,
    akar_url: str = "/",
    halaman_tps: bool = True,
    progress: Progress | None = None,
    sekarang: Callable[[], dt.datetime] | None = None,
) -> RingkasanTerbit:
    """Write a new publication of ``pemilihan`` into ``out`` and append its signed log entry.

    Raises InvalidInput without a reason (a publication, above all a correction, says why).
    """
    if not alasan.strip():
        raise InvalidInput(
            "Tulis alasan publikasi ini (mis. 'publikasi pertama', 'koreksi pleno PPK')."
        )
    started = dt.datetime.now(dt.UTC)
    kunci = kunci_muat_atau_buat(pemilihan)
    out.mkdir(parents=True, exist_ok=True)
    nomor_lama, raw_lama, berkas_lama = _log_terakhir(out)
    penulis = _Penulis(out)
    penulis.berkas.update(berkas_abadi(berkas_lama))
    kontestasi_qs = sumber.kontestasi_publik_list(pemilihan=pemilihan)
    ctx = _Konteks(
        pemilihan=pemilihan,
        penulis=penulis,
        tautan=Tautan(
            akar=f"{akar_url}hasil/",
            statis=True,
            foto_url=lambda f: f"{akar_url}{_tulis_foto(ctx, f)}",
            tps_akar=None if halaman_tps else "/hasil/",
        ),
        kontestasi_list=sumber.kontestasi_pilihan(pemilihan=pemilihan),
        akar_url=akar_url,
        halaman_tps=halaman_tps,
        foto_path={},
    )
    langkah = list(_langkah(pemilihan))
    indeks: dict[str, dict[str, str]] = {}
    nasional: dict[str, list[dict[str, object]]] = {}
    jumlah_tps = 0
    i = 0
    with translation.override("id"):
        for kelompok in _kelompok_list(langkah):
            # Both figures of every contest of every region of the run in one read of the
            # rekap engine (a kab/kota subtree at once), children and names with them.
            ctx.kelompok = _kelompok_baca(pemilihan, kelompok)
            for kode in kelompok:
                rw = ctx.kelompok.rekap[kode]
                for k in kontestasi_qs:
                    path, tps_rows = _tulis_wilayah(ctx, k, kode, rw)
                    indeks.setdefault(kode_polos(kode) or "nasional", {})[k.jenis] = path
                    nasional.setdefault(k.jenis, []).extend(baris_tps(tps_rows))
                    jumlah_tps += len(tps_rows)
                i += 1
                if progress is not None:
                    progress("terbitkan", i, len(langkah))
        ctx.kelompok = None
        for jenis, rows in nasional.items():
            _tulis_nasional(ctx, jenis, rows)
        beranda = render_halaman(
            "publik/beranda.html",
            {
                "judul": "Hasil",
                "statis": True,
                "beranda_url": ctx.tautan.beranda(),
                "css_url": ctx.tautan.css(),
                "pemilihan_list": [
                    {
                        "nama": pemilihan.nama,
                        "kontestasi": [
                            (j, nama, ctx.tautan.wilayah(pemilihan.kode, j, ""))
                            for j, nama in ctx.kontestasi_list
                        ],
                    }
                ],
            },
        )
    penulis.tulis("hasil/index.html", beranda.encode())
    penulis.tulis(f"hasil/{CSS_BERKAS}", CSS_PATH.read_bytes())
    for kode, per_jenis in indeks.items():
        body = {"pemilihan": pemilihan.kode, "kode": kode, "kontestasi": per_jenis}
        penulis.tulis(f"indeks/{kode}.json", kanonik(body))
    penulis.tulis(VERIFIER, Path(verifikasi.__file__).read_bytes())
    (out / KUNCI_PUBLIK).write_bytes(
        kunci.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    _bersihkan(out, set(penulis.berkas))
    perubahan = perubahan_antara(berkas_lama, penulis.berkas)
    nomor = nomor_lama + 1
    waktu = (sekarang or (lambda: dt.datetime.now(dt.UTC)))()
    # The audit chain's head, signed into the public entry (issue 15, ADR 0012); the
    # publication's own audit row below names this entry, so each anchors the other.
    titik = audit_checkpoint(reason=f"publikasi {pemilihan.kode}/{nomor}")
    entri = entri_buat(
        nomor=nomor,
        pemilihan=pemilihan.kode,
        diterbitkan_pada=waktu.isoformat(timespec="seconds"),
        sebelumnya=sha256_hex(raw_lama) if raw_lama is not None else None,
        berkas=penulis.berkas,
        perubahan=perubahan,
        alasan=alasan,
        kunci=kunci,
        audit={"seq": titik.seq, "head_hash": titik.head_hash, "at": titik.at},
    )
    (out / LOG_DIR).mkdir(exist_ok=True)
    (out / LOG_DIR / f"{nomor:06d}.json").write_bytes(entri)
    with transaction.atomic():
        audit_record(
            actor=None,
            action="publikasi.terbitkan",
            target=("publikasi", f"{pemilihan.kode}/{nomor}"),
            after={
                "nomor": nomor,
                "entri": sha256_hex(entri),
                "berkas": len(penulis.berkas),
                "audit_seq": titik.seq,
            },
            reason=alasan,
        )
    return RingkasanTerbit(
        nomor=nomor,
        jumlah_berkas=len(penulis.berkas),
        jumlah_wilayah=len(indeks),
        jumlah_tps=jumlah_tps,
        ukuran=sum(f.stat().st_size for f in out.rglob("*") if f.is_file()),
        perubahan=perubahan,
        detik=(dt.datetime.now(dt.UTC) - started).total_seconds(),
    )


def publikasi_salin_verifier(dest: Path) -> None:
    """Copy the standalone verifier to ``dest`` (for observers who have no publication yet)."""
    shutil.copyfile(verifikasi.__file__, dest)
