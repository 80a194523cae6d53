"""A real server and a load generator for the C.Hasil API: shared by the crash test and the
benchmark (bench/c_hasil_bench.py).

``server_start`` runs granian (as ``make serve`` does) in its own process group on a free port
against a database URL; ``server_kill`` SIGKILLs the whole group. ``fire`` sends submissions
from threads over keep-alive connections (``http.client``, no dependency) and records, per
submission, the status and latency, or None when no answer came (no acknowledgement).
``crash_verify`` checks in the database that every acknowledged submission is stored exactly
once and nothing twice.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
GRANIAN = Path(sys.executable).parent / "granian"


class ServerDidNotStart(RuntimeError):
    pass


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_start(
    *,
    database_url: str,
    workers: int = 2,
    threads: int = 3,
    timeout: float = 30.0,
    var_dir: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> Server:
    """Start granian (WSGI, ``workers`` processes of ``threads`` threads) on a free port; return
    when it answers HTTP, or raise ServerDidNotStart."""
    if not GRANIAN.exists():
        raise ServerDidNotStart(f"{GRANIAN} not found")
    port = free_port()
    var = var_dir or tempfile.mkdtemp(prefix="selenggara-server-")
    log = Path(var) / f"granian-{port}.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SELENGGARA_VAR_DIR": var,
        **(extra_env or {}),
    }
    command = [
        str(GRANIAN),
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--log-level",
        "warning",
        "config.wsgi:application",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - our own granian, fixed arguments
            command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )
    server = Server(process=process, port=port, log=log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(f"granian exited {process.returncode}:\n{server.log_tail()}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/api/pemilihan")
            conn.getresponse().read()
            return server
        except (OSError, http.client.HTTPException):
            # Not listening yet, or a worker still booting (a slow machine): try again.
            time.sleep(0.1)
        finally:
            conn.close()
    server_kill(server)
    raise ServerDidNotStart(f"granian did not answer within {timeout} s:\n{server.log_tail()}")


def server_kill(server: Server, sig: int = signal.SIGKILL) -> None:
    """Send ``sig`` to the server's whole process group (master and workers) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, sig)
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover - only if SIGTERM is ignored
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


def server_stop(server: Server) -> None:
    server_kill(server, signal.SIGTERM)


# --- Submissions ----------------------------------------------------------------------------


@dataclass
class Kiriman:
    """One submission: a TPS's sheet for one contest, with its key, sent with ``token``."""

    path: str
    body: bytes
    token: str
    key: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class Jawaban:
    status: int | None  # None: no answer (connection refused or dropped): not acknowledged
    seconds: float
    digest: str | None = None
    versi: int | None = None


def kiriman_path(pemilihan: str, tps: str, jenis: str) -> str:
    return f"/api/tungsura/pemilihan/{pemilihan}/tps/{tps}/c-hasil/{jenis}"


def kiriman_body(angka: dict[str, int]) -> bytes:
    return json.dumps({"angka": angka}).encode()


def _send(conn: http.client.HTTPConnection, kiriman: Kiriman) -> Jawaban:
    start = time.perf_counter()
    conn.request(
        "POST",
        kiriman.path,
        body=kiriman.body,
        headers={
            "Authorization": f"Bearer {kiriman.token}",
            "Idempotency-Key": kiriman.key,
            "Content-Type": "application/json",
        },
    )
    response = conn.getresponse()
    raw = response.read()
    seconds = time.perf_counter() - start
    digest = versi = None
    if response.status in {200, 201}:
        data = json.loads(raw)
        digest, versi = data["digest"], data["versi"]
    return Jawaban(status=response.status, seconds=seconds, digest=digest, versi=versi)


