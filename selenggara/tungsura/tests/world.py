"""The portal's small world plus what tungsura needs: dapil, parties and candidates, and
consistent sheets. Shared by tungsura's service, view, API and access tests.

Dapil (all over the tiny tree of ``portal.tests.world``): PPWP one national dapil with the three
real 2024 pairs; DPR, DPRD Provinsi and DPRD Kab/Kota one dapil each over Kabupaten
Purbalingga (33.03) with three parties of three candidates; DPD one dapil per provinsi (33 and
the foreign 35) with four candidates. The foreign branch (35) has only PPWP and DPD dapil.
"""

from __future__ import annotations

from collections.abc import Mapping

from selenggara.pemilihan.models import Calon, Dapil, DapilWilayah, Kontestasi, Partai, Pemilihan
from selenggara.portal.tests.world import World, world_build
from selenggara.tungsura.domain.lembar import (
    DISABILITAS,
    DPT,
    PENGGUNA_DPK,
    PENGGUNA_DPT,
    PENGGUNA_DPTB,
    PENGGUNA_TOTAL,
    SusunanSuara,
    kunci_partai,
    kunci_partai_calon,
    kunci_partai_jumlah,
)
from selenggara.tungsura.domain.pemeriksaan import KonteksTPS

PASANGAN = (
    (1, "Anies Rasyid Baswedan", "Abdul Muhaimin Iskandar"),
    (2, "Prabowo Subianto", "Gibran Rakabuming Raka"),
    (3, "Ganjar Pranowo", "Mahfud MD"),
)
PARTAI = (
    (1, "Partai Kebangkitan Bangsa", "PKB"),
    (2, "Partai Gerakan Indonesia Raya", "GERINDRA"),
    (3, "Partai Demokrasi Indonesia Perjuangan", "PDIP"),
)


def _dapil(
    pemilihan: Pemilihan, jenis: str, *, kode: str, nama: str, induk: str, wilayah: list[str]
) -> Dapil:
    kontestasi = Kontestasi.objects.get(pemilihan=pemilihan, jenis=jenis)
    dapil = Dapil.objects.create(kontestasi=kontestasi, kode=kode, nama=nama, induk_kode=induk)
    DapilWilayah.objects.bulk_create(
        DapilWilayah(dapil=dapil, pemilihan=pemilihan, wilayah_kode=w) for w in wilayah
    )
    return dapil


def peserta_build(pemilihan: Pemilihan) -> dict[str, Dapil]:
    """Add the dapil, parties and candidates described above; return the dapil by kode."""
    partai = {
        nomor: Partai.objects.create(pemilihan=pemilihan, nomor=nomor, nama=nama, singkatan=singkat)
        for nomor, nama, singkat in PARTAI
    }
    dapil = {
        "ppwp": _dapil(pemilihan, "ppwp", kode="ppwp", nama="Nasional", induk="", wilayah=[""]),
        "dpr": _dapil(
            pemilihan,
            "dpr",
            kode="dpr-jateng-7",
            nama="Jawa Tengah VII",
            induk="33",
            wilayah=["33.03"],
        ),
        "dpd-33": _dapil(
            pemilihan, "dpd", kode="dpd-33", nama="Jawa Tengah", induk="", wilayah=["33"]
        ),
        "dpd-35": _dapil(
            pemilihan, "dpd", kode="dpd-35", nama="Provinsiluar", induk="", wilayah=["35"]
        ),
        "dprd_provinsi": _dapil(
            pemilihan,
            "dprd_provinsi",
            kode="dprdprov-33-7",
            nama="Jawa Tengah 7",
            induk="33",
            wilayah=["33.03"],
        ),
        "dprd_kabkota": _dapil(
            pemilihan,
            "dprd_kabkota",
            kode="dprdkab-3303-1",
            nama="Purbalingga 1",
            induk="33.03",
            wilayah=["33.03.01"],
        ),
    }
    for nomor, nama, wakil in PASANGAN:
        Calon.objects.create(dapil=dapil["ppwp"], nomor_urut=nomor, nama=nama, nama_wakil=wakil)
    for kode in ("dpd-33", "dpd-35"):
        for nomor in range(1, 5):
            Calon.objects.create(
                dapil=dapil[kode], nomor_urut=nomor, nama=f"Calon DPD {kode} {nomor}", sintetis=True
            )
    for jenis in ("dpr", "dprd_provinsi", "dprd_kabkota"):
        for p in partai.values():
            for nomor in range(1, 4):
                Calon.objects.create(
                    dapil=dapil[jenis],
                    partai=p,
                    nomor_urut=nomor,
                    nama=f"Calon {jenis} {p.singkatan} {nomor}",
                    sintetis=True,
                )
    return dapil


def tungsura_world_build(*, with_users: bool = True) -> World:
    world = world_build(with_users=with_users)
    peserta_build(world.pemilihan)
    return world


def lembar_konsisten(
    susunan: SusunanSuara, konteks: KonteksTPS, *, suara: Mapping[str, int] | None = None
) -> dict[str, int]:
    """A simple consistent sheet for a TPS: 70 % turnout, 2 DPK voters, 1 invalid vote.

    ``suara`` may fix some section IV numbers; the rest of the valid votes go to the first row.
    """
    dpt_l, dpt_p = konteks.dpt_l, konteks.dpt_p
    pengguna_l, pengguna_p = dpt_l * 7 // 10, dpt_p * 7 // 10
    angka: dict[str, int] = {}
    for keys, (laki, perempuan) in (
        (DPT, (dpt_l, dpt_p)),
        (PENGGUNA_DPT, (pengguna_l, pengguna_p)),
        (PENGGUNA_DPTB, (0, 0)),
        (PENGGUNA_DPK, (1, 1)),
        (PENGGUNA_TOTAL, (pengguna_l + 1, pengguna_p + 1)),
        (DISABILITAS, (1, 0)),
    ):
        angka[keys[0]], angka[keys[1]], angka[keys[2]] = laki, perempuan, laki + perempuan
    total = angka["pengguna_total_j"]
    diterima = konteks.alokasi_surat_suara
    angka.update(
        surat_suara_diterima=diterima,
        surat_suara_digunakan=total,
        surat_suara_rusak=1,
        surat_suara_sisa=diterima - total - 1,
        suara_tidak_sah=1,
        suara_total=total,
        suara_sah=total - 1,
    )
    sah = total - 1
    fixed = dict(suara or {})
    if susunan.berpartai:
        rest = sah - sum(fixed.values())
        for index, baris in enumerate(susunan.partai):
            blok = [kunci_partai(baris.nomor)] + [
                kunci_partai_calon(baris.nomor, c) for c in baris.calon
            ]
            for key in blok:
                angka[key] = fixed.get(key, 0)
            if index == 0:
                angka[blok[0]] += rest
            angka[kunci_partai_jumlah(baris.nomor)] = sum(angka[k] for k in blok)
    else:
        baris_calon = [f"calon_{n}" for n in susunan.calon]
        for key in baris_calon:
            angka[key] = fixed.get(key, 0)
        angka[baris_calon[0]] += sah - sum(angka[k] for k in baris_calon)
    return angka
