"""SIGKILL the server in the middle of a burst of submissions: after a restart and a retry of
every unacknowledged one (same Idempotency-Key), each acknowledged submission is stored exactly
once, no (TPS, contest) has two versions and the audit chain is intact.

A real granian serves the suite's own database: on PostgreSQL the test database itself; on
SQLite (in memory under pytest) a file copy of it, copied back before the checks. The test is
skipped only when a server cannot start at all, and fails then in CI. bench/c_hasil_bench.py --crash is the large run.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import User
from selenggara.accounts.services import api_token_create, penugasan_assign
from selenggara.portal.tests.world import DESA_A, tps_create
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.tests.api.harness import (
    Kiriman,
    ServerDidNotStart,
    crash_run,
    crash_verify,
    kiriman_body,
    kiriman_path,
    server_start,
)
from selenggara.tungsura.tests.world import lembar_konsisten, tungsura_world_build

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

JENIS = ("ppwp", "dpr", "dpd", "dprd_provinsi", "dprd_kabkota")
TPS_BARU = 36  # 36 new TPS + the two of desa A, 5 contests each: 190 submissions


def _kiriman_list() -> list[Kiriman]:
    """190 consistent sheets of desa A's TPS, sent by its PPS (a writing role over the desa)."""
    world = tungsura_world_build(with_users=False)
    desa = world.wilayah[DESA_A]
    for nomor in range(3, 3 + TPS_BARU):
        tps_create(world.pemilihan, desa, nomor, laki=120 + nomor, perempuan=118 + nomor)
    pps = User.objects.create(username="uji_pps_crash")
    penugasan_assign(user=pps, peran=Peran.PPS, wilayah_kode=DESA_A, tps=None, actor=None)
    _token, token = api_token_create(user=pps, nama="ponsel", actor=None)
    kiriman_list = []
    for tps in world.pemilihan.tps_set.filter(desa=desa).select_related("desa", "pemilihan"):
        for jenis in JENIS:
            lembar = lembar_for_tps(tps=tps, jenis=jenis)
            angka = lembar_konsisten(lembar.susunan, lembar.konteks)
            path = kiriman_path(world.pemilihan.kode, tps.kode, jenis)
            kiriman_list.append(Kiriman(path=path, body=kiriman_body(angka), token=token))
    return kiriman_list


def _database_url(tmp: Path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp / 'server.sqlite3'}"
    user, password = quote(settings["USER"] or ""), quote(settings["PASSWORD"] or "")
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{settings['NAME']}"


def _sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target)
    target.commit()


def no_server(exc: Exception) -> None:
    """Skip on a machine that cannot start a server; in CI (env CI set) that is a failure."""
    message = f"no server: {exc}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def test_a_server_that_does_not_start_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no server: port taken"):
        no_server(ServerDidNotStart("port taken"))
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no server: port taken"):
        no_server(ServerDidNotStart("port taken"))


def test_a_sigkilled_server_loses_no_acknowledged_submission_and_stores_none_twice():
    tmp = Path(tempfile.mkdtemp(prefix="selenggara-crash-"))
    kiriman_list = _kiriman_list()
    url = _database_url(tmp)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(tmp / "server.sqlite3") as target:
            _sqlite_copy(connection.connection, target)

    def start():
        try:
            return server_start(database_url=url, var_dir=str(tmp))
        except ServerDidNotStart as exc:
            no_server(exc)

    run = crash_run(
        start=start, kiriman_list=kiriman_list, concurrency=8, kill_after=len(kiriman_list) // 3
    )

    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp / "server.sqlite3") as source:
            _sqlite_copy(source, connection.connection)
    check = crash_verify(keys_sent=[k.key for k in kiriman_list], acked=run.acked)
    assert run.errors == []
    assert run.acked_before_kill >= len(kiriman_list) // 3
    assert run.unacked_before_kill > 0, "the kill came after the burst: nothing was tested"
    assert run.replayed_acked == 20
    assert check.acked_missing == []
    assert check.acked_wrong_digest == []
    assert check.c_hasil_with_several_versions == 0
    assert check.versions == check.distinct_keys == len(kiriman_list)
    assert check.audit_submit_rows == check.versions
    assert check.audit_ok
    call_command("audit", "verify")
