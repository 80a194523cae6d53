"""Reads of special incidents and objections. Callers resolve the TPS or region through the
access selectors first (``tps_get_for_actor``, ``wilayah_get_for_laporan``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext

from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.tungsura.domain.kejadian import JenisCatatan, Kategori
from selenggara.tungsura.models import KejadianKhusus, KejadianKhususFoto
from selenggara.wilayah.domain.kode import KodeWilayah
from selenggara.wilayah.models import Wilayah

TERBARU_MAKS = 100


def kejadian_list_for_tps(*, tps: TPS) -> QuerySet[KejadianKhusus]:
    """Every incident and objection of ``tps``, newest first, with its photo count."""
    return (
        KejadianKhusus.objects.filter(tps=tps)
        .select_related("kontestasi", "dicatat_oleh")
        .annotate(jumlah_foto=Count("foto_set"))
        .order_by("-dicatat_pada", "-pk")
    )


def kejadian_get(*, tps: TPS, pk: int) -> KejadianKhusus:
    """Return incident ``pk`` of ``tps``; one of another TPS is as unknown as a missing one."""
    kejadian = (
        KejadianKhusus.objects.select_related("kontestasi", "dicatat_oleh", "tps__desa")
        .filter(tps=tps, pk=pk)
        .first()
    )
    if kejadian is None:
        raise NotAccessible(gettext("Catatan kejadian tidak ditemukan."), pk=pk)
    return kejadian


def kejadian_foto_list(*, kejadian: KejadianKhusus) -> QuerySet[KejadianKhususFoto]:
    return kejadian.foto_set.order_by("pk")


def kejadian_foto_get(*, kejadian: KejadianKhusus, pk: int) -> KejadianKhususFoto:
    """Return photo ``pk`` of ``kejadian``, else NotAccessible."""
    foto = kejadian.foto_set.filter(pk=pk).first()
    if foto is None:
        raise NotAccessible(gettext("Foto tidak ditemukan."), pk=pk)
    return foto


@dataclass(frozen=True, slots=True, kw_only=True)
class BarisKategori:
    kategori: Kategori
    kejadian_khusus: int
    keberatan: int

    @property
    def jumlah(self) -> int:
        return self.kejadian_khusus + self.keberatan


@dataclass(frozen=True, slots=True, kw_only=True)
class RekapKejadian:
    """Incidents of a region: counts per category and kind, the newest records."""

    kategori_list: list[BarisKategori]
    terbaru_list: Sequence[KejadianKhusus]
    tps_terdampak: int

    @property
    def jumlah(self) -> int:
        return sum(b.jumlah for b in self.kategori_list)

    @property
    def jumlah_keberatan(self) -> int:
        return sum(b.keberatan for b in self.kategori_list)


def kejadian_rekap_for_wilayah(*, pemilihan: Pemilihan, wilayah: Wilayah) -> RekapKejadian:
    """Return the incidents of every TPS of ``wilayah`` (three queries)."""
    qs = KejadianKhusus.objects.filter(
        tps__pemilihan=pemilihan, tps__kode__startswith=KodeWilayah(wilayah.kode).digits
    )
    counts: dict[tuple[str, str], int] = {
        (row["kategori"], row["jenis"]): row["n"]
        for row in qs.values("kategori", "jenis").annotate(n=Count("pk")).order_by()
    }
    kategori_list = [
        BarisKategori(
            kategori=kategori,
            kejadian_khusus=counts.get((kategori.value, JenisCatatan.KEJADIAN_KHUSUS.value), 0),
            keberatan=counts.get((kategori.value, JenisCatatan.KEBERATAN.value), 0),
        )
        for kategori in Kategori
    ]
    terbaru_list = list(
        qs.select_related("tps__desa", "kontestasi")
        .annotate(jumlah_foto=Count("foto_set"))
        .order_by("-dicatat_pada", "-pk")[:TERBARU_MAKS]
    )
    return RekapKejadian(
        kategori_list=kategori_list,
        terbaru_list=terbaru_list,
        tps_terdampak=qs.values("tps_id").distinct().count(),
    )
