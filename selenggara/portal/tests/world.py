"""A small explicit world for the portal tests, and one account per role.

The shared tiny tree (``wilayah_tree_build``: two desa with three TPS in Kecamatan Kemangkon),
plus a foreign branch in another provinsi (a kota and a kelurahan) whose names and numbers must never leak to an actor
outside it. Counts come from ``ringkasan_refresh``, as after a TPS import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from selenggara.accounts.domain.peran import Peran, requires_two_factor
from selenggara.accounts.models import User
from selenggara.accounts.services import penugasan_assign, user_create
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.pemilihan.services import pemilihan_create, ringkasan_refresh
from selenggara.pemilihan.tests.fixtures import wilayah_tree_build
from selenggara.wilayah.models import VersiWilayah, Wilayah

PASSWORD = "Rahasia-Portal-2029!"

DESA_A = "33.03.01.2001"
DESA_B = "33.03.01.2002"
TPS_A1 = "3303012001001"
TPS_A2 = "3303012001002"
TPS_B1 = "3303012002001"
# The foreign branch: distinctive names and numbers so a leak is easy to spot.
PROV_LUAR = "35"
KOTA_LUAR = "35.78"
KEC_LUAR = "35.78.01"
KEL_LUAR = "35.78.01.1001"
TPS_LUAR = "3578011001001"
NAMA_LUAR = ("Provinsiluar", "Kota Kotaluar", "Kecamatanluar", "Kelurahanluar", "Jalan Rahasialuar")
DPT_LUAR = (4321, 5432, 9753)  # laki, perempuan, total

# The foreign branch, added to the shared tree (wilayah_tree_build).
WILAYAH_LUAR = [
    (PROV_LUAR, NAMA_LUAR[0], 1, ""),
    (KOTA_LUAR, NAMA_LUAR[1], 2, PROV_LUAR),
    (KEC_LUAR, NAMA_LUAR[2], 3, KOTA_LUAR),
    (KEL_LUAR, NAMA_LUAR[3], 4, KEC_LUAR),
]
NAMA_DESA_A = "Kedungbenda"
NAMA_DESA_B = "Bokol"

# Where each role sits in the world (pengawas: Panwaslu Kabupaten).
PERAN_PLACE: dict[Peran, tuple[str, str | None]] = {
    Peran.KPU_RI: ("", None),
    Peran.KPU_PROVINSI: ("33", None),
    Peran.KPU_KABKOTA: ("33.03", None),
    Peran.PPK: ("33.03.01", None),
    Peran.PPS: (DESA_A, None),
    Peran.KPPS_KETUA: ("", TPS_A1),
    Peran.KPPS_ANGGOTA: ("", TPS_A1),
    Peran.PENGAWAS: ("33.03", None),
    Peran.SAKSI: ("", TPS_A1),
}


@dataclass
class World:
    versi: VersiWilayah
    pemilihan: Pemilihan
    wilayah: dict[str, Wilayah]
    tps: dict[str, TPS]
    users: dict[Peran, User] = field(default_factory=dict)

    def user(self, peran: Peran) -> User:
        """Return the account of ``peran``, creating it on first use."""
        if peran not in self.users:
            self.users[peran] = user_with_peran(self, peran)
        return self.users[peran]


def tps_create(
    pemilihan: Pemilihan,
    desa: Wilayah,
    nomor: int,
    *,
    alamat: str = "",
    laki: int = 100,
    perempuan: int = 100,
    sintetis: bool = False,
) -> TPS:
    return TPS.objects.create(
        pemilihan=pemilihan,
        desa=desa,
        kode=f"{desa.kode.replace('.', '')}{nomor:03d}",
        nomor=nomor,
        alamat=alamat,
        dpt_laki=laki,
        dpt_perempuan=perempuan,
        dpt=laki + perempuan,
        dpt_sintetis=sintetis,
    )


def pemilihan_add(
    versi: VersiWilayah, *, kode: str, nama: str, jenis: str, hari: dt.date
) -> Pemilihan:
    return pemilihan_create(
        kode=kode, nama=nama, jenis=jenis, hari_pemungutan=hari, versi_wilayah=versi, actor=None
    )


def world_build(*, with_users: bool = True) -> World:
    """Build the shared tiny tree, add the foreign branch, mark TPS A2's DPT as synthetic."""
    tree = wilayah_tree_build()
    versi, pemilihan = tree.versi, tree.pemilihan
    Wilayah.objects.bulk_create(
        Wilayah(versi=versi, kode=kode, nama=nama, tingkat=t, induk_kode=induk)
        for kode, nama, t, induk in WILAYAH_LUAR
    )
    wilayah = {w.kode: w for w in Wilayah.objects.filter(versi=versi)}
    tps_create(
        pemilihan,
        wilayah[KEL_LUAR],
        1,
        alamat=NAMA_LUAR[4],
        laki=DPT_LUAR[0],
        perempuan=DPT_LUAR[1],
    )
    TPS.objects.filter(pemilihan=pemilihan, kode=TPS_A2).update(dpt_sintetis=True)
    ringkasan_refresh(pemilihan=pemilihan)
    tps = {t.kode: t for t in TPS.objects.filter(pemilihan=pemilihan).select_related("desa")}
    world = World(versi=versi, pemilihan=pemilihan, wilayah=wilayah, tps=tps)
    if with_users:
        for peran in Peran:
            world.user(peran)
    return world


def user_with_peran(world: World, peran: Peran, *, username: str | None = None) -> User:
    """Create an account holding ``peran`` at its usual place in the world (console-appointed)."""
    wilayah_kode, tps_kode = PERAN_PLACE[peran]
    user = user_create(
        username=username or f"uji_{peran.value}",
        nama=f"Petugas {peran.value}",
        password=PASSWORD,
        actor=None,
        enforce_password_policy=False,
    )
    penugasan_assign(
        user=user,
        peran=peran,
        wilayah_kode=wilayah_kode,
        tps=world.tps[tps_kode] if tps_kode else None,
        actor=None,
    )
    return user


def login(client: Client, user: User) -> Client:
    """Log ``user`` in on ``client``, past the TOTP step when the role requires it."""
    client.force_login(user)
    if any(requires_two_factor(Peran(p.peran)) for p in user.penugasan.filter(is_active=True)):
        device = TOTPDevice.objects.create(user=user, name="uji", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
