"""c_hasil_submit / c_hasil_konfirmasi: stored as written, flagged, versioned, idempotent, audited."""

from __future__ import annotations

import uuid

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.core.errors import InvalidInput, NotAccessible, PermissionDenied
from selenggara.core.models import AuditLog
from selenggara.portal.tests.world import TPS_A1, TPS_LUAR, World
from selenggara.tungsura.domain.salinan import digest_of
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasil, CHasilVersi, Sumber
from selenggara.tungsura.selectors import kontestasi_list_for_tps, versi_angka
from selenggara.tungsura.services import (
    CHasilSudahAda,
    KunciIdempotensiBentrok,
    VersiBentrok,
    VersiBukanTerkini,
    c_hasil_konfirmasi,
    c_hasil_submit,
)
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build


@pytest.fixture
def world(db) -> World:
    return tungsura_world_build()


def _sheet(world: World, jenis: str = "ppwp", tps: str = TPS_A1, **changes: int) -> dict[str, int]:
    lembar = lembar_for_tps(tps=world.tps[tps], jenis=jenis)
    angka = lembar_konsisten(lembar.susunan, lembar.konteks)
    angka.update(changes)
    return angka


def _submit(world: World, angka, *, jenis="ppwp", peran=Peran.KPPS_KETUA, **kwargs):
    return c_hasil_submit(
        tps=world.tps[TPS_A1],
        jenis=jenis,
        angka=angka,
        actor=world.user(peran),
        sumber=Sumber.PONSEL_KPPS,
        **kwargs,
    )


@pytest.mark.parametrize("jenis", ["ppwp", "dpr", "dpd", "dprd_provinsi", "dprd_kabkota"])
def test_a_consistent_sheet_of_every_contest_is_stored_as_version_1(world: World, jenis):
    angka = _sheet(world, jenis)

    result = _submit(world, angka, jenis=jenis)

    versi = result.versi
    assert (result.ulangan, versi.nomor, versi.status, versi.temuan) == (False, 1, "konsisten", [])
    assert versi_angka(versi) == angka
    # Section IV is stored on the version itself: exactly the layout's keys, read back as ints.
    stored = CHasilVersi.objects.get(pk=versi.pk)
    susunan = lembar_for_tps(tps=world.tps[TPS_A1], jenis=jenis).susunan
    assert stored.suara == {key: angka[key] for key in susunan.kunci_suara()}
    assert stored.susunan_sidik == susunan.sidik  # the layout it was checked against
    assert versi_angka(stored) == angka
    assert versi.digest == digest_of(versi.teks_kanonik)
    assert CHasil.objects.get(tps=world.tps[TPS_A1], kontestasi__jenis=jenis).versi_terkini == versi
    audit = AuditLog.objects.get(action="c_hasil.submit")
    assert audit.wilayah_kode == "33.03.01.2001"
    assert audit.after is not None
    assert audit.after["digest"] == versi.digest


def test_a_flagged_sheet_is_stored_as_written_and_waits_for_confirmation(world: World):
    angka = _sheet(world)
    angka["calon_1"] += 800  # a 1 read as 9... the SIREKAP fault: stored, never fixed

    versi = _submit(world, angka).versi

    assert versi.status == "perlu_konfirmasi"
    assert versi_angka(versi)["calon_1"] == angka["calon_1"]
    codes = {t["kode"] for t in versi.temuan}
    assert {"suara_sah_tidak_sesuai", "melebihi_batas_tps"} <= codes

    confirmed = c_hasil_konfirmasi(
        versi=versi,
        kunci=["calon_1", "calon_2", "calon_3", "suara_sah"],
        actor=world.user(Peran.KPPS_KETUA),
    )

    assert confirmed.status == "dikonfirmasi"
    assert AuditLog.objects.filter(action="c_hasil.konfirmasi").count() == 1


def test_confirming_on_submission_records_the_confirmed_fields(world: World):
    angka = _sheet(world, suara_tidak_sah=5)  # V.A + V.B != V.C

    versi = _submit(
        world, angka, konfirmasi=["suara_sah", "suara_tidak_sah", "suara_total", "x"]
    ).versi

    assert versi.konfirmasi == ["suara_sah", "suara_tidak_sah", "suara_total"]
    assert versi.status == "dikonfirmasi"


def test_confirming_a_field_that_is_not_flagged_is_refused_by_name(world: World):
    versi = _submit(world, _sheet(world, suara_tidak_sah=5)).versi

    with pytest.raises(InvalidInput) as caught:
        c_hasil_konfirmasi(versi=versi, kunci=["dpt_l"], actor=world.user(Peran.KPPS_KETUA))

    assert [e.field for e in caught.value.errors] == ["dpt_l"]


def test_a_retry_with_the_same_key_returns_the_stored_version(world: World):
    key = uuid.uuid4()
    first = _submit(world, _sheet(world), idempotency_key=key)

    again = _submit(world, _sheet(world), idempotency_key=key)

    assert again.ulangan
    assert again.versi.pk == first.versi.pk
    assert CHasilVersi.objects.count() == 1
    assert AuditLog.objects.filter(action="c_hasil.submit").count() == 1


