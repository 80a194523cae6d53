"""Every read the public side makes, behind one small interface.

``hasil_wilayah`` gives the figures of one region and contest; ``tps_publik`` gives one TPS
with, per contest, every version of its C.Hasil, its findings and its page photos.

The figures are the rekap engine's (``selenggara.rekap.selectors``), never summed here: the
count (``hitung``: live, from the current C.Hasil of every TPS below, held-out sheets left
out) beside the official recap (``rekap``: what locked plenaries adopted, None before any),
the differences between the two with their causes, TPS in / expected / held out, and the
flags with their reasons. This module only adds what the public pages need around them:
region and participant names, links, the TPS versions and photos.

Nothing here returns personal data: no account (who submitted is told by source only), no
TPS address, no incident text; names are those published by law (pairs, candidates, parties).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext

from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.models import (
    TPS,
    Calon,
    Dapil,
    Kontestasi,
    Partai,
    Pemilihan,
    RingkasanWilayah,
)
from selenggara.publik.domain.hasil import (
    PANJANG_KODE,
    bagian,
    kode_polos,
    kode_titik,
    panjang_anak,
)
from selenggara.rekap import selectors as rekap
from selenggara.rekap.selectors import Angka, Perbedaan, PlenoRingkas, TandaTPS
from selenggara.tungsura.models import CHasil, CHasilFoto, CHasilVersi
from selenggara.tungsura.selectors import versi_angka
from selenggara.wilayah.models import Wilayah

# Flags listed on one region page; beyond this the page says how many more there are.
TANDA_MAKS = 200
# Flags are read over one kecamatan, the scope of the PPK plenary that reads them (the
# rekap engine compares TPS of a desa and looks for twin sheets across the set it is given).
PANJANG_TANDA = PANJANG_KODE[2]
_BERPARTAI = frozenset({"dpr", "dprd_provinsi", "dprd_kabkota"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Peserta:
    """One row of the result: a pair, a candidate or a party, with both figures and share."""

    kunci: str
    nomor: int
    nama: str
    suara: int  # in the count
    bagian: Fraction  # share of the count's valid votes
    rekap: int | None = None  # in the official recap (None: none adopted yet)


@dataclass(frozen=True, slots=True, kw_only=True)
class Anak:
    """A child region (or, below a desa, a TPS) with both figures."""

    kode: str  # dotted region code, or the 13-digit TPS code
    nama: str
    hitung: Angka
    rekap: Angka | None
    pleno_status: str | None = None
    is_tps: bool = False

    @property
    def tps_masuk(self) -> int:
        """TPS whose C.Hasil came in: counted plus held out."""
        return self.hitung.tps_masuk + self.hitung.tps_ditahan


@dataclass(frozen=True, slots=True, kw_only=True)
class TandaPublik:
    """The flags of one TPS: their codes and reasons (rekap's wording)."""

    tps: str
    kode: tuple[str, ...]
    alasan: tuple[str, ...]

    @property
    def ditahan(self) -> bool:
        return "ditahan" in self.kode


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilWilayah:
    """The public figures of one region (kode "" is the nation) for one contest."""

    pemilihan: Pemilihan
    kontestasi: Kontestasi
    kode: str
    nama: str
    jalur: list[tuple[str, str]]  # (kode, nama) from the nation down to the parent
    hitung: Angka
    rekap: Angka | None  # None: no plenary has adopted a recap here yet
    rekap_lengkap: bool  # every plenary the recap needs is locked
    pleno: PlenoRingkas | None
    perbedaan: list[Perbedaan]
    peserta: list[Peserta]
    # False when the region spans several dapil of a per-candidate contest (DPD, Pilkada):
    # candidate numbers of different dapil are different people and are not added up.
    peserta_terjumlah: bool
    anak: list[Anak]
    tanda: list[TandaPublik]  # None read above a kecamatan (see PANJANG_TANDA)
    tanda_dibaca: bool
    tanda_lebih: int = 0
    tanda_hitung: dict[str, int] = field(default_factory=dict)

    @property
    def tps_diharapkan(self) -> int:
        return self.hitung.tps_diharapkan

    @property
    def tps_masuk(self) -> int:
        """TPS whose C.Hasil came in: counted plus held out."""
        return self.hitung.tps_masuk + self.hitung.tps_ditahan


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


@dataclass
class NamaCache:
    """Names a publication looks up again and again: parties, candidates per dapil, regions."""

    partai: dict[int, dict[int, str]] = field(default_factory=dict)  # pemilihan -> nomor -> nama
    calon: dict[tuple[int, str], dict[int, str]] = field(default_factory=dict)
    wilayah: dict[str, str] = field(default_factory=dict)


def _nama_partai(kontestasi: Kontestasi, cache: NamaCache) -> dict[int, str]:
    if kontestasi.pemilihan_id not in cache.partai:
        cache.partai[kontestasi.pemilihan_id] = dict(
            Partai.objects.filter(pemilihan_id=kontestasi.pemilihan_id).values_list(
                "nomor", "singkatan"
            )
        )
    return cache.partai[kontestasi.pemilihan_id]


def _nama_calon(kontestasi: Kontestasi, dapil_kode: str, cache: NamaCache) -> dict[int, str]:
    key = (kontestasi.pk, dapil_kode)
    if key not in cache.calon:
        dapil = Dapil.objects.filter(kontestasi=kontestasi, kode=dapil_kode).first()
        cache.calon[key] = {
            c.nomor_urut: f"{c.nama} - {c.nama_wakil}" if c.nama_wakil else c.nama
            for c in Calon.objects.filter(dapil=dapil)
        }
    return cache.calon[key]


def _peserta(
    kontestasi: Kontestasi, hitung: Angka, rekap_angka: Angka | None, cache: NamaCache
) -> tuple[list[Peserta], bool]:
    """Return the participants' rows: parties (totals) or pairs/candidates of a single dapil."""
    sah = hitung.suara_sah
    diadopsi = rekap_angka.peserta if rekap_angka is not None else None
    rows: list[Peserta] = []
    if kontestasi.jenis in _BERPARTAI:
        # Every party on the ballot, with zero where it got no vote (rekap drops zeros).
        for nomor, singkatan in sorted(_nama_partai(kontestasi, cache).items()):
            kunci = f"partai_{nomor}_jumlah"
            suara = hitung.peserta.get(kunci, 0)
            rows.append(
                Peserta(
                    kunci=kunci,
                    nomor=nomor,
                    nama=singkatan,
                    suara=suara,
                    bagian=bagian(suara, sah),
                    rekap=None if diadopsi is None else diadopsi.get(kunci, 0),
                )
            )
        return rows, True
    dapil_list = set(hitung.per_dapil) | set(rekap_angka.per_dapil if rekap_angka else {})
    if len(dapil_list) != 1:
        return [], not dapil_list
    for nomor, nama_calon in sorted(_nama_calon(kontestasi, next(iter(dapil_list)), cache).items()):
        kunci = f"calon_{nomor}"
        suara = hitung.peserta.get(kunci, 0)
        rows.append(
            Peserta(
                kunci=kunci,
                nomor=nomor,
                nama=nama_calon,
                suara=suara,
                bagian=bagian(suara, sah),
                rekap=None if diadopsi is None else diadopsi.get(kunci, 0),
            )
        )
    return rows, True


def anak_tps(rows: list[rekap.BarisAnak]) -> list[Anak]:
    """Return rekap's rows of TPS as children (a TPS code ends in its 3-digit number)."""
    return [
        Anak(
            kode=r.kode,
            nama=f"TPS {r.kode[PANJANG_KODE[-2] :]}",
            hitung=r.hitung,
            rekap=r.rekap,
            pleno_status=r.pleno_status,
            is_tps=True,
        )
        for r in rows
    ]


def anak_list(*, pemilihan: Pemilihan, kontestasi: Kontestasi, kode: str) -> list[Anak]:
    """Return the children of a region (its TPS below a desa) with both figures."""
    rows = rekap.rekap_anak_list(pemilihan=pemilihan, wilayah_kode=kode, jenis=kontestasi.jenis)
    if len(kode_polos(kode)) == PANJANG_KODE[-2]:
        return anak_tps(rows)
    nama = nama_wilayah_banyak(pemilihan=pemilihan, kode_list=[r.kode for r in rows])
    return _anak_bernama(rows, nama)


def _anak_bernama(rows: Iterable[rekap.BarisAnak], nama: Mapping[str, str]) -> list[Anak]:
    """Child regions' rows with their names (the code where a name is missing)."""
    return [
        Anak(
            kode=r.kode,
            nama=nama.get(r.kode, r.kode),
            hitung=r.hitung,
            rekap=r.rekap,
            pleno_status=r.pleno_status,
        )
        for r in rows
    ]


def anak_kode_banyak(*, pemilihan: Pemilihan, induk_list: list[str]) -> dict[str, list[str]]:
    """Return, per region of ``induk_list``, its children's codes as ``anak_list`` lists them
    (sorted), read once for all of them."""
    out: dict[str, list[str]] = {kode: [] for kode in induk_list}
    for kode, induk in (
        RingkasanWilayah.objects.filter(pemilihan=pemilihan, induk_kode__in=induk_list)
        .exclude(kode="")
        .values_list("kode", "induk_kode")
    ):
        out[induk].append(kode)
    return {induk: sorted(kode_list) for induk, kode_list in out.items()}


def nama_wilayah_banyak(*, pemilihan: Pemilihan, kode_list: list[str]) -> dict[str, str]:
    """Return the names of many regions of the election's region version in one read."""
    return dict(
        Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode__in=kode_list).values_list(
            "kode", "nama"
        )
    )


