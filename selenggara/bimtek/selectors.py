"""Reads of bimtek: waves, trainees of a session, the make-up list and the dashboards."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, QuerySet
from django.db.models.functions import Substr

from selenggara.bimtek.domain.jadwal import KPPS_PER_TPS
from selenggara.bimtek.instance import dotted, window_of
from selenggara.bimtek.messages import kekurangan as kekurangan_text
from selenggara.bimtek.messages import tanpa_jadwal
from selenggara.bimtek.models import (
    JadwalTPS,
    KehadiranBimtek,
    ModulBimtek,
    NilaiTes,
    PesertaSusulan,
    RencanaBimtek,
    SesiBimtek,
    TempatBimtek,
)
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.models import Wilayah


@dataclass(frozen=True, slots=True, kw_only=True)
class SesiBaris:
    sesi: SesiBimtek
    tps_kode_list: list[str]
    desa_list: list[str]
    peserta: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Gelombang:
    nomor: int
    tanggal: dt.date
    slot: int
    sesi_list: list[SesiBaris]

    @property
    def peserta(self) -> int:
        return sum(s.peserta for s in self.sesi_list)

    @property
    def tps(self) -> int:
        return sum(len(s.tps_kode_list) for s in self.sesi_list)


def gelombang_list(*, rencana: RencanaBimtek, kecamatan_kode: str) -> list[Gelombang]:
    """The waves of one kecamatan: per (date, slot) its sessions, TPS and seat count."""
    sesi_qs = (
        SesiBimtek.objects.filter(rencana=rencana, kecamatan_kode=kecamatan_kode, susulan=False)
        .select_related("tempat")
        .order_by("tanggal", "slot", "tempat__nama")
    )
    tps_by_sesi: dict[int, list[str]] = defaultdict(list)
    for sesi_id, kode in (
        JadwalTPS.objects.filter(sesi__in=sesi_qs)
        .order_by("tps__kode")
        .values_list("sesi_id", "tps__kode")
    ):
        tps_by_sesi[sesi_id].append(kode)
    nama = dict(
        Wilayah.objects.filter(
            versi_id=rencana.pemilihan.versi_wilayah_id, induk_kode=kecamatan_kode
        ).values_list("kode", "nama")
    )
    waves: dict[tuple[dt.date, int], list[SesiBaris]] = defaultdict(list)
    for sesi in sesi_qs:
        kode_list = tps_by_sesi.get(sesi.pk, [])
        desa = sorted({nama.get(dotted(k[:10]), dotted(k[:10])) for k in kode_list})
        waves[(sesi.tanggal, sesi.slot)].append(
            SesiBaris(
                sesi=sesi,
                tps_kode_list=kode_list,
                desa_list=desa,
                peserta=KPPS_PER_TPS * len(kode_list),
            )
        )
    return [
        Gelombang(nomor=i, tanggal=t, slot=s, sesi_list=rows)
        for i, ((t, s), rows) in enumerate(sorted(waves.items()), start=1)
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class Peserta:
    """One line of a session's list: a member, or an unfilled seat of a TPS not yet formed."""

    tps_kode: str
    posisi: int
    anggota: AnggotaKPPS | None
    hadir: bool = False
    susulan: bool = False