class _Connection:
    """One keep-alive connection of a load thread, reopened after a failure."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def send(self, kiriman: Kiriman) -> Jawaban:
        start = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return _send(self.conn, kiriman)
        except (OSError, http.client.HTTPException):
            self.close()
            return Jawaban(status=None, seconds=time.perf_counter() - start)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def fire(
    port: int,
    kiriman_list: Sequence[Kiriman],
    *,
    concurrency: int,
    on_answer: Callable[[int], None] | None = None,
) -> list[Jawaban]:
    """Send every submission once from ``concurrency`` threads; return the answers in order.

    A failed connection is reopened for the next request but the request is never resent:
    one whose answer did not arrive is recorded as ``Jawaban(status=None)`` (not acknowledged).
    ``on_answer(n)`` is called with the number of acknowledgements so far.
    """
    answers: list[Jawaban] = [Jawaban(status=None, seconds=0.0)] * len(kiriman_list)
    next_index = iter(range(len(kiriman_list)))
    lock = threading.Lock()
    acked = 0

    def worker() -> None:
        nonlocal acked
        conn = _Connection(port)
        while (index := _next(lock, next_index)) is not None:
            answer = answers[index] = conn.send(kiriman_list[index])
            if answer.status in {200, 201} and on_answer is not None:
                with lock:
                    acked += 1
                    count = acked
                on_answer(count)
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _next(lock: threading.Lock, indexes: Iterator[int]) -> int | None:
    with lock:
        return next(indexes, None)


# --- Crash: SIGKILL mid-burst, restart, retry the unacknowledged, verify ----------------------


@dataclass
class CrashRun:
    sent: int
    acked_before_kill: int
    unacked_before_kill: int
    retried_stored_before_kill: int  # retry answered 200: committed, but its answer was lost
    retried_new: int  # retry answered 201: nothing had been committed
    replayed_acked: int  # a sample of acknowledged ones sent again: 200, same digest
    acked: dict[str, str]  # key -> digest, every acknowledgement received over the run
    errors: list[str]


def crash_run(
    *,
    start: Callable[[], Server],
    kiriman_list: Sequence[Kiriman],
    concurrency: int,
    kill_after: int,
    replay_sample: int = 20,
) -> CrashRun:
    """Fire ``kiriman_list``; SIGKILL the server once ``kill_after`` are acknowledged; restart;
    retry every unacknowledged submission with its key; resend a sample of acknowledged ones."""
    server = start()
    killed = threading.Event()

    def on_answer(count: int) -> None:
        if count >= kill_after and not killed.is_set():
            killed.set()
            server_kill(server)

    try:
        first = fire(server.port, kiriman_list, concurrency=concurrency, on_answer=on_answer)
    finally:
        server_kill(server)
    acked: dict[str, str] = {}
    errors: list[str] = []
    todo: list[Kiriman] = []
    for kiriman, answer in zip(kiriman_list, first, strict=True):
        if answer.status in {200, 201} and answer.digest:
            acked[kiriman.key] = answer.digest
        elif answer.status is None:
            todo.append(kiriman)
        else:
            errors.append(f"{kiriman.path}: {answer.status} before the kill")
    acked_before = len(acked)
    server = start()
    try:
        retry = fire(server.port, todo, concurrency=concurrency)
        sample = [k for k in kiriman_list if k.key in acked][:replay_sample]
        replay = fire(server.port, sample, concurrency=min(concurrency, 4))
    finally:
        server_stop(server)
    stored_before = new = 0
    for kiriman, answer in zip(todo, retry, strict=True):
        if answer.status not in {200, 201} or not answer.digest:
            errors.append(f"{kiriman.path}: retry answered {answer.status}")
            continue
        stored_before += answer.status == 200
        new += answer.status == 201
        acked[kiriman.key] = answer.digest
    replayed = 0
    for kiriman, answer in zip(sample, replay, strict=True):
        if answer.status != 200 or answer.digest != acked[kiriman.key]:
            errors.append(f"{kiriman.path}: replay of an acknowledged one answered {answer}")
        else:
            replayed += 1
    return CrashRun(
        sent=len(kiriman_list),
        acked_before_kill=acked_before,
        unacked_before_kill=len(todo),
        retried_stored_before_kill=stored_before,
        retried_new=new,
        replayed_acked=replayed,
        acked=acked,
        errors=errors,
    )


@dataclass
class CrashCheck:
    versions: int
    distinct_keys: int
    acked_missing: list[str]
    acked_wrong_digest: list[str]
    c_hasil_with_several_versions: int
    audit_submit_rows: int
    audit_ok: bool
    audit_rows_checked: int

    @property
    def ok(self) -> bool:
        return (
            self.versions == self.distinct_keys
            and not self.acked_missing
            and not self.acked_wrong_digest
            and self.c_hasil_with_several_versions == 0
            and self.audit_submit_rows == self.versions
            and self.audit_ok
        )


def crash_verify(*, keys_sent: Iterable[str], acked: dict[str, str]) -> CrashCheck:
    """Check the database: each acknowledged key stored once with its digest, one version per
    (TPS, contest), as many versions as keys, one audit row each, the audit chain intact."""
    from django.db.models import Count

    from selenggara.core.audit import audit_verify
    from selenggara.core.models import AuditLog
    from selenggara.tungsura.models import CHasil, CHasilVersi

    stored = {
        str(key): digest
        for key, digest in CHasilVersi.objects.values_list("idempotency_key", "digest")
    }
    verification = audit_verify()
    return CrashCheck(
        versions=len(stored),
        distinct_keys=len(set(keys_sent)),
        acked_missing=[k for k in acked if k not in stored],
        acked_wrong_digest=[k for k, d in acked.items() if k in stored and stored[k] != d],
        c_hasil_with_several_versions=CHasil.objects.annotate(n=Count("versi_set"))
        .filter(n__gt=1)
        .count(),
        audit_submit_rows=AuditLog.objects.filter(action="c_hasil.submit").count(),
        audit_ok=verification.ok,
        audit_rows_checked=verification.rows_checked,
    )