def anak_dari(
    *,
    kode_list: list[str],
    rekap_by_kode: dict[str, rekap.RekapWilayah],
    nama: dict[str, str],
    jenis: str,
) -> list[Anak] | None:
    """Return the children ``anak_list`` gives a region above a desa, from their figures read
    already (``rekap_wilayah_banyak``); None when one of them was not read."""
    if any(kode not in rekap_by_kode for kode in kode_list):
        return None
    rows = (rekap.baris_anak_dari(rekap_by_kode[kode], jenis=jenis) for kode in kode_list)
    return _anak_bernama(rows, nama)


def tanda_kelompok(tanda: list[TandaTPS]) -> list[TandaPublik]:
    """Group the flags per TPS, in TPS order, held-out TPS first."""
    per_tps: dict[str, list[TandaTPS]] = {}
    for t in tanda:
        per_tps.setdefault(t.tps_kode, []).append(t)
    out = [
        TandaPublik(
            tps=tps,
            kode=tuple(t.kode for t in items),
            alasan=tuple(dict.fromkeys(t.alasan for t in items)),
        )
        for tps, items in sorted(per_tps.items())
    ]
    return sorted(out, key=lambda t: (not t.ditahan, t.tps))


def tanda_kecamatan(
    *, pemilihan: Pemilihan, kontestasi: Kontestasi, kecamatan: str, hanya: str = ""
) -> list[TandaTPS]:
    """Return every flag of the TPS of one kecamatan (dotted code) for one contest, or only
    of those under ``hanya`` (undotted; twin sheets are still sought across the kecamatan)."""
    return rekap.tanda_list_for_wilayah(
        pemilihan=pemilihan, wilayah_kode=kecamatan, jenis=kontestasi.jenis, hanya=hanya
    )


