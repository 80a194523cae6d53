"""Every read the public side makes, behind one small interface.

``hasil_wilayah`` gives the figures of one region and contest (per participant, valid and
invalid votes, TPS in / expected / held out, the children, the flags); ``tps_publik`` gives one
TPS with, per contest, every version of its C.Hasil, its findings and its page photos.

Both figures of the rekap issue are modelled: ``hitung`` (the count from the current C.Hasil
of every TPS below, unofficial and live) and ``rekap`` (the official recap from locked
plenaries). The recap engine of the rekap branch is not merged yet, so ``hitung`` is summed
here from tungsura's current versions and ``rekap`` is None ("not yet adopted"); switching to
the rekap selectors changes this module only.

Nothing here returns personal data: no account (who submitted is told by source only), no
TPS address, no incident text; names are those published by law (pairs, candidates, parties).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext

from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.models import TPS, Calon, Kontestasi, Partai, Pemilihan
from selenggara.publik.domain.hasil import (
    PANJANG_KODE,
    JenisTanda,
    Jumlah,
    LembarTPS,
    bagian,
    jumlahkan,
    jumlahkan_per_anak,
    kode_polos,
    kode_titik,
    panjang_anak,
)
from selenggara.tungsura.domain.lembar import kunci_parse
from selenggara.tungsura.domain.pemeriksaan import Status
from selenggara.tungsura.models import CHasil, CHasilFoto, CHasilVersi
from selenggara.tungsura.selectors import versi_angka
from selenggara.wilayah.models import Wilayah

# Flags listed on one region page; beyond this the page says how many more there are.
TANDA_MAKS = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class Peserta:
    """One row of the result: a pair, a candidate or a party, with its votes and share."""

    kunci: str
    nomor: int
    nama: str
    suara: int
    bagian: Fraction


@dataclass(frozen=True, slots=True, kw_only=True)
class Anak:
    """A child region (or, below a desa, a TPS) with its sums."""

    kode: str  # dotted region code, or the 13-digit TPS code
    nama: str
    jumlah: Jumlah
    tps_diharapkan: int
    is_tps: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Tanda:
    """A flagged TPS: why (``jenis``), and the findings or the correction's reason."""

    tps: str
    jenis: JenisTanda
    temuan: tuple[Mapping[str, object], ...] = ()
    alasan: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilWilayah:
    """The public figures of one region (kode "" is the nation) for one contest."""

    pemilihan: Pemilihan
    kontestasi: Kontestasi
    kode: str
    nama: str
    jalur: list[tuple[str, str]]  # (kode, nama) from the nation down to the parent
    hitung: Jumlah
    rekap: Jumlah | None  # None: no plenary has adopted a recap here yet
    tps_diharapkan: int
    peserta: list[Peserta]
    # False when the region spans several dapil of a per-candidate contest (DPD, Pilkada):
    # candidate numbers of different dapil are different people and are not added up.
    peserta_terjumlah: bool
    anak: list[Anak]
    tanda: list[Tanda]
    tanda_lebih: int = 0
    dapil: list[str] = field(default_factory=list)


def pemilihan_publik_get(*, kode: str) -> Pemilihan:
    pemilihan = Pemilihan.objects.filter(kode=kode).first()
    if pemilihan is None:
        raise NotAccessible(gettext("Halaman hasil ini tidak ditemukan."))
    return pemilihan


def kontestasi_publik_get(*, pemilihan: Pemilihan, jenis: str) -> Kontestasi:
    kontestasi = Kontestasi.objects.filter(pemilihan=pemilihan, jenis=jenis).first()
    if kontestasi is None:
        raise NotAccessible(gettext("Halaman hasil ini tidak ditemukan."))
    return kontestasi


def kontestasi_publik_list(*, pemilihan: Pemilihan) -> list[Kontestasi]:
    order = list(Kontestasi.Jenis.values)
    return sorted(
        Kontestasi.objects.filter(pemilihan=pemilihan), key=lambda k: order.index(k.jenis)
    )


def kontestasi_pilihan(*, pemilihan: Pemilihan) -> list[tuple[str, str]]:
    """Return (jenis, label) of the election's contests in ballot order."""
    label = dict(Kontestasi.Jenis.choices)
    return [(k.jenis, str(label[k.jenis])) for k in kontestasi_publik_list(pemilihan=pemilihan)]


def _wilayah(pemilihan: Pemilihan, kode: str) -> Wilayah | None:
    return Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode=kode).first()


