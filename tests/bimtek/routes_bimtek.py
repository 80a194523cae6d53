"""Access-matrix registrations of bimtek's routes (see tests/access.py).

The world gets a plan for Purbalingga with one session per TPS of Kemangkon (A1, A2, B1 on
three days; one appointed member at A1) and a plan for the foreign kota with one session.
Plans and waves: KPU and PPK of the kecamatan plan, pengawas read (403 on a write), PPS and
TPS roles see no kecamatan page (404). Sessions: every role whose scope holds a TPS of the
session reads it; KPU, PPK and the PPS of its desa run it; KPPS, saksi and pengawas get 403
on a write. The matrix posts an empty form: a missing member is a 422.
"""

from __future__ import annotations

import datetime as dt

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import KOTA_LUAR, TPS_A1, TPS_A2, TPS_B1, TPS_LUAR, World
from tests.access import TPS_ROLES, Case, Route

KAB = "33.03"
KEC = "33.03.01"
KEC_LUAR = "35.78.01"
PLANNERS = {Peran.KPU_RI, Peran.KPU_PROVINSI, Peran.KPU_KABKOTA, Peran.PPK}
MULAI = dt.date(2024, 1, 26)


def _plan(world: World, kabkota: str, tps_list: list[str], actor_peran: Peran) -> dict[str, int]:
    from selenggara.bimtek.models import JadwalTPS, SesiBimtek, TempatBimtek
    from selenggara.bimtek.services import rencana_create

    rencana = rencana_create(
        pemilihan=world.pemilihan,
        kabkota=world.wilayah[kabkota],
        tanggal_mulai=MULAI,
        tanggal_selesai=MULAI + dt.timedelta(days=2),
        actor=world.user(actor_peran),
    )
    sesi_by_tps = {}
    for i, kode in enumerate(tps_list):
        tps = world.tps[kode]
        tempat, _c = TempatBimtek.objects.get_or_create(
            rencana=rencana,
            kecamatan_kode=tps.desa.induk_kode,
            nama="Aula Kecamatan",
            defaults={"desa_kode": tps.desa.kode, "kapasitas": 70},
        )
        sesi = SesiBimtek.objects.create(
            rencana=rencana,
            tempat=tempat,
            kecamatan_kode=tps.desa.induk_kode,
            tanggal=MULAI + dt.timedelta(days=i),
            slot=0,
            gelombang=i + 1,
        )
        JadwalTPS.objects.create(rencana=rencana, sesi=sesi, tps=tps)
        sesi_by_tps[kode] = sesi.pk
    return sesi_by_tps


def _ensure(world: World) -> dict[str, object]:
    cached: dict[str, object] | None = getattr(world, "_bimtek", None)
    if cached is not None:
        return cached
    from selenggara.bimtek.dokumen import hadir_token
    from selenggara.bimtek.tests.conftest import anggota_make

    sesi = _plan(world, KAB, [TPS_A1, TPS_A2, TPS_B1], Peran.KPU_KABKOTA)
    sesi.update(_plan(world, KOTA_LUAR, [TPS_LUAR], Peran.KPU_RI))
    anggota = anggota_make(world.tps[TPS_A1], posisi_list=range(1, 2))[0]
    data: dict[str, object] = {
        "sesi": sesi,
        "token": hadir_token(sesi_id=sesi[TPS_A1], anggota_id=anggota.pk),
        "token_luar": {k: hadir_token(sesi_id=v, anggota_id=anggota.pk) for k, v in sesi.items()},
    }
    world._bimtek = data  # type: ignore[attr-defined]
    return data


def _kec_in(world: World, peran: Peran) -> Case:
    _ensure(world)
    return Case({"kabkota": KAB, "kecamatan": KEC, "fmt": "pdf"})


def _kec_out(world: World, peran: Peran) -> Case:
    _ensure(world)
    if peran is Peran.KPU_RI:  # the nation holds every region: an unknown one
        return Case({"kabkota": "36.01", "kecamatan": "36.01.01", "fmt": "pdf"})
    return Case({"kabkota": KOTA_LUAR, "kecamatan": KEC_LUAR, "fmt": "pdf"})


def _rencana_in(world: World, peran: Peran) -> Case:
    _ensure(world)
    return Case({"kabkota": KAB})


def _rencana_out(world: World, peran: Peran) -> Case:
    _ensure(world)
    return Case({"kabkota": KOTA_LUAR if peran is not Peran.KPU_RI else "36.01"})


def _foreign_tps_of(peran: Peran) -> str:
    if peran in TPS_ROLES:
        return TPS_A2
    if peran is Peran.PPS:
        return TPS_B1
    return TPS_LUAR


def _sesi_in(world: World, peran: Peran) -> Case:
    data = _ensure(world)
    return Case({"sesi_id": data["sesi"][TPS_A1], "jenis": "daftar-hadir"})  # type: ignore[index]


def _sesi_out(world: World, peran: Peran) -> Case:
    data = _ensure(world)
    if peran is Peran.KPU_RI:
        return Case({"sesi_id": 999999, "jenis": "daftar-hadir"})
    return Case({"sesi_id": data["sesi"][_foreign_tps_of(peran)], "jenis": "daftar-hadir"})  # type: ignore[index]


def _token_in(world: World, peran: Peran) -> Case:
    return Case({"token": _ensure(world)["token"]})


def _token_out(world: World, peran: Peran) -> Case:
    data = _ensure(world)
    if peran is Peran.KPU_RI:
        return Case({"token": "bukan-kode-qr"})
    return Case({"token": data["token_luar"][_foreign_tps_of(peran)]})  # type: ignore[index]


def _page_status(peran: Peran) -> int:
    return 200 if peran in PLANNERS or peran is Peran.PENGAWAS else 404