def test_the_same_key_for_different_numbers_is_refused(world: World):
    key = uuid.uuid4()
    _submit(world, _sheet(world), idempotency_key=key)

    with pytest.raises(KunciIdempotensiBentrok):
        _submit(world, _sheet(world, suara_tidak_sah=2), idempotency_key=key, alasan="salah")


def test_the_same_numbers_again_without_a_key_write_nothing(world: World):
    first = _submit(world, _sheet(world))

    again = _submit(world, _sheet(world))

    assert again.ulangan
    assert again.versi.pk == first.versi.pk


def test_different_numbers_need_a_reason_and_become_version_2(world: World):
    _submit(world, _sheet(world))
    changed = _sheet(world, suara_tidak_sah=2, suara_sah=_sheet(world)["suara_sah"] - 1)
    changed["calon_1"] -= 1

    with pytest.raises(CHasilSudahAda):
        _submit(world, changed)
    second = _submit(world, changed, alasan="Salah salin suara tidak sah", peran=Peran.PPK).versi

    assert (second.nomor, second.alasan, second.dibuat_oleh) == (
        2,
        "Salah salin suara tidak sah",
        world.user(Peran.PPK),
    )
    assert CHasil.objects.get().versi_terkini == second
    assert AuditLog.objects.get(action="c_hasil.koreksi").reason == "Salah salin suara tidak sah"
    first = CHasilVersi.objects.get(nomor=1)
    with pytest.raises(VersiBukanTerkini):
        c_hasil_konfirmasi(versi=first, kunci=[], actor=world.user(Peran.PPK))


def test_an_incomplete_sheet_is_refused_naming_each_field_and_nothing_is_written(world: World):
    angka: dict[str, object] = dict(_sheet(world))
    del angka["calon_2"]
    angka["suara_sah"] = -1
    angka["dpt_l"] = "seratus"
    angka["calon_9"] = 1

    with pytest.raises(InvalidInput) as caught:
        _submit(world, angka)

    assert sorted(str(e.field) for e in caught.value.errors) == [
        "calon_2",
        "calon_9",
        "dpt_l",
        "suara_sah",
    ]
    assert CHasil.objects.count() == CHasilVersi.objects.count() == 0


@pytest.mark.parametrize("peran", [Peran.SAKSI, Peran.PENGAWAS])
def test_read_only_roles_cannot_submit(world: World, peran):
    with pytest.raises(PermissionDenied):
        _submit(world, _sheet(world), peran=peran)


def test_a_contest_without_dapil_is_not_accessible(world: World):
    with pytest.raises(NotAccessible):
        lembar_for_tps(tps=world.tps[TPS_LUAR], jenis="dpr")


def test_the_contest_list_of_a_tps_follows_ballot_order(world: World):
    _submit(world, _sheet(world))

    rows = kontestasi_list_for_tps(tps=world.tps[TPS_A1])

    assert [r.jenis.value for r in rows] == ["ppwp", "dpr", "dpd", "dprd_provinsi", "dprd_kabkota"]
    assert rows[0].versi is not None
    assert rows[1].versi is None
    assert rows[0].halaman.kurang == (1, 2, 3)


@pytest.mark.django_db(transaction=True)
def test_a_new_version_is_published_after_commit_a_replay_is_not():
    from selenggara.core.events import subscribe, unsubscribe
    from selenggara.tungsura.events import CHasilVersiDicatat

    world = tungsura_world_build()
    got: list[CHasilVersiDicatat] = []
    subscribe(CHasilVersiDicatat, got.append)
    try:
        versi = _submit(world, _sheet(world)).versi
        _submit(world, _sheet(world))
    finally:
        unsubscribe(CHasilVersiDicatat, got.append)

    assert got == [
        CHasilVersiDicatat(
            c_hasil_id=versi.c_hasil_id, versi_id=versi.pk, tps_kode=TPS_A1, jenis="ppwp", nomor=1
        )
    ]


def test_the_key_of_an_earlier_version_returns_that_version(world: World):
    key = uuid.uuid4()
    first = _submit(world, _sheet(world), idempotency_key=key).versi
    _submit(world, _sheet(world, suara_tidak_sah=2), alasan="salah salin")

    again = _submit(world, _sheet(world), idempotency_key=key)

    assert (again.ulangan, again.versi.pk) == (True, first.pk)
    assert CHasilVersi.objects.count() == 2