def sesi_peserta_list(*, sesi: SesiBimtek) -> list[Peserta]:
    """Who is expected: the active members of each TPS in seat order (an empty seat shows as
    such), then the members invited to catch up."""
    tps_list = list(
        JadwalTPS.objects.filter(sesi=sesi).order_by("tps__kode").values_list("tps_id", "tps__kode")
    )
    anggota_by_tps: dict[int, dict[int, AnggotaKPPS]] = defaultdict(dict)
    for anggota in AnggotaKPPS.objects.filter(
        tps_id__in=[t for t, _ in tps_list], status=AnggotaKPPS.Status.AKTIF
    ).select_related("pendaftar"):
        anggota_by_tps[anggota.tps_id][anggota.posisi] = anggota
    hadir = set(KehadiranBimtek.objects.filter(sesi=sesi).values_list("anggota_id", flat=True))
    rows = [
        Peserta(
            tps_kode=kode,
            posisi=posisi,
            anggota=anggota_by_tps[tps_id].get(posisi),
            hadir=posisi in anggota_by_tps[tps_id] and anggota_by_tps[tps_id][posisi].pk in hadir,
        )
        for tps_id, kode in tps_list
        for posisi in range(1, KPPS_PER_TPS + 1)
    ]
    susulan_qs = PesertaSusulan.objects.filter(sesi=sesi).select_related(
        "anggota__pendaftar", "anggota__tps"
    )
    rows.extend(
        Peserta(
            tps_kode=ps.anggota.tps.kode,
            posisi=ps.anggota.posisi,
            anggota=ps.anggota,
            hadir=ps.anggota_id in hadir,
            susulan=True,
        )
        for ps in susulan_qs
    )
    return rows


def susulan_list(*, rencana: RencanaBimtek, kecamatan_kode: str) -> list[AnggotaKPPS]:
    """Members who need a make-up session: active members of a TPS whose session is closed,
    with no check-in at any session of the plan and no open make-up invitation. A member
    appointed (PAW) after the session is on it by the same rule."""
    closed_tps = JadwalTPS.objects.filter(
        rencana=rencana, sesi__kecamatan_kode=kecamatan_kode, sesi__ditutup_at__isnull=False
    ).values("tps_id")
    trained = KehadiranBimtek.objects.filter(sesi__rencana=rencana).values("anggota_id")
    invited = PesertaSusulan.objects.filter(
        sesi__rencana=rencana, sesi__ditutup_at__isnull=True
    ).values("anggota_id")
    return list(
        AnggotaKPPS.objects.filter(
            pemilihan_id=rencana.pemilihan_id,
            tps_id__in=closed_tps,
            status=AnggotaKPPS.Status.AKTIF,
        )
        .exclude(pk__in=trained)
        .exclude(pk__in=invited)
        .select_related("pendaftar", "tps")
        .order_by("tps__kode", "posisi")
    )


@dataclass(slots=True, kw_only=True)
class Rekap:
    """Seats of a region: trained (checked in), absent (session closed, not checked in), not
    yet (session open or none); ``tps_belum_lengkap`` TPS whose team will not be complete."""

    kode: str
    nama: str
    tps: int = 0
    kursi: int = 0
    terlatih: int = 0
    absen: int = 0
    tps_belum_lengkap: int = 0
    tps_peringatan: list[str] = field(default_factory=list)

    @property
    def belum(self) -> int:
        return self.kursi - self.terlatih - self.absen

    def persen(self, value: int) -> float:
        return round(100.0 * value / self.kursi, 1) if self.kursi else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusTPS:
    """One TPS's team: members trained (checked in), absent (their session closed without
    them), not yet; its session; ``berisiko`` when the team will not be complete before
    polling day without a make-up session (its session closed, missing, or too late)."""

    kode: str
    terlatih: int
    absen: int
    sesi_id: int | None
    tanggal: dt.date | None
    gelombang: int | None
    berisiko: bool

    @property
    def belum(self) -> int:
        return KPPS_PER_TPS - self.terlatih - self.absen