def _jalur(pemilihan: Pemilihan, kode: str, *, termasuk: bool = False) -> list[tuple[str, str]]:
    """Return (kode, nama) from the nation down to the parent of ``kode`` (or ``kode`` itself)."""
    polos = kode_polos(kode)
    prefixes = [p for p in PANJANG_KODE[:-1] if p < len(polos) or (termasuk and p == len(polos))]
    dotted = {
        w.kode: w.nama
        for w in Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, tingkat__lte=4)
        .filter(kode__in=[kode_titik(polos[:p]) for p in prefixes])
        .only("kode", "nama")
    }
    return [("", "Indonesia")] + [
        (kode_titik(polos[:p]), dotted.get(kode_titik(polos[:p]), kode_titik(polos[:p])))
        for p in prefixes
    ]


def _lembar_rows(
    kontestasi: Kontestasi, polos: str
) -> list[tuple[str, int, dict[str, int], int, int, str, int, list[dict[str, object]], str]]:
    return list(
        CHasil.objects.filter(
            kontestasi=kontestasi, tps__kode__startswith=polos, versi_terkini__isnull=False
        )
        .order_by("tps__kode")
        .values_list(
            "tps__kode",
            "dapil_id",
            "versi_terkini__suara",
            "versi_terkini__suara_sah",
            "versi_terkini__suara_tidak_sah",
            "versi_terkini__status",
            "versi_terkini__nomor",
            "versi_terkini__temuan",
            "versi_terkini__alasan",
        )
    )


def _peserta(
    kontestasi: Kontestasi, total: Jumlah, dapil_ids: set[int]
) -> tuple[list[Peserta], bool]:
    """Return the participants' rows: parties (totals) or pairs/candidates of a single dapil."""
    berpartai = kontestasi.jenis in ("dpr", "dprd_provinsi", "dprd_kabkota")
    rows: list[Peserta] = []
    if berpartai:
        nama = {
            p.nomor: p.singkatan
            for p in Partai.objects.filter(pemilihan_id=kontestasi.pemilihan_id)
        }
        for kunci, suara in total.suara.items():
            parsed = kunci_parse(kunci)
            if parsed is not None and parsed.jumlah and parsed.partai is not None:
                rows.append(
                    Peserta(
                        kunci=kunci,
                        nomor=parsed.partai,
                        nama=nama.get(parsed.partai, str(parsed.partai)),
                        suara=suara,
                        bagian=bagian(suara, total.suara_sah),
                    )
                )
        return sorted(rows, key=lambda p: p.nomor), True
    if len(dapil_ids) != 1:
        return [], not dapil_ids
    calon = {
        c.nomor_urut: f"{c.nama} - {c.nama_wakil}" if c.nama_wakil else c.nama
        for c in Calon.objects.filter(dapil_id=next(iter(dapil_ids)))
    }
    for nomor, nama_calon in sorted(calon.items()):
        suara = total.suara.get(f"calon_{nomor}", 0)
        rows.append(
            Peserta(
                kunci=f"calon_{nomor}",
                nomor=nomor,
                nama=nama_calon,
                suara=suara,
                bagian=bagian(suara, total.suara_sah),
            )
        )
    return rows, True


def _tanda(row: Sequence[object]) -> Tanda | None:
    tps, status, nomor, temuan, alasan = row[0], row[5], row[6], row[7], row[8]
    assert isinstance(temuan, list)  # noqa: S101 (a JSON list by construction)
    if status == Status.PERLU_KONFIRMASI:
        return Tanda(tps=str(tps), jenis=JenisTanda.DITAHAN, temuan=tuple(temuan))
    if status == Status.DIKONFIRMASI:
        return Tanda(tps=str(tps), jenis=JenisTanda.TEMUAN, temuan=tuple(temuan))
    if isinstance(nomor, int) and nomor > 1:
        return Tanda(tps=str(tps), jenis=JenisTanda.DIKOREKSI, alasan=str(alasan))
    return None