def test_a_key_used_at_another_tps_is_refused_and_nothing_is_written(world: World):
    key = uuid.uuid4()
    _submit(world, _sheet(world), idempotency_key=key)
    other = next(t for kode, t in world.tps.items() if kode not in {TPS_A1, TPS_LUAR})

    with pytest.raises(KunciIdempotensiBentrok):
        c_hasil_submit(
            tps=other,
            jenis="ppwp",
            angka=_sheet(world, tps=other.kode),
            actor=world.user(Peran.KPU_RI),
            sumber=Sumber.ENTRI_KERTAS,
            idempotency_key=key,
        )

    assert not CHasil.objects.filter(tps=other).exists()
    assert AuditLog.objects.filter(action="c_hasil.submit").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("same_key", "alasan", "versions"),
    [
        pytest.param(True, "", [1], id="a-request-and-its-retry"),
        pytest.param(False, "dua operator", [1, 2], id="two-sheets-with-reasons"),
    ],
)
def test_two_first_submissions_at_once_queue_on_the_header(same_key, alasan, versions):
    """Two first submissions of one C.Hasil at once: the header's row lock queues the second,
    which then sees the first version (a replay, or a correction), never an error."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        # SQLite takes the write lock at BEGIN (IMMEDIATE), so there is no race to test; and
        # the in-memory test database's shared cache reports locks instead of waiting.
        pytest.skip("a race of writers needs PostgreSQL")
    world = tungsura_world_build()
    barrier = threading.Barrier(2)
    results: list[object] = []
    key = uuid.uuid4()

    def submit(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            angka = _sheet(world) if same_key else _sheet(world, suara_tidak_sah=1 + n)
            results.append(
                _submit(world, angka, idempotency_key=key if same_key else None, alasan=alasan)
            )
        except Exception as exc:  # reported by the assertion below
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(CHasilVersi.objects.values_list("nomor", flat=True)) == versions
    assert CHasil.objects.count() == 1


@pytest.mark.parametrize(
    ("corrections", "versi_dasar", "expected"),
    [
        pytest.param(0, None, 2, id="no-base-given-corrects-as-before"),
        pytest.param(0, 1, 2, id="based-on-the-current-version"),
        pytest.param(1, 2, 3, id="based-on-the-current-second-version"),
        pytest.param(0, 0, "1", id="saw-no-version-but-one-was-stored"),
        pytest.param(1, 1, "2", id="saw-version-1-but-2-won"),
        pytest.param(0, 5, "1", id="saw-a-version-from-the-future"),
    ],
)
def test_a_correction_on_a_replaced_version_is_refused_naming_the_winner(
    world: World, corrections, versi_dasar, expected
):
    _submit(world, _sheet(world))
    for n in range(corrections):
        _submit(world, _sheet(world, suara_tidak_sah=10 + n), alasan="koreksi pertama")
    stored_before = CHasilVersi.objects.count()
    audited_before = AuditLog.objects.count()

    def correct():
        return _submit(
            world, _sheet(world, suara_tidak_sah=99), alasan="koreksi", versi_dasar=versi_dasar
        )

    if isinstance(expected, int):
        assert correct().versi.nomor == expected
        return
    with pytest.raises(VersiBentrok) as caught:
        correct()
    assert caught.value.params["versi"] == int(expected)
    assert f"versi {expected}" in caught.value.message
    assert (CHasilVersi.objects.count(), AuditLog.objects.count()) == (
        stored_before,
        audited_before,
    )


def test_a_first_submission_on_a_version_that_does_not_exist_is_refused(world: World):
    with pytest.raises(VersiBentrok) as caught:
        _submit(world, _sheet(world), versi_dasar=2)

    assert caught.value.params["versi"] == 0
    assert not CHasilVersi.objects.exists()


def test_a_retry_of_the_winning_numbers_is_a_replay_not_a_conflict(world: World):
    """The phone resends what it already stored, on top of the version it saw before: the
    same numbers are the current version, so nothing conflicts and nothing is written."""
    _submit(world, _sheet(world))
    won = _submit(world, _sheet(world, suara_tidak_sah=7), alasan="koreksi", versi_dasar=1)

    again = _submit(world, _sheet(world, suara_tidak_sah=7), alasan="koreksi", versi_dasar=1)

    assert (again.ulangan, again.versi.pk) == (True, won.versi.pk)


@pytest.mark.django_db(transaction=True)
def test_two_corrections_at_once_one_wins_the_other_is_told():
    """Two operators correct version 1 at the same moment: one becomes version 2, the other is
    refused with a conflict naming version 2; there is never a silent version 3."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("a race of writers needs PostgreSQL")
    world = tungsura_world_build()
    _submit(world, _sheet(world))
    barrier = threading.Barrier(2)
    results: list[object] = []

    def correct(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            angka = _sheet(world, suara_tidak_sah=20 + n)
            results.append(_submit(world, angka, alasan=f"operator {n}", versi_dasar=1))
        except Exception as exc:  # the loser's conflict, asserted below
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=correct, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    conflicts = [r for r in results if isinstance(r, VersiBentrok)]
    assert len(results) == 2
    assert len(conflicts) == 1, results
    assert conflicts[0].params["versi"] == 2
    assert sorted(CHasilVersi.objects.values_list("nomor", flat=True)) == [1, 2]
