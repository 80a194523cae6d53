"""Reads behind the portal pages and the JSON API: the current election, the region browser, the
dashboard cards.

Every region or TPS code that comes from a request goes through ``accounts.access``. The
actor's scopes are loaded once per call and asked in memory which rows may show their counts,
so each page costs a fixed number of queries whatever the number of children (ADR 0007).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from selenggara.accounts import access
from selenggara.accounts.domain.peran import Lingkup
from selenggara.accounts.models import Penugasan, User
from selenggara.accounts.selectors import actor_lingkup_list, penugasan_list_active
from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.domain.pemilihan import JenisKontestasi, JenisPemilihan, kontestasi_at
from selenggara.pemilihan.models import TPS, Kontestasi, Pemilihan, RingkasanWilayah
from selenggara.wilayah.domain.kode import JenisDesa, JenisKabKota, KodeWilayah, Tingkat
from selenggara.wilayah.models import Wilayah

KODE_NASIONAL = ""
NAMA_NASIONAL = _("Indonesia")

_LABEL_BY_TINGKAT: dict[int, Promise] = {
    0: _("Nasional"),
    Tingkat.PROVINSI: _("Provinsi"),
    Tingkat.KABKOTA: _("Kabupaten/Kota"),
    Tingkat.KECAMATAN: _("Kecamatan"),
    Tingkat.DESA: _("Desa/Kelurahan"),
}
_LABEL_BY_JENIS: dict[str, Promise] = {
    JenisKabKota.KABUPATEN: _("Kabupaten"),
    JenisKabKota.KOTA: _("Kota"),
    JenisDesa.DESA: _("Desa"),
    JenisDesa.KELURAHAN: _("Kelurahan"),
    JenisDesa.DESA_ADAT: _("Desa adat"),
}


# --- Elections ------------------------------------------------------------------------------


def pemilihan_list() -> list[Pemilihan]:
    """Return every election, the most recent polling day first."""
    return list(Pemilihan.objects.order_by("-hari_pemungutan", "kode"))


def pemilihan_get(*, kode: str) -> Pemilihan:
    """Return the election ``kode``.

    Raises NotAccessible when there is none, like every other unknown object.
    """
    pemilihan = Pemilihan.objects.filter(kode=kode).first()
    if pemilihan is None:
        raise NotAccessible(gettext("Pemilihan tidak ditemukan."), kode=kode)
    return pemilihan


# --- Labels ---------------------------------------------------------------------------------


def tingkat_label(tingkat: int) -> Promise:
    """Return the level's name (Provinsi, Kabupaten/Kota, ...); 0 is the nation."""
    return _LABEL_BY_TINGKAT[tingkat]


def jenis_wilayah(kode: str) -> str | None:
    """Return ``kabupaten``/``kota`` or ``desa``/``kelurahan``/``desa_adat`` read off the code."""
    if not kode:
        return None
    parsed = KodeWilayah(kode)
    if parsed.tingkat is Tingkat.DESA:
        return str(parsed.jenis_desa)
    if parsed.tingkat is Tingkat.KABKOTA:
        return str(parsed.jenis_kabkota)
    return None


def jenis_label(kode: str) -> Promise:
    """Return what a region is called in Indonesian: Kota, Kabupaten, Kelurahan, Desa, ..."""
    jenis = jenis_wilayah(kode)
    if jenis is not None:
        return _LABEL_BY_JENIS[jenis]
    return tingkat_label(len(kode.split(".")) if kode else 0)


