"""Pure builders for small Bimtek instances (no database)."""

from __future__ import annotations

from selenggara.bimtek.domain.jadwal import Aturan, Instance, Pelatih, Tempat, Tim, Waktu

KEC = "33.03.01"
DESA_A = "33.03.01.2001"
DESA_B = "33.03.01.2002"


def semua_waktu(hari: int, slot: int = 1) -> frozenset[Waktu]:
    return frozenset(Waktu(hari=h, slot=s) for h in range(hari) for s in range(slot))


def build_tim(
    n: int, *, desa: str = DESA_A, kec: str = KEC, start: int = 1, **flags: bool
) -> list[Tim]:
    return [
        Tim(kode=f"{desa}.{i:03d}", desa_kode=desa, kecamatan_kode=kec, **flags)
        for i in range(start, start + n)
    ]


def build_tempat(
    kode: str = "v1",
    *,
    kapasitas: int = 21,
    hari: int = 2,
    slot: int = 1,
    desa: str = DESA_A,
    kec: str = KEC,
) -> Tempat:
    return Tempat(
        kode=kode,
        kecamatan_kode=kec,
        desa_kode=desa,
        kapasitas=kapasitas,
        waktu=semua_waktu(hari, slot),
    )


def build_pelatih(n: int = 2, *, hari: int = 2, slot: int = 1, kec: str = KEC) -> list[Pelatih]:
    return [
        Pelatih(kode=f"{kec}-p{i}", kecamatan_kode=kec, waktu=semua_waktu(hari, slot))
        for i in range(n)
    ]


def build_instance(
    *,
    tim_list: list[Tim] | None = None,
    tempat_list: list[Tempat] | None = None,
    pelatih_list: list[Pelatih] | None = None,
    **aturan: object,
) -> Instance:
    aturan.setdefault("jumlah_hari", 2)
    return Instance(
        tim_list=tim_list if tim_list is not None else build_tim(3),
        tempat_list=tempat_list if tempat_list is not None else [build_tempat()],
        pelatih_list=pelatih_list if pelatih_list is not None else build_pelatih(),
        aturan=Aturan(**aturan),  # type: ignore[arg-type]
    )