def hasil_wilayah(*, pemilihan: Pemilihan, kontestasi: Kontestasi, kode: str) -> HasilWilayah:
    """Return the public figures of region ``kode`` ("" the nation) for one contest.

    Raises NotAccessible for a code that is no region of the election's region version.
    """
    wilayah = _wilayah(pemilihan, kode) if kode else None
    if kode and wilayah is None:
        raise NotAccessible(gettext("Halaman hasil ini tidak ditemukan."))
    polos = kode_polos(kode)
    anak_len = panjang_anak(kode)
    rows = _lembar_rows(kontestasi, polos)
    lembar_list = [
        LembarTPS(
            tps=r[0],
            suara=r[2],
            suara_sah=r[3],
            suara_tidak_sah=r[4],
            ditahan=r[5] == Status.PERLU_KONFIRMASI,
        )
        for r in rows
    ]
    hitung = jumlahkan(lembar_list)
    per_anak = jumlahkan_per_anak(lembar_list, panjang_anak=anak_len)
    expected: dict[str, int] = {}
    for tps_kode in TPS.objects.filter(pemilihan=pemilihan, kode__startswith=polos).values_list(
        "kode", flat=True
    ):
        expected[tps_kode[:anak_len]] = expected.get(tps_kode[:anak_len], 0) + 1
    anak = _anak_list(pemilihan, kode, anak_len, expected, per_anak)
    peserta, terjumlah = _peserta(kontestasi, hitung, {int(r[1]) for r in rows})
    tanda_all = [t for r in rows if (t := _tanda(r)) is not None]
    if anak_len == PANJANG_KODE[-1]:
        tanda_all.extend(
            Tanda(tps=a.kode, jenis=JenisTanda.BELUM_MASUK) for a in anak if not a.jumlah.tps_masuk
        )
    return HasilWilayah(
        pemilihan=pemilihan,
        kontestasi=kontestasi,
        kode=kode,
        nama=wilayah.nama if wilayah else "Indonesia",
        jalur=_jalur(pemilihan, kode) if kode else [],
        hitung=hitung,
        rekap=None,
        tps_diharapkan=sum(expected.values()),
        peserta=peserta,
        peserta_terjumlah=terjumlah,
        anak=anak,
        tanda=tanda_all[:TANDA_MAKS],
        tanda_lebih=max(0, len(tanda_all) - TANDA_MAKS),
    )


