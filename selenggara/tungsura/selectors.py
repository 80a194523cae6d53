"""Reads of the C.Hasil. Callers get ``tps`` through ``accounts.access.tps_get_for_actor``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from selenggara.pemilihan.domain.pemilihan import JenisKontestasi, JenisPemilihan, kontestasi_at
from selenggara.pemilihan.models import TPS, Dapil
from selenggara.tungsura.domain.lembar import ADMINISTRASI
from selenggara.tungsura.domain.pemeriksaan import (
    HALAMAN_DIKETAHUI,
    KelengkapanHalaman,
    halaman_check,
)
from selenggara.tungsura.lembar import dapil_map_for_tps
from selenggara.tungsura.models import CHasil, CHasilFoto, CHasilVersi
from selenggara.wilayah.domain.kode import KodeTPS, KodeWilayah
from selenggara.wilayah.models import Wilayah


@dataclass(frozen=True, slots=True, kw_only=True)
class BarisKontestasi:
    """One contest of a TPS: its dapil (None: not imported) and its C.Hasil so far."""

    jenis: JenisKontestasi
    dapil: Dapil | None
    c_hasil: CHasil | None
    versi: CHasilVersi | None
    halaman: KelengkapanHalaman


def kontestasi_list_for_tps(*, tps: TPS) -> list[BarisKontestasi]:
    """Return every contest ``tps`` votes in, in ballot (and counting) order, with its C.Hasil."""
    pemilihan = tps.pemilihan
    held = frozenset(
        JenisKontestasi(j) for j in pemilihan.kontestasi_set.values_list("jenis", flat=True)
    )
    jenis_list = kontestasi_at(
        jenis=JenisPemilihan(pemilihan.jenis), held=held, desa=KodeTPS.parse(tps.kode).desa
    )
    dapil = dapil_map_for_tps(tps)
    c_hasil_by_jenis = {
        c.kontestasi.jenis: c
        for c in CHasil.objects.filter(tps=tps).select_related("kontestasi", "versi_terkini")
    }
    pages: dict[int, list[tuple[int, int]]] = {}
    for c_hasil_id, halaman, dari in CHasilFoto.objects.filter(c_hasil__tps=tps).values_list(
        "c_hasil_id", "halaman", "dari"
    ):
        pages.setdefault(c_hasil_id, []).append((halaman, dari))
    rows = []
    for jenis in jenis_list:
        c_hasil = c_hasil_by_jenis.get(jenis.value)
        rows.append(
            BarisKontestasi(
                jenis=jenis,
                dapil=dapil.get(jenis.value),
                c_hasil=c_hasil,
                versi=c_hasil.versi_terkini if c_hasil else None,
                halaman=halaman_check(
                    pages.get(c_hasil.pk, []) if c_hasil else [],
                    jumlah_diketahui=HALAMAN_DIKETAHUI.get(jenis.value),
                ),
            )
        )
    return rows


def c_hasil_get(*, tps: TPS, jenis: str) -> CHasil | None:
    return (
        CHasil.objects.select_related("kontestasi", "dapil", "versi_terkini")
        .filter(tps=tps, kontestasi__jenis=jenis)
        .first()
    )


def versi_list(*, c_hasil: CHasil) -> QuerySet[CHasilVersi]:
    """Every version of a C.Hasil, newest first, with who made it."""
    return c_hasil.versi_set.select_related("dibuat_oleh", "dikonfirmasi_oleh").order_by("-nomor")


def versi_angka(versi: CHasilVersi) -> dict[str, int]:
    """Return every number of a version under its key (sections I-III, IV and V), no query.

    Section IV is the version's ``suara`` object; for paper order iterate the layout's keys
    (``SusunanSuara.kunci_semua``), not this dict.
    """
    angka = {key: getattr(versi, key) for key in ADMINISTRASI}
    angka.update((str(key), int(value)) for key, value in versi.suara.items())
    return angka


def versi_get(*, c_hasil: CHasil, nomor: int) -> CHasilVersi | None:
    """Version ``nomor`` of a C.Hasil with who made and confirmed it, or None."""
    return (
        c_hasil.versi_set.select_related("dibuat_oleh", "dikonfirmasi_oleh")
        .filter(nomor=nomor)
        .first()
    )


def versi_count(*, c_hasil: CHasil) -> int:
    return c_hasil.versi_set.count()


def foto_get(*, tps: TPS, jenis: str, pk: int) -> CHasilFoto | None:
    """A page photo of ``tps``'s C.Hasil for ``jenis`` (None when it belongs elsewhere)."""
    return (
        CHasilFoto.objects.filter(c_hasil__tps=tps, c_hasil__kontestasi__jenis=jenis, pk=pk)
        .select_related("c_hasil")
        .first()
    )


def foto_list(*, c_hasil: CHasil) -> QuerySet[CHasilFoto]:
    return c_hasil.foto_set.order_by("halaman", "-diunggah_pada")


def versi_list_by_digest(*, digest: str) -> list[CHasilVersi]:
    """Every version, at any TPS, whose numbers have this digest (normally one)."""
    return list(
        CHasilVersi.objects.filter(digest=digest)
        .select_related("c_hasil__tps__desa", "c_hasil__kontestasi", "c_hasil__dapil")
        .order_by("c_hasil_id", "nomor")
    )


def wilayah_path_for_tps(*, tps: TPS) -> list[Wilayah]:
    """Provinsi, kabupaten/kota, kecamatan and desa of a TPS (the form's header), one query."""
    prefixes = [a.value for a in KodeWilayah(tps.desa.kode).ancestors] + [tps.desa.kode]
    return list(
        Wilayah.objects.filter(versi_id=tps.pemilihan.versi_wilayah_id, kode__in=prefixes).order_by(
            "tingkat"
        )
    )