def _write_status(peran: Peran) -> int:
    if peran in PLANNERS:
        return 302
    return 403 if peran is Peran.PENGAWAS else 404


def _rules_status(peran: Peran) -> int:
    return 302 if peran in PLANNERS - {Peran.PPK} else 403


def _kpu_status(ok: int):
    """Plan-wide data (venues, trainers, questions): the KPU that plans the whole kab/kota."""

    def status(peran: Peran) -> int:
        return ok if peran in PLANNERS - {Peran.PPK} else 403

    return status


def _bank_status(peran: Peran) -> int:
    """The question bank and its keys: who trains (KPU, PPK, PPS), not trainees or others."""
    return 200 if peran in PLANNERS or peran is Peran.PPS else 403


def _provinsi_in(world: World, peran: Peran) -> Case:
    return Case({"kode": "33"})


def _provinsi_out(world: World, peran: Peran) -> Case:
    return Case({"kode": "35" if peran is not Peran.KPU_RI else "99"})


def _provinsi_status(peran: Peran) -> int:
    """A provinsi's roll-up: the scopes holding the provinsi (KPU RI and its KPU Provinsi)."""
    return 200 if peran in {Peran.KPU_RI, Peran.KPU_PROVINSI} else 404


def _run_status(ok: int):
    def status(peran: Peran) -> int:
        return ok if peran in PLANNERS or peran is Peran.PPS else 403

    return status


_B = "bimtek/"
_K = _B + "rencana/<str:kabkota>/<str:kecamatan>/"
_S = _B + "sesi/<int:sesi_id>/"

BIMTEK_ROUTES: list[Route] = [
    Route(_B, why="The actor's plans and own sessions, filtered by scope."),
    Route(
        _B + "ringkasan/",
        why="The actor's widest roll-up (nation or provinsi); others go to their plans (302).",
    ),
    Route(
        _B + "ringkasan/<str:kode>/",
        in_scope=_provinsi_in,
        out_scope=_provinsi_out,
        in_status=_provinsi_status,
    ),
    Route(_B + "rencana/<str:kabkota>/", in_scope=_rencana_in, out_scope=_rencana_out),
    Route(
        _B + "rencana/<str:kabkota>/aturan/",
        method="POST",
        in_scope=_rencana_in,
        out_scope=_rencana_out,
        in_status=_rules_status,
        why="The plan's rules: who plans the whole kab/kota (KPU), not a PPK.",
    ),
    Route(
        _B + "rencana/<str:kabkota>/rencanakan/",
        method="POST",
        in_scope=_rencana_in,
        out_scope=_rencana_out,
        in_status=_rules_status,
        why="Planning the whole kab/kota in the background: KPU, not a PPK.",
    ),
    Route(
        _B + "rencana/<str:kabkota>/impor/",
        in_scope=_rencana_in,
        out_scope=_rencana_out,
        in_status=_kpu_status(200),
        why="Venues, distances and trainers of the plan: the KPU that plans it.",
    ),
    Route(
        _B + "rencana/<str:kabkota>/impor/",
        method="POST",
        in_scope=_rencana_in,
        out_scope=_rencana_out,
        in_status=_kpu_status(422),
        why="An empty upload names no kind: 422 for the KPU.",
    ),
    Route(
        _B + "rencana/<str:kabkota>/soal/",
        in_scope=_rencana_in,
        out_scope=_rencana_out,
        in_status=_bank_status,
    ),
    Route(
        _B + "rencana/<str:kabkota>/soal/",
        method="POST",
        in_scope=_rencana_in,
        out_scope=_rencana_out,
        in_status=_kpu_status(422),
        why="Adding or importing questions: the KPU; an empty form names no module (422).",
    ),
    Route(_K, in_scope=_kec_in, out_scope=_kec_out, in_status=_page_status),
    Route(_K + "gelombang.<str:fmt>", in_scope=_kec_in, out_scope=_kec_out, in_status=_page_status),
    Route(
        _K + "rencanakan/",
        method="POST",
        in_scope=_kec_in,
        out_scope=_kec_out,
        in_status=_write_status,
    ),
    Route(
        _K + "pindah/", method="POST", in_scope=_kec_in, out_scope=_kec_out, in_status=_write_status
    ),
    Route(
        _K + "susulan/",
        method="POST",
        in_scope=_kec_in,
        out_scope=_kec_out,
        in_status=_write_status,
    ),
    Route(_S, in_scope=_sesi_in, out_scope=_sesi_out),
    Route(
        _S + "hadir/",
        method="POST",
        in_scope=_sesi_in,
        out_scope=_sesi_out,
        in_status=_run_status(422),
    ),
    Route(
        _S + "nilai/",
        method="POST",
        in_scope=_sesi_in,
        out_scope=_sesi_out,
        in_status=_run_status(422),
    ),
    Route(
        _S + "nilai/impor/",
        method="POST",
        in_scope=_sesi_in,
        out_scope=_sesi_out,
        in_status=_run_status(302),
        why="An upload without a file is flashed back to the session page.",
    ),
    Route(
        _S + "simulasi/",
        method="POST",
        in_scope=_sesi_in,
        out_scope=_sesi_out,
        in_status=_run_status(302),
    ),
    Route(
        _S + "tutup/",
        method="POST",
        in_scope=_sesi_in,
        out_scope=_sesi_out,
        in_status=_run_status(302),
    ),
    Route(
        _S + "<str:jenis>.pdf", in_scope=_sesi_in, out_scope=_sesi_out, in_status=_run_status(200)
    ),
    Route(
        _B + "hadir/<str:token>/",
        in_scope=_token_in,
        out_scope=_token_out,
        in_status=_run_status(200),
    ),
]
