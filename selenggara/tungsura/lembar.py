"""Loading what the checks of one TPS and contest need: its dapil, ballot layout and registers.

The dapil of a desa and the layout of a dapil change only when parties, dapil or candidates
are imported, which gives the election a new ``peserta_stempel``. Each process keeps them in
memory keyed on that stamp (read with the election, which every request loads anyway), so a
submission costs no query for its layout and an import is seen by the next request of every
process. Cached model instances are shared between threads: read them, never change them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import cast
from uuid import UUID

from django.utils.translation import gettext

from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.domain.cadangan import Pembulatan, cadangan_surat_suara
from selenggara.pemilihan.models import TPS, Calon, Dapil, Kontestasi, Pemilihan
from selenggara.pemilihan.selectors_peserta import dapil_for_desa
from selenggara.tungsura.domain.lembar import (
    SusunanSuara,
    kunci_calon,
    kunci_partai,
    kunci_partai_calon,
    susunan_from_rows,
)
from selenggara.tungsura.domain.pemeriksaan import KonteksTPS
from selenggara.wilayah.domain.kode import KodeTPS


@dataclass(frozen=True, slots=True, kw_only=True)
class LembarTPS:
    """Everything about one C.Hasil that does not come from the paper itself."""

    tps: TPS
    kontestasi: Kontestasi
    dapil: Dapil
    susunan: SusunanSuara
    konteks: KonteksTPS
    # Section IV key -> the name printed on the form (pair, candidate or party).
    nama_peserta: Mapping[str, str]


def konteks_for_tps(tps: TPS) -> KonteksTPS:
    return konteks_for(tps.pemilihan, dpt_l=tps.dpt_laki, dpt_p=tps.dpt_perempuan)


def konteks_for(pemilihan: Pemilihan, *, dpt_l: int, dpt_p: int) -> KonteksTPS:
    """``konteks_for_tps`` from a TPS's registers alone (for callers that read value rows)."""
    pembulatan = Pembulatan(pemilihan.cadangan_pembulatan)
    basis = pemilihan.cadangan_basis_poin
    return KonteksTPS(
        dpt_l=dpt_l,
        dpt_p=dpt_p,
        batas_pemilih=pemilihan.batas_pemilih_per_tps,
        cadangan=cadangan_surat_suara(dpt=dpt_l + dpt_p, basis_poin=basis, pembulatan=pembulatan),
        cadangan_batas=cadangan_surat_suara(
            dpt=pemilihan.batas_pemilih_per_tps, basis_poin=basis, pembulatan=pembulatan
        ),
    )


def susunan_for_dapil(dapil: Dapil) -> tuple[SusunanSuara, dict[str, str]]:
    """Return section IV of ``dapil``'s form and the names printed on it (one query, tuples)."""
    rows = (
        Calon.objects.filter(dapil=dapil)
        .order_by("partai__nomor", "nomor_urut")
        .values_list("partai__nomor", "partai__singkatan", "nomor_urut", "nama", "nama_wakil")
    )
    nama: dict[str, str] = {}
    layout: list[tuple[int | None, int]] = []
    for partai_or_none, singkatan, nomor, calon, wakil in rows:
        # The party is a nullable foreign key: None for pairs and DPD candidates.
        partai = cast("int | None", partai_or_none)
        layout.append((partai, nomor))
        if partai is None:
            nama[kunci_calon(nomor)] = f"{calon} - {wakil}" if wakil else calon
        else:
            nama[kunci_partai(partai)] = singkatan
            nama[kunci_partai_calon(partai, nomor)] = calon
    return susunan_from_rows(layout), nama


# Nationally ~84,000 desa and ~2,700 dapil; a layout with its names is ~35 kB. The bounds
# keep a process that serves every region within ~60 MB while one serving a province never
# reads a layout twice.
_DESA_CACHE = 16_384
_DAPIL_CACHE = 1_024


@functools.lru_cache(maxsize=_DESA_CACHE)
def _dapil_for_desa(pemilihan_id: int, stempel: UUID, desa_kode: str) -> Mapping[str, Dapil]:
    del stempel  # part of the cache key only
    return MappingProxyType(dapil_for_desa(pemilihan_id=pemilihan_id, desa_kode=desa_kode))


@functools.lru_cache(maxsize=_DAPIL_CACHE)
def _susunan_for_dapil(dapil: Dapil, stempel: UUID) -> tuple[SusunanSuara, Mapping[str, str]]:
    del stempel  # part of the cache key only
    susunan, nama = susunan_for_dapil(dapil)
    return susunan, MappingProxyType(nama)


def lembar_cache_clear() -> None:
    """Forget every cached dapil and layout of this process (tests; after a restore)."""
    _dapil_for_desa.cache_clear()
    _susunan_for_dapil.cache_clear()


def dapil_map_for_tps(tps: TPS) -> Mapping[str, Dapil]:
    """Return the dapil ``tps`` votes in, keyed by contest, from this process's cache."""
    desa_kode = KodeTPS.parse(tps.kode).desa.value
    return _dapil_for_desa(tps.pemilihan_id, tps.pemilihan.peserta_stempel, desa_kode)


def lembar_for_tps(*, tps: TPS, jenis: str) -> LembarTPS:
    """Return the layout and registers of ``tps``'s C.Hasil for contest ``jenis``.

    Raises NotAccessible when the TPS does not vote in that contest (e.g. DPRD Kab/Kota in DKI
    Jakarta) or its dapil has not been imported yet.
    """
    dapil = dapil_map_for_tps(tps).get(jenis)
    if dapil is None:
        raise NotAccessible(
            gettext("TPS ini tidak memiliki kontestasi %(jenis)s atau dapilnya belum diimpor.")
            % {"jenis": jenis},
            jenis=jenis,
        )
    susunan, nama = _susunan_for_dapil(dapil, tps.pemilihan.peserta_stempel)
    return LembarTPS(
        tps=tps,
        kontestasi=dapil.kontestasi,
        dapil=dapil,
        susunan=susunan,
        konteks=konteks_for_tps(tps),
        nama_peserta=nama,
    )