# --- Region browser -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Jumlah:
    """How many desa, TPS and voters lie below a region (from RingkasanWilayah)."""

    desa: int
    tps: int
    dpt: int
    dpt_laki: int
    dpt_perempuan: int

    @classmethod
    def of(cls, row: RingkasanWilayah | None) -> Jumlah:
        if row is None:  # the rollup has not been refreshed for this region yet
            return cls(desa=0, tps=0, dpt=0, dpt_laki=0, dpt_perempuan=0)
        return cls(
            desa=row.jumlah_desa,
            tps=row.jumlah_tps,
            dpt=row.jumlah_dpt,
            dpt_laki=row.jumlah_dpt_laki,
            dpt_perempuan=row.jumlah_dpt_perempuan,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WilayahRow:
    """A region as shown to one actor. ``jumlah`` is None when its counts are out of scope."""

    kode: str
    nama: str
    tingkat: int
    jumlah: Jumlah | None

    @property
    def is_nasional(self) -> bool:
        return self.tingkat == 0

    @property
    def jenis(self) -> str | None:
        return jenis_wilayah(self.kode)

    @property
    def jenis_label(self) -> Promise:
        return jenis_label(self.kode)


@dataclass(frozen=True, slots=True, kw_only=True)
class Crumb:
    """One step of the breadcrumb; ``is_link`` is False for ancestors only named, not opened."""

    kode: str
    nama: str
    tingkat: int
    is_link: bool

    @property
    def jenis_label(self) -> Promise:
        return jenis_label(self.kode)


@dataclass(frozen=True, slots=True, kw_only=True)
class WilayahPage:
    """A node of the region browser: itself, the way down to it, and what lies below it."""

    pemilihan: Pemilihan
    node: WilayahRow
    breadcrumb: list[Crumb]
    children: list[WilayahRow]
    tps_list: list[TPS]

    @property
    def child_label(self) -> Promise:
        return tingkat_label(self.node.tingkat + 1)

    @property
    def is_desa(self) -> bool:
        return self.node.tingkat == Tingkat.DESA

    @property
    def dpt_max(self) -> int:
        """The largest DPT among the visible children: the full width of the DPT bars."""
        return max((c.jumlah.dpt for c in self.children if c.jumlah is not None), default=0)


def _contains(lingkup_list: Sequence[Lingkup], kode: str) -> bool:
    if not kode:
        return any(lingkup.is_nasional for lingkup in lingkup_list)
    parsed = KodeWilayah(kode)
    return any(lingkup.contains_wilayah(parsed) for lingkup in lingkup_list)


def _breadcrumb(
    *, pemilihan: Pemilihan, kode_list: Sequence[str], lingkup_list: Sequence[Lingkup]
) -> list[Crumb]:
    """Return the nation and the named regions of ``kode_list`` (one query), top first."""
    nama_by_kode = dict(
        Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode__in=kode_list).values_list(
            "kode", "nama"
        )
    )
    crumbs = [
        Crumb(
            kode=KODE_NASIONAL,
            nama=str(NAMA_NASIONAL),
            tingkat=0,
            is_link=_contains(lingkup_list, KODE_NASIONAL),
        )
    ]
    crumbs.extend(
        Crumb(
            kode=kode,
            nama=nama_by_kode.get(kode, kode),
            tingkat=len(kode.split(".")),
            is_link=_contains(lingkup_list, kode),
        )
        for kode in kode_list
    )
    return crumbs


def _ringkasan_by_kode(*, pemilihan: Pemilihan, kode_list: Sequence[str]) -> dict[str, Jumlah]:
    rows = RingkasanWilayah.objects.filter(pemilihan=pemilihan, kode__in=kode_list)
    return {row.kode: Jumlah.of(row) for row in rows}


def wilayah_page_get_for_actor(
    *, actor: User, pemilihan: Pemilihan, kode: str | None
) -> WilayahPage:
    """Return region ``kode`` (the nation when None) with the children ``actor`` may see.

    Counts show only for regions wholly inside a scope of ``actor``: a PPS sees its kecamatan
    and kabupaten by name in the breadcrumb, never their totals. A desa lists its TPS instead
    of children.

    Raises NotAccessible when the region does not exist or is neither in nor above a scope.
    """
    wilayah = (
        access.wilayah_get_for_actor(actor=actor, pemilihan=pemilihan, kode=kode) if kode else None
    )
    lingkup_list = actor_lingkup_list(actor=actor, pemilihan=pemilihan)
    node_kode = wilayah.kode if wilayah else KODE_NASIONAL
    is_desa = wilayah is not None and wilayah.tingkat == Tingkat.DESA
    children = (
        []
        if is_desa
        else access.wilayah_children_for_actor(actor=actor, pemilihan=pemilihan, parent=wilayah)
    )
    jumlah_by_kode = _ringkasan_by_kode(
        pemilihan=pemilihan, kode_list=[node_kode, *(child.kode for child in children)]
    )

    def row(kode: str, nama: str, tingkat: int) -> WilayahRow:
        visible = _contains(lingkup_list, kode)
        jumlah = jumlah_by_kode.get(kode, Jumlah.of(None)) if visible else None
        return WilayahRow(kode=kode, nama=nama, tingkat=tingkat, jumlah=jumlah)

    ancestors = [a.value for a in KodeWilayah(node_kode).ancestors] if wilayah else []
    tps_list = (
        list(access.tps_list_for_actor(actor=actor, pemilihan=pemilihan, desa=wilayah))
        if wilayah is not None and is_desa
        else []
    )
    return WilayahPage(
        pemilihan=pemilihan,
        node=row(
            node_kode,
            wilayah.nama if wilayah else str(NAMA_NASIONAL),
            wilayah.tingkat if wilayah else 0,
        ),
        breadcrumb=_breadcrumb(pemilihan=pemilihan, kode_list=ancestors, lingkup_list=lingkup_list)
        if wilayah
        else [],
        children=[row(child.kode, child.nama, child.tingkat) for child in children],
        tps_list=tps_list,
    )