def hasil_wilayah(
    *,
    pemilihan: Pemilihan,
    kontestasi: Kontestasi,
    kode: str,
    rekap_wilayah: rekap.RekapWilayah | None = None,
    anak: list[Anak] | None = None,
    tanda_semua: list[TandaTPS] | None = None,
    nama: NamaCache | None = None,
) -> HasilWilayah:
    """Return the public figures of region ``kode`` ("" the nation) for one contest.

    ``rekap_wilayah``, ``anak`` and ``tanda_semua`` (the flags of the region's kecamatan) let
    a publication pass what it has read already for other contests or regions.
    Raises NotAccessible for a code that is no region of the election's region version.
    """
    wilayah = _wilayah(pemilihan, kode) if kode else None
    if kode and wilayah is None:
        raise NotAccessible(gettext("Halaman hasil ini tidak ditemukan."))
    panjang_anak(kode)  # a known level (ValueError otherwise)
    cache = nama or NamaCache()
    rw = rekap_wilayah or rekap.rekap_wilayah_get(pemilihan=pemilihan, wilayah_kode=kode)
    figure = next(k for k in rw.kontestasi if k.jenis == kontestasi.jenis)
    if anak is None:
        anak = anak_list(pemilihan=pemilihan, kontestasi=kontestasi, kode=kode)
    peserta, terjumlah = _peserta(kontestasi, figure.hitung, figure.rekap, cache)
    polos = kode_polos(kode)
    dibaca = len(polos) >= PANJANG_TANDA
    tanda: list[TandaPublik] = []
    hitung_tanda: dict[str, int] = {}
    if dibaca:
        semua = tanda_semua
        if semua is None:
            semua = tanda_kecamatan(
                pemilihan=pemilihan,
                kontestasi=kontestasi,
                kecamatan=kode_titik(polos[:PANJANG_TANDA]),
                hanya=polos,  # a desa page measures its own desa only
            )
        mine = [t for t in semua if t.tps_kode.startswith(polos)]
        for t in mine:
            hitung_tanda[t.kode] = hitung_tanda.get(t.kode, 0) + 1
        tanda = tanda_kelompok(mine)
    return HasilWilayah(
        pemilihan=pemilihan,
        kontestasi=kontestasi,
        kode=kode,
        nama=wilayah.nama if wilayah else "Indonesia",
        jalur=_jalur(pemilihan, kode) if kode else [],
        hitung=figure.hitung,
        rekap=figure.rekap,
        rekap_lengkap=figure.rekap_lengkap,
        pleno=figure.pleno,
        perbedaan=[p for p in figure.perbedaan if p.kode != "kunci"],
        peserta=peserta,
        peserta_terjumlah=terjumlah,
        anak=anak,
        tanda=tanda[:TANDA_MAKS],
        tanda_dibaca=dibaca,
        tanda_lebih=max(0, len(tanda) - TANDA_MAKS),
        tanda_hitung=dict(sorted(hitung_tanda.items())),
    )


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
    ditahan: bool = False  # held out of the count (rekap's rule: galat and not released)
    rekap: Angka | None = None  # the sheet as the locked kecamatan plenary adopted it

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
        baris = next(
            (
                r
                for r in rekap.rekap_anak_list(
                    pemilihan=pemilihan, wilayah_kode=tps.desa.kode, jenis=c_hasil.kontestasi.jenis
                )
                if r.kode == tps.kode
            ),
            None,
        )
        rows.append(
            KontestasiTPS(
                kontestasi=c_hasil.kontestasi,
                dapil=c_hasil.dapil.kode,
                versi=versi_list,
                foto=_foto_terbaru(c_hasil),
                nama_peserta=_nama_peserta(c_hasil),
                ditahan=baris is not None and baris.hitung.tps_ditahan > 0,
                rekap=baris.rekap if baris is not None else None,
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
    *, pemilihan: Pemilihan, kontestasi: Kontestasi, wilayah_kode: str
) -> list[TPSTerbit]:
    """Return every TPS of a desa or kecamatan with its versions and newest page photos
    (three queries)."""
    tps_list = list(
        TPS.objects.filter(pemilihan=pemilihan, kode__startswith=kode_polos(wilayah_kode))
        .select_related("desa", "pemilihan")
        .order_by("kode")
    )
    versi_by_tps: dict[int, list[VersiPublik]] = {}
    dapil_by_tps: dict[int, tuple[str, int]] = {}
    for v in (
        CHasilVersi.objects.filter(c_hasil__kontestasi=kontestasi, c_hasil__tps__in=tps_list)
        .select_related("c_hasil__dapil")
        .defer("teks_kanonik", "konfirmasi")
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
