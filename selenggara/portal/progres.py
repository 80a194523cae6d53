"""Polling night at a glance: how many C.Hasil have arrived per region and contest, and how many
are flagged. Built on the region browser's page (same scope rules) plus one grouped count.

Counted are current versions only. ``Status`` of a version: konsisten (no finding),
dikonfirmasi (findings, every flagged field confirmed against the paper), perlu_konfirmasi
(findings not yet confirmed). A TPS x contest without a version is "belum".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from selenggara.accounts.models import User
from selenggara.pemilihan.domain.pemilihan import JenisKontestasi, JenisPemilihan, kontestasi_at
from selenggara.pemilihan.models import TPS, Kontestasi, Pemilihan
from selenggara.portal.selectors import WilayahPage, WilayahRow, wilayah_page_get_for_actor
from selenggara.tungsura.domain.pemeriksaan import Status
from selenggara.tungsura.models import CHasil
from selenggara.wilayah.domain.kode import KodeWilayah, Tingkat

# Undotted code lengths per level: a TPS code starts with its provinsi (2), kab/kota (4),
# kecamatan (6) and desa (10) digits.
_DIGITS = {Tingkat.PROVINSI: 2, Tingkat.KABKOTA: 4, Tingkat.KECAMATAN: 6, Tingkat.DESA: 10}
STATUS_ORDER = (Status.KONSISTEN, Status.DIKONFIRMASI, Status.PERLU_KONFIRMASI)
STATUS_LABEL = {
    Status.KONSISTEN: _("konsisten"),
    Status.DIKONFIRMASI: _("ditandai, dikonfirmasi"),
    Status.PERLU_KONFIRMASI: _("ditandai, perlu konfirmasi"),
}


@dataclass(slots=True)
class Sel:
    """One region x contest: sheets expected (TPS that vote in it) and arrived by status."""

    diharapkan: int | None
    per_status: dict[str, int] = field(default_factory=dict)

    @property
    def masuk(self) -> int:
        return sum(self.per_status.values())

    @property
    def ditandai(self) -> int:
        return self.masuk - self.per_status.get(Status.KONSISTEN, 0)

    @property
    def persen(self) -> int | None:
        if not self.diharapkan:
            return None
        return min(100, self.masuk * 100 // self.diharapkan)

    def bar(self) -> list[tuple[str, float]]:
        """(status, width %) segments of the stacked bar, over the expected sheets."""
        whole = self.diharapkan or self.masuk or 1
        return [
            (status.value, self.per_status.get(status, 0) * 100 / whole)
            for status in STATUS_ORDER
            if self.per_status.get(status, 0)
        ]


# Column headers of the progress table: the ballots' own short names (domain.md 2.3), which fit
# a phone where "Presiden dan Wakil Presiden" does not; the full name is the header's title.
SINGKATAN: dict[str, str | Promise] = {
    JenisKontestasi.PPWP.value: _("PPWP"),
    JenisKontestasi.DPR.value: _("DPR"),
    JenisKontestasi.DPD.value: _("DPD"),
    JenisKontestasi.DPRD_PROVINSI.value: _("DPRD Prov."),
    JenisKontestasi.DPRD_KABKOTA.value: _("DPRD Kab/Kota"),
    JenisKontestasi.GUBERNUR.value: _("Gubernur"),
    JenisKontestasi.BUPATI.value: _("Bupati"),
    JenisKontestasi.WALIKOTA.value: _("Wali Kota"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Baris:
    wilayah: WilayahRow
    sel: list[Sel]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgresPage:
    wilayah: WilayahPage
    kontestasi: list[tuple[str, str]]  # (jenis, label)
    baris: list[Baris]
    jumlah: list[Sel]
    # Desa pages: per TPS, per contest, the status (or "" for none yet).
    tps_status: list[tuple[TPS, list[str]]]

    @property
    def kolom(self) -> list[tuple[str, str, str]]:
        """(jenis, short header, full name) per contest column, as the ballots are named."""
        return [
            (jenis, str(SINGKATAN.get(jenis, label)), label) for jenis, label in self.kontestasi
        ]


def _applies(
    *, pemilihan: Pemilihan, held: frozenset[JenisKontestasi], kode: str
) -> set[str] | None:
    """Contests every TPS under region ``kode`` votes in; None when it varies inside it."""
    parsed = KodeWilayah(kode) if kode else None
    if parsed is None or parsed.jenis_kabkota is None:
        # Above kab/kota, bupati vs walikota varies; the Pemilu contests vary only by provinsi.
        if JenisPemilihan(pemilihan.jenis) is JenisPemilihan.PILKADA or parsed is None:
            return None
        probe = KodeWilayah(f"{kode}.01.01.2001")
    else:
        probe = KodeWilayah(".".join([*parsed.segments, "01", "01", "2001"][:4]))
    return {
        k.value for k in kontestasi_at(jenis=JenisPemilihan(pemilihan.jenis), held=held, desa=probe)
    }


def progres_get_for_actor(*, actor: User, pemilihan: Pemilihan, kode: str | None) -> ProgresPage:
    """Return the C.Hasil arrival per child region (or per TPS of a desa) and contest.

    Scope and visibility are the region browser's (``wilayah_page_get_for_actor``): a child
    whose counts are out of the actor's scope shows no numbers. One grouped query counts the
    current versions under the node.
    """
    page = wilayah_page_get_for_actor(actor=actor, pemilihan=pemilihan, kode=kode)
    kontestasi_rows = list(Kontestasi.objects.filter(pemilihan=pemilihan))
    order = {k: i for i, k in enumerate(JenisKontestasi)}
    kontestasi_rows.sort(key=lambda k: order[JenisKontestasi(k.jenis)])
    held = frozenset(JenisKontestasi(k.jenis) for k in kontestasi_rows)
    kontestasi = [(k.jenis, str(k.get_jenis_display())) for k in kontestasi_rows]
    node = page.node
    node_digits = node.kode.replace(".", "")
    current = CHasil.objects.filter(
        tps__pemilihan=pemilihan, versi_terkini__isnull=False, tps__kode__startswith=node_digits
    )
    if page.is_desa:
        status_by = {
            (tps_id, jenis): status
            for tps_id, jenis, status in current.filter(
                tps__in=[t.pk for t in page.tps_list]
            ).values_list("tps_id", "kontestasi__jenis", "versi_terkini__status")
        }
        applies_desa = _applies(pemilihan=pemilihan, held=held, kode=node.kode) or set()
        tps_status = [
            (
                tps,
                [
                    status_by.get((tps.pk, jenis), "") if jenis in applies_desa else "-"
                    for jenis, _label in kontestasi
                ],
            )
            for tps in page.tps_list
        ]
        return ProgresPage(
            wilayah=page, kontestasi=kontestasi, baris=[], jumlah=[], tps_status=tps_status
        )

    width = _DIGITS[Tingkat(node.tingkat + 1)]
    counts: dict[tuple[str, str], dict[str, int]] = {}
    grouped = (
        current.annotate(prefix=Substr("tps__kode", 1, width))
        .values("prefix", "kontestasi__jenis", "versi_terkini__status")
        .annotate(n=Count("id"))
    )
    for row in grouped:
        cell = counts.setdefault((row["prefix"], row["kontestasi__jenis"]), {})
        cell[row["versi_terkini__status"]] = row["n"]
    baris = []
    totals = [Sel(diharapkan=0) for _ in kontestasi]
    for child in page.children:
        if child.jumlah is None:
            continue  # out of the actor's scope: no numbers
        applies = _applies(pemilihan=pemilihan, held=held, kode=child.kode)
        cells = []
        for index, (jenis, _label) in enumerate(kontestasi):
            expected = child.jumlah.tps if applies is None or jenis in applies else 0
            sel = Sel(
                diharapkan=expected if applies is not None else None,
                per_status=dict(counts.get((child.kode.replace(".", ""), jenis), {})),
            )
            cells.append(sel)
            total = totals[index]
            for status, n in sel.per_status.items():
                total.per_status[status] = total.per_status.get(status, 0) + n
            if total.diharapkan is not None:
                total.diharapkan = (
                    None if sel.diharapkan is None else total.diharapkan + sel.diharapkan
                )
        baris.append(Baris(wilayah=child, sel=cells))
    return ProgresPage(
        wilayah=page, kontestasi=kontestasi, baris=baris, jumlah=totals, tps_status=[]
    )