def wilayah_start_for_actor(*, actor: User, pemilihan: Pemilihan) -> tuple[str, str] | None:
    """Return where the region browser opens for ``actor``: ("wilayah"|"tps", kode) or None.

    None means the nation page: for a national scope, for no scope at all, and for several
    scopes that do not share one node (the nation page then lists the way to each of them).
    """
    lingkup_list = actor_lingkup_list(actor=actor, pemilihan=pemilihan)
    if not lingkup_list or any(lingkup.is_nasional for lingkup in lingkup_list):
        return None
    starts = {
        ("tps", lingkup.tps.value) if lingkup.tps else ("wilayah", str(lingkup.wilayah))
        for lingkup in lingkup_list
    }
    return starts.pop() if len(starts) == 1 else None


# --- TPS detail -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TPSPage:
    """One TPS with the way down to it and the contests on its ballots."""

    pemilihan: Pemilihan
    tps: TPS
    breadcrumb: list[Crumb]
    kontestasi: list[tuple[str, str]]  # (jenis, label) in ballot order


def kontestasi_list_at(*, pemilihan: Pemilihan, desa_kode: str) -> list[tuple[str, str]]:
    """Return the contests on the ballots at a TPS of ``desa_kode``: (jenis, label) pairs."""
    held = frozenset(
        JenisKontestasi(jenis)
        for jenis in Kontestasi.objects.filter(pemilihan=pemilihan).values_list("jenis", flat=True)
    )
    jenis_list = kontestasi_at(
        jenis=JenisPemilihan(pemilihan.jenis), held=held, desa=KodeWilayah(desa_kode)
    )
    return [(str(jenis), str(Kontestasi.Jenis(jenis).label)) for jenis in jenis_list]


def tps_page_get_for_actor(*, actor: User, pemilihan: Pemilihan, kode: str) -> TPSPage:
    """Return TPS ``kode`` of ``pemilihan`` with its breadcrumb and contests.

    Raises NotAccessible when the TPS does not exist or lies outside every scope of ``actor``.
    """
    tps = access.tps_get_for_actor(actor=actor, pemilihan=pemilihan, kode=kode)
    lingkup_list = actor_lingkup_list(actor=actor, pemilihan=pemilihan)
    desa = KodeWilayah(tps.desa.kode)
    return TPSPage(
        pemilihan=pemilihan,
        tps=tps,
        breadcrumb=_breadcrumb(
            pemilihan=pemilihan,
            kode_list=[*(a.value for a in desa.ancestors), desa.value],
            lingkup_list=lingkup_list,
        ),
        kontestasi=kontestasi_list_at(pemilihan=pemilihan, desa_kode=desa.value),
    )


# --- Dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PenugasanCard:
    """One active assignment on the dashboard: the role, its place and what lies there.

    Exactly one of ``wilayah`` (a region role, with counts) and ``tps_kode`` (a TPS role) is
    set; ``tps`` is that TPS in the shown election, None if the election has no such TPS.
    """

    peran: str
    peran_label: str
    wilayah: WilayahRow | None
    tps_kode: str | None
    tps: TPS | None
    # Some TPS counted on this card has a DPT made for the demo or tests, not an official one.
    dpt_sintetis: bool = False