def _anak_list(
    pemilihan: Pemilihan,
    kode: str,
    anak_len: int,
    expected: Mapping[str, int],
    per_anak: Mapping[str, Jumlah],
) -> list[Anak]:
    if anak_len == PANJANG_KODE[-1]:
        nomor = dict(
            TPS.objects.filter(pemilihan=pemilihan, desa__kode=kode).values_list("kode", "nomor")
        )
        return [
            Anak(
                kode=t,
                nama=f"TPS {nomor[t]:03d}",
                jumlah=per_anak.get(t, Jumlah()),
                tps_diharapkan=1,
                is_tps=True,
            )
            for t in sorted(expected)
        ]
    children = Wilayah.objects.filter(
        versi_id=pemilihan.versi_wilayah_id, induk_kode=kode
    ).order_by("kode")
    return [
        Anak(
            kode=w.kode,
            nama=w.nama,
            jumlah=per_anak.get(kode_polos(w.kode), Jumlah()),
            tps_diharapkan=expected[kode_polos(w.kode)],
        )
        for w in children
        if kode_polos(w.kode) in expected
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class VersiPublik:
    """One version of a TPS's C.Hasil as published: numbers, source, reason, digest."""

    nomor: int
    sumber: str
    alasan: str
    dibuat_pada: str
    status: str
    digest: str
    angka: dict[str, int]
    temuan: list[dict[str, object]]


@dataclass(frozen=True, slots=True, kw_only=True)
class KontestasiTPS:
    """One contest at a TPS: its dapil code, versions (oldest first) and page photos."""

    kontestasi: Kontestasi
    dapil: str
    versi: list[VersiPublik]
    foto: list[CHasilFoto]
    nama_peserta: dict[str, str]

    @property
    def terkini(self) -> VersiPublik | None:
        return self.versi[-1] if self.versi else None


@dataclass(frozen=True, slots=True, kw_only=True)
class TPSPublik:
    tps: TPS
    jalur: list[tuple[str, str]]
    kontestasi: list[KontestasiTPS]


def tps_publik(*, pemilihan: Pemilihan, kode: str, jenis: str | None = None) -> TPSPublik:
    """Return one TPS with, per contest (or only ``jenis``), its versions and photos.

    Raises NotAccessible for a code that is no TPS of the election.
    """
    tps = TPS.objects.filter(pemilihan=pemilihan, kode=kode).select_related("desa").first()
    if tps is None:
        raise NotAccessible(gettext("Halaman hasil ini tidak ditemukan."))
    c_hasil_qs = CHasil.objects.filter(tps=tps).select_related("kontestasi", "dapil")
    if jenis is not None:
        c_hasil_qs = c_hasil_qs.filter(kontestasi__jenis=jenis)
    order = list(Kontestasi.Jenis.values)
    rows = []
    for c_hasil in sorted(c_hasil_qs, key=lambda c: order.index(c.kontestasi.jenis)):
        versi_list = [
            _versi_publik(v) for v in CHasilVersi.objects.filter(c_hasil=c_hasil).order_by("nomor")
        ]
        foto = _foto_terbaru(c_hasil)
        rows.append(
            KontestasiTPS(
                kontestasi=c_hasil.kontestasi,
                dapil=c_hasil.dapil.kode,
                versi=versi_list,
                foto=foto,
                nama_peserta=_nama_peserta(c_hasil),
            )
        )
    return TPSPublik(
        tps=tps, jalur=_jalur(pemilihan, tps.desa.kode, termasuk=True), kontestasi=rows
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TPSTerbit:
    """One TPS of a desa for one contest, as a publication's desa snapshot holds it."""

    tps: TPS
    dapil: str
    dapil_id: int | None
    versi: list[VersiPublik]
    foto: list[CHasilFoto]


def tps_publik_list(
    *, pemilihan: Pemilihan, kontestasi: Kontestasi, desa_kode: str
) -> list[TPSTerbit]:
    """Return every TPS of a desa with its versions and newest page photos (three queries)."""
    tps_list = list(
        TPS.objects.filter(
            pemilihan=pemilihan, desa__kode=desa_kode, desa__versi_id=pemilihan.versi_wilayah_id
        )
        .select_related("desa", "pemilihan")
        .order_by("kode")
    )
    versi_by_tps: dict[int, list[VersiPublik]] = {}
    dapil_by_tps: dict[int, tuple[str, int]] = {}
    for v in (
        CHasilVersi.objects.filter(c_hasil__kontestasi=kontestasi, c_hasil__tps__in=tps_list)
        .select_related("c_hasil__dapil")
        .order_by("c_hasil__tps_id", "nomor")
    ):
        versi_by_tps.setdefault(v.c_hasil.tps_id, []).append(_versi_publik(v))
        dapil_by_tps[v.c_hasil.tps_id] = (v.c_hasil.dapil.kode, v.c_hasil.dapil_id)
    foto_by_tps: dict[int, list[CHasilFoto]] = {}
    seen: set[tuple[int, int]] = set()
    for f in (
        CHasilFoto.objects.filter(c_hasil__kontestasi=kontestasi, c_hasil__tps__in=tps_list)
        .select_related("c_hasil")
        .order_by("c_hasil__tps_id", "halaman", "-diunggah_pada")
    ):
        if (f.c_hasil.tps_id, f.halaman) not in seen:
            seen.add((f.c_hasil.tps_id, f.halaman))
            foto_by_tps.setdefault(f.c_hasil.tps_id, []).append(f)
    return [
        TPSTerbit(
            tps=t,
            dapil=dapil_by_tps.get(t.pk, ("", 0))[0],
            dapil_id=dapil_by_tps.get(t.pk, ("", None))[1],
            versi=versi_by_tps.get(t.pk, []),
            foto=foto_by_tps.get(t.pk, []),
        )
        for t in tps_list
    ]


def _versi_publik(versi: CHasilVersi) -> VersiPublik:
    return VersiPublik(
        nomor=versi.nomor,
        sumber=versi.sumber,
        alasan=versi.alasan,
        dibuat_pada=versi.dibuat_pada.isoformat(),
        status=versi.status,
        digest=versi.digest,
        angka=versi_angka(versi),
        temuan=list(versi.temuan),
    )


def _foto_terbaru(c_hasil: CHasil) -> list[CHasilFoto]:
    """The newest photo of every page (a re-photographed page adds a photo)."""
    seen: set[int] = set()
    foto = []
    for f in CHasilFoto.objects.filter(c_hasil=c_hasil).order_by("halaman", "-diunggah_pada"):
        if f.halaman not in seen:
            seen.add(f.halaman)
            foto.append(f)
    return foto


def _nama_peserta(c_hasil: CHasil) -> dict[str, str]:
    return nama_peserta_for_dapil(dapil_id=c_hasil.dapil_id)


def jalur_publik(*, pemilihan: Pemilihan, desa_kode: str) -> list[tuple[str, str]]:
    """Return (kode, nama) from the nation down to the desa itself."""
    return _jalur(pemilihan, desa_kode, termasuk=True)


def nama_peserta_for_dapil(*, dapil_id: int) -> dict[str, str]:
    """Return the names printed on a dapil's form per section IV key (pairs, candidates, parties)."""
    nama: dict[str, str] = {}
    for c in Calon.objects.filter(dapil_id=dapil_id).select_related("partai"):
        if c.partai is None:
            nama[f"calon_{c.nomor_urut}"] = f"{c.nama} - {c.nama_wakil}" if c.nama_wakil else c.nama
        else:
            nama[f"partai_{c.partai.nomor}"] = c.partai.singkatan
            nama[f"partai_{c.partai.nomor}_calon_{c.nomor_urut}"] = c.nama
            nama[f"partai_{c.partai.nomor}_jumlah"] = c.partai.singkatan
    return nama


def foto_publik_get(*, foto_id: int) -> CHasilFoto:
    """Return a C.Hasil page photo; photos are public evidence of the paper form.

    Only ``CHasilFoto`` is reachable: incident photos, applicants' documents and any other
    upload have no public route.
    """
    foto = CHasilFoto.objects.filter(pk=foto_id).first()
    if foto is None:
        raise NotAccessible(gettext("Halaman hasil ini tidak ditemukan."))
    return foto