def tps_status_list(*, rencana: RencanaBimtek, wilayah_kode: str) -> list[StatusTPS]:
    """Every TPS below ``wilayah_kode`` (the kab/kota, a kecamatan or a desa), in code order."""
    prefix = wilayah_kode.replace(".", "")
    schedule = {
        tps_id: (sesi_id, closed is not None, tanggal, gelombang)
        for tps_id, sesi_id, closed, tanggal, gelombang in JadwalTPS.objects.filter(
            rencana=rencana, tps__kode__startswith=prefix
        ).values_list("tps_id", "sesi_id", "sesi__ditutup_at", "sesi__tanggal", "sesi__gelombang")
    }
    trained_by_tps: dict[int, int] = defaultdict(int)
    for tps_id, _anggota in (
        KehadiranBimtek.objects.filter(
            sesi__rencana=rencana,
            anggota__status=AnggotaKPPS.Status.AKTIF,
            anggota__tps__kode__startswith=prefix,
        )
        .values_list("anggota__tps_id", "anggota_id")
        .distinct()
    ):
        trained_by_tps[tps_id] += 1
    hari_pemungutan = rencana.pemilihan.hari_pemungutan
    out = []
    for tps_id, kode in (
        TPS.objects.filter(pemilihan_id=rencana.pemilihan_id, kode__startswith=prefix)
        .order_by("kode")
        .values_list("pk", "kode")
    ):
        trained = min(trained_by_tps.get(tps_id, 0), KPPS_PER_TPS)
        sesi_id, closed, tanggal, gelombang = schedule.get(tps_id, (None, False, None, None))
        out.append(
            StatusTPS(
                kode=kode,
                terlatih=trained,
                absen=KPPS_PER_TPS - trained if closed else 0,
                sesi_id=sesi_id,
                tanggal=tanggal,
                gelombang=gelombang,
                berisiko=trained < KPPS_PER_TPS
                and (closed or tanggal is None or tanggal >= hari_pemungutan),
            )
        )
    return out


def dashboard_rekap(*, rencana: RencanaBimtek, wilayah_kode: str) -> list[Rekap]:
    """One row per child region of ``wilayah_kode`` (kecamatan of the kab/kota, desa of a
    kecamatan) with the seats trained, absent and not yet, and the TPS at risk
    (``tps_status_list``'s ``berisiko``)."""
    children = list(
        Wilayah.objects.filter(
            versi_id=rencana.pemilihan.versi_wilayah_id, induk_kode=wilayah_kode
        ).order_by("kode")
    )
    depth = 6 if wilayah_kode == rencana.kabkota_kode else 10
    rekap = {c.kode: Rekap(kode=c.kode, nama=c.nama) for c in children}
    for status in tps_status_list(rencana=rencana, wilayah_kode=wilayah_kode):
        row = rekap.get(dotted(status.kode[:depth]))
        if row is None:
            continue
        row.tps += 1
        row.kursi += KPPS_PER_TPS
        row.terlatih += status.terlatih
        row.absen += status.absen
        if status.berisiko:
            row.tps_belum_lengkap += 1
            row.tps_peringatan.append(status.kode)
    return list(rekap.values())


@dataclass(frozen=True, slots=True, kw_only=True)
class GainModul:
    modul: ModulBimtek
    pre: float
    post: float
    jumlah: int

    @property
    def gain(self) -> float:
        return round(self.post - self.pre, 1)


def gain_per_modul(*, rencana: RencanaBimtek, wilayah_kode: str) -> list[GainModul]:
    """The average pre- and post-test score per module over the region's tested members."""
    nilai = NilaiTes.objects.filter(
        sesi__rencana=rencana,
        sesi__kecamatan_kode__startswith=wilayah_kode,
        pre__isnull=False,
        post__isnull=False,
    )
    stats = {
        row["modul_id"]: row
        for row in nilai.values("modul_id").annotate(
            pre_avg=Avg("pre"), post_avg=Avg("post"), n=F("modul_id")
        )
    }
    counts: dict[int, int] = defaultdict(int)
    for modul_id in nilai.values_list("modul_id", flat=True):
        counts[modul_id] += 1
    return [
        GainModul(
            modul=m,
            pre=round(float(stats[m.pk]["pre_avg"]), 1),
            post=round(float(stats[m.pk]["post_avg"]), 1),
            jumlah=counts[m.pk],
        )
        for m in ModulBimtek.objects.filter(rencana=rencana).order_by("urutan")
        if m.pk in stats
    ]


def sesi_list_for_kecamatan(*, rencana: RencanaBimtek, kecamatan_kode: str) -> QuerySet[SesiBimtek]:
    return (
        SesiBimtek.objects.filter(rencana=rencana, kecamatan_kode=kecamatan_kode)
        .select_related("tempat")
        .order_by("tanggal", "slot", "tempat__nama")
    )