def dashboard_cards_for_actor(*, actor: User, pemilihan: Pemilihan | None) -> list[PenugasanCard]:
    """Return one card per active assignment of ``actor`` in ``pemilihan``, in assignment order.

    A TPS assignment belongs to one election and shows only there. Costs four queries whatever
    the number of assignments: assignments, region names, rollup rows and TPS, plus one asking
    whether any TPS has a synthetic DPT (and, only if so, one per region card saying where).
    """
    if not actor.is_active:
        return []
    penugasan_list = penugasan_list_active(user=actor, pemilihan=pemilihan)
    scopes = [(p, p.lingkup) for p in penugasan_list]
    wilayah_kode_list = [str(lingkup.wilayah) for _p, lingkup in scopes if lingkup.wilayah]
    tps_kode_list = [lingkup.tps.value for _p, lingkup in scopes if lingkup.tps]
    nama_by_kode: dict[str, str] = {}
    jumlah_by_kode: dict[str, Jumlah] = {}
    tps_by_kode: dict[str, TPS] = {}
    if pemilihan is not None:
        if wilayah_kode_list:
            nama_by_kode = dict(
                Wilayah.objects.filter(
                    versi_id=pemilihan.versi_wilayah_id, kode__in=wilayah_kode_list
                ).values_list("kode", "nama")
            )
        region_kode_list = [
            str(lingkup.wilayah) if lingkup.wilayah else KODE_NASIONAL
            for _p, lingkup in scopes
            if lingkup.tps is None
        ]
        if region_kode_list:
            jumlah_by_kode = _ringkasan_by_kode(pemilihan=pemilihan, kode_list=region_kode_list)
        if tps_kode_list:
            tps_by_kode = {
                tps.kode: tps
                for tps in TPS.objects.filter(
                    pemilihan=pemilihan, kode__in=tps_kode_list
                ).select_related("desa")
            }
    cards = [
        _card(penugasan, lingkup, nama_by_kode, jumlah_by_kode, tps_by_kode)
        for penugasan, lingkup in scopes
    ]
    if pemilihan is None:
        return cards
    sintetis = TPS.objects.filter(pemilihan=pemilihan, dpt_sintetis=True)
    if not sintetis.exists():
        return cards
    return [replace(card, dpt_sintetis=_sintetis(card, sintetis)) for card in cards]


def _sintetis(card: PenugasanCard, sintetis: QuerySet[TPS]) -> bool:
    if card.tps is not None:
        return card.tps.dpt_sintetis
    if card.wilayah is None:
        return False
    digits = card.wilayah.kode.replace(".", "")
    return sintetis.filter(kode__startswith=digits).exists() if digits else True


def _card(
    penugasan: Penugasan,
    lingkup: Lingkup,
    nama_by_kode: dict[str, str],
    jumlah_by_kode: dict[str, Jumlah],
    tps_by_kode: dict[str, TPS],
) -> PenugasanCard:
    label = str(penugasan.get_peran_display())
    if lingkup.tps is not None:
        kode_tps = lingkup.tps.value
        return PenugasanCard(
            peran=penugasan.peran,
            peran_label=label,
            wilayah=None,
            tps_kode=kode_tps,
            tps=tps_by_kode.get(kode_tps),
        )
    kode = str(lingkup.wilayah) if lingkup.wilayah else KODE_NASIONAL
    wilayah = WilayahRow(
        kode=kode,
        nama=nama_by_kode.get(kode, kode) if kode else str(NAMA_NASIONAL),
        tingkat=len(kode.split(".")) if kode else 0,
        jumlah=jumlah_by_kode.get(kode, Jumlah.of(None)),
    )
    return PenugasanCard(
        peran=penugasan.peran, peran_label=label, wilayah=wilayah, tps_kode=None, tps=None
    )


def tps_list_get_for_actor(*, actor: User, pemilihan: Pemilihan, kode_desa: str) -> list[TPS]:
    """Return the TPS of desa ``kode_desa`` that ``actor`` may see, in number order.

    Raises NotAccessible when the desa does not exist, is out of scope, or is not a desa.
    """
    desa = access.wilayah_get_for_actor(actor=actor, pemilihan=pemilihan, kode=kode_desa)
    if desa.tingkat != Tingkat.DESA:
        raise NotAccessible(gettext("Wilayah tidak ditemukan."), kode=kode_desa)
    return list(
        access.tps_list_for_actor(actor=actor, pemilihan=pemilihan, desa=desa).select_related(
            "desa"
        )
    )