def kekurangan_teks(rencana: RencanaBimtek) -> dict[str, list[str]]:
    """Per kecamatan of the plan, its stored shortfalls and their fixes as sentences."""
    nama = dict(
        Wilayah.objects.filter(
            versi_id=rencana.pemilihan.versi_wilayah_id, induk_kode=rencana.kabkota_kode
        ).values_list("kode", "nama")
    )
    tanggal_list = window_of(rencana).tanggal_list
    tempat_nama = {str(t.pk): t.nama for t in TempatBimtek.objects.filter(rencana=rencana)}
    out: dict[str, list[str]] = {}
    for kode, status, kekurangan in rencana.kecamatan_set.order_by("kecamatan_kode").values_list(
        "kecamatan_kode", "status", "kekurangan"
    ):
        out[kode] = [
            kekurangan_text(item, nama.get(kode, kode), tanggal_list, tempat_nama)
            for item in kekurangan
        ]
        if status and status not in ("OPTIMAL", "FEASIBLE") and not out[kode]:
            out[kode].append(tanpa_jadwal(status, nama.get(kode, kode)))
    return out


@dataclass(slots=True, kw_only=True)
class RekapWilayah:
    """A provinsi or kab/kota in the roll-up: its seats as in ``Rekap`` over every plan inside,
    the TPS that no plan covers yet (at risk too), and the plan when the row is a kab/kota."""

    rekap: Rekap
    rencana: int = 0
    tps_tanpa_rencana: int = 0
    rencana_kabkota: RencanaBimtek | None = None


def ringkasan_wilayah(*, pemilihan: Pemilihan, wilayah_kode: str | None) -> list[RekapWilayah]:
    """The roll-up above the kab/kota: one row per provinsi of the nation (``wilayah_kode``
    None) or per kab/kota of a provinsi. Each plan's TPS are counted as on its own dashboard
    (``tps_status_list``); a TPS of a kab/kota without a plan has all seven seats not yet
    trained and is at risk. Reads every TPS of the region once per plan: a page for KPU RI
    and provinsi officers, not a public one."""
    depth = 2 if wilayah_kode is None else 4  # undotted digits of a provinsi / kab/kota
    children = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id).order_by("kode")
    children = (
        children.filter(tingkat=1)
        if wilayah_kode is None
        else children.filter(induk_kode=wilayah_kode)
    )
    rows = {
        c.kode.replace(".", ""): RekapWilayah(rekap=Rekap(kode=c.kode, nama=c.nama))
        for c in children
    }
    prefix = (wilayah_kode or "").replace(".", "")
    tps_count = (
        TPS.objects.filter(pemilihan=pemilihan, kode__startswith=prefix)
        .annotate(induk=Substr("kode", 1, depth))
        .values("induk")
        .annotate(n=Count("pk"))
        .values_list("induk", "n")
    )
    for induk, n in tps_count:
        if induk in rows:
            rows[induk].tps_tanpa_rencana = n
    plans = RencanaBimtek.objects.filter(
        pemilihan=pemilihan, kabkota_kode__startswith=wilayah_kode or ""
    ).order_by("kabkota_kode")
    for rencana in plans:
        row = rows.get(rencana.kabkota_kode.replace(".", "")[:depth])
        if row is None:
            continue
        row.rencana += 1
        if wilayah_kode is not None:  # a kab/kota row links to its plan
            row.rencana_kabkota = rencana
        for status in tps_status_list(rencana=rencana, wilayah_kode=rencana.kabkota_kode):
            row.tps_tanpa_rencana -= 1
            row.rekap.tps += 1
            row.rekap.kursi += KPPS_PER_TPS
            row.rekap.terlatih += status.terlatih
            row.rekap.absen += status.absen
            row.rekap.tps_belum_lengkap += int(status.berisiko)
    for row in rows.values():
        row.rekap.tps += row.tps_tanpa_rencana
        row.rekap.kursi += KPPS_PER_TPS * row.tps_tanpa_rencana
        row.rekap.tps_belum_lengkap += row.tps_tanpa_rencana
    return list(rows.values())
