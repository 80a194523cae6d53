"""Writes of pindai: a reading per uploaded photo, the KPPS's confirmation, the reviewers' decisions,
and the C.Hasil version they make.

The paper is the record, the photo its evidence, the reader a third pair of eyes that proves
what it can. A number the reader accepted, a page the KPPS confirmed against the paper, and a
number a PPS or PPK decided in the review queue are the only ways a number read from a photo
reaches a C.Hasil version; the version is made through ``tungsura.services.c_hasil_submit``
with ``Sumber.PINDAI`` once every page of the sheet is decided, on top of the version that was
current when the photos came (``versi_dasar``), so a newer version typed meanwhile is never
overwritten silently: the conflict is stored and shown.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from selenggara.core.audit import audit_record
from selenggara.core.errors import DomainError, InvalidInput, RowError
from selenggara.pindai.baca import Bacaan, Catatan, foto_baca
from selenggara.pindai.models import Pembacaan, TinjauanAngka
from selenggara.pindai.tata_letak import LAYOUT_DIR, tata_letak_get
from selenggara.tungsura.events import CHasilFotoDisimpan
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasil, CHasilFoto, CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_submit
from selenggara.wilayah.domain.kode import KodeTPS

if TYPE_CHECKING:
    from selenggara.accounts.models import User

NILAI_MAKS = 999  # three digit boxes per number on the plano form
MODEL_DIR = Path(__file__).resolve().parent / "model"


@cache
def versi_pembaca() -> str:
    """The reader's version: a digest of its digit model and its layout files.

    Stored with every reading, so a reading can be traced to the exact model and layouts
    that made it (and readings of an older model found and re-read).
    """
    digest = hashlib.sha256()
    for path in [MODEL_DIR / "digit.onnx", *sorted(LAYOUT_DIR.glob("*.json"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"pindai-{digest.hexdigest()[:12]}"


def _desa(tps_kode: str) -> str:
    return KodeTPS.parse(tps_kode).desa.value


# --- A photo comes: a reading waits for the worker ---------------------------------------------


def foto_disimpan_handle(event: CHasilFotoDisimpan) -> None:
    """Create the reading of a new photo inside the upload's transaction; enqueue it on commit.

    Runs in the upload's transaction (``core.events.subscribe_in_transaction``), so a photo is
    never stored without its reading; the task is enqueued only once the photo is committed.
    A contest without a shipped layout has nothing to read and gets no reading.
    """
    if tata_letak_get(event.jenis) is None:
        return
    current = (
        CHasil.objects.filter(pk=event.c_hasil_id)
        .values_list("versi_terkini__nomor", flat=True)
        .first()
    )
    pembacaan = Pembacaan.objects.create(
        foto_id=event.foto_id,
        tps_kode=event.tps_kode,
        jenis=event.jenis,
        halaman=event.halaman,
        versi_dasar=current or 0,
        dibuat_pada=timezone.now(),
    )
    transaction.on_commit(lambda: pembacaan_enqueue(pembacaan_id=pembacaan.pk))


def pembacaan_enqueue(*, pembacaan_id: int) -> None:
    """Queue the reading for a worker (``selenggara pindai pekerja``)."""
    from selenggara.pindai.tasks import foto_baca_task

    foto_baca_task.enqueue(pembacaan_id=pembacaan_id)


def pembacaan_antre_ulang() -> int:
    """Queue again every reading still waiting (after a crash between commit and enqueue)."""
    ids = list(
        Pembacaan.objects.filter(status=Pembacaan.Status.MENUNGGU).values_list("pk", flat=True)
    )
    for pk in ids:
        pembacaan_enqueue(pembacaan_id=pk)
    return len(ids)


# --- The worker reads it ------------------------------------------------------------------------


def _angka_json(bacaan: Bacaan) -> dict[str, dict[str, object]]:
    return {
        a.kunci: {
            "nilai": a.nilai,
            "keyakinan": round(a.keyakinan, 4),
            "otomatis": a.otomatis,
            "bulatan": a.bulatan,
            "kandidat": [[k.nilai, round(k.keyakinan, 4)] for k in a.kandidat],
            "alasan": [Catatan.of(r).as_json() for r in a.alasan],
        }
        for a in bacaan.angka
    }


def _terdaftar_jpeg(data: bytes, bacaan: Bacaan) -> tuple[bytes, float] | None:
    """The registered page of a photo to review, as JPEG, with its px per pt."""
    # The reviewers' crops are cut from the page as the reader registered it. The reader's
    # result does not carry the image, so the photo is registered once more here, only for
    # the pages that go to review.
    from selenggara.pindai.registrasi import Tolak, halaman_register

    try:
        terdaftar = halaman_register(data, jenis=bacaan.jenis, nomor=bacaan.halaman)
    except Tolak:  # pragma: no cover - the reader registered this very photo a moment ago
        return None
    ok, encoded = cv2.imencode(".jpg", terdaftar.gambar, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return (encoded.tobytes(), terdaftar.skala) if ok else None


def pembacaan_baca(*, pembacaan_id: int) -> Pembacaan:
    """Read the photo of a waiting reading and store the result; the worker's job.

    Idempotent: a reading already done is returned as it is (a task retried after a crash).
    Every number the reader did not accept becomes a review item; when the sheet is then
    complete, its C.Hasil version is made (``lembar_kirim``) as the photo's uploader.
    """
    pembacaan = Pembacaan.objects.select_related("foto").get(pk=pembacaan_id)
    if pembacaan.status != Pembacaan.Status.MENUNGGU:
        return pembacaan
    foto: CHasilFoto = pembacaan.foto
    with foto.berkas.open("rb") as handle:
        data = handle.read()
    bacaan = foto_baca(data, jenis=pembacaan.jenis, nomor=pembacaan.halaman)
    terdaftar = _terdaftar_jpeg(data, bacaan) if bacaan.status == Pembacaan.Status.TINJAU else None
    with transaction.atomic():
        pembacaan = (
            Pembacaan.objects.select_for_update().select_related("foto").get(pk=pembacaan_id)
        )
        if pembacaan.status != Pembacaan.Status.MENUNGGU:  # pragma: no cover - two workers raced
            return pembacaan
        _bacaan_store(pembacaan, bacaan, terdaftar)
        if bacaan.status != Pembacaan.Status.TOLAK:
            lembar_kirim(c_hasil_id=pembacaan.foto.c_hasil_id, actor=pembacaan.foto.diunggah_oleh)
            pembacaan.refresh_from_db()
    return pembacaan


def _bacaan_store(
    pembacaan: Pembacaan, bacaan: Bacaan, terdaftar: tuple[bytes, float] | None
) -> None:
    pembacaan.status = bacaan.status
    pembacaan.alasan = [c.as_json() for c in bacaan.alasan]
    pembacaan.penolakan = bacaan.penolakan.value if bacaan.penolakan is not None else ""
    pembacaan.angka = _angka_json(bacaan)
    pembacaan.identitas_gagal = list(bacaan.identitas_gagal)
    pembacaan.versi_pembaca = versi_pembaca()
    pembacaan.dibaca_pada = timezone.now()
    if terdaftar is not None:
        pembacaan.terdaftar.save("halaman.jpg", ContentFile(terdaftar[0]), save=False)
        pembacaan.skala = terdaftar[1]
    pembacaan.save()
    TinjauanAngka.objects.bulk_create(
        TinjauanAngka(pembacaan=pembacaan, tps_kode=pembacaan.tps_kode, kunci=a.kunci)
        for a in bacaan.angka
        if not a.otomatis
    )
    audit_record(
        actor=None,
        action="pindai.baca",
        target=pembacaan,
        wilayah_kode=_desa(pembacaan.tps_kode),
        after={
            "foto": pembacaan.foto_id,
            "halaman": pembacaan.halaman,
            "status": pembacaan.status,
            "alasan": pembacaan.alasan,
            "angka": {k: v["nilai"] for k, v in pembacaan.angka.items()},
            "versi_pembaca": pembacaan.versi_pembaca,
        },
    )


# --- The sheet is decided: a C.Hasil version ------------------------------------------------------


def _newest_per_page(c_hasil: CHasil) -> dict[int, Pembacaan]:
    """The newest reading of each page that is not refused (a refused photo proves nothing)."""
    newest: dict[int, Pembacaan] = {}
    qs = (
        Pembacaan.objects.filter(foto__c_hasil=c_hasil)
        .exclude(status=Pembacaan.Status.TOLAK)
        .order_by("halaman", "-dibuat_pada", "-pk")
        .prefetch_related("tinjauan_set")
    )
    for pembacaan in qs:
        newest.setdefault(pembacaan.halaman, pembacaan)
    return newest


def nilai_terputus(pembacaan: Pembacaan) -> dict[str, int] | None:
    """The decided numbers of a reading, or None while one is still waiting (or unread)."""
    if pembacaan.status == Pembacaan.Status.MENUNGGU:
        return None
    keputusan = {t.kunci: t for t in pembacaan.tinjauan_set.all()}
    result: dict[str, int] = {}
    for kunci, item in pembacaan.angka.items():
        if item["otomatis"] and item["nilai"] is not None:
            result[kunci] = int(item["nilai"])
        elif kunci in keputusan and keputusan[kunci].selesai:
            result[kunci] = int(keputusan[kunci].nilai or 0)
        else:
            return None
    return result


def lembar_kirim(
    *, c_hasil_id: int, actor: User | None, versi_dasar: int | None = None, alasan: str = ""
) -> CHasilVersi | None:
    """Make the C.Hasil version of a sheet whose every page is decided; None if one is not.

    ``versi_dasar`` defaults to the newest version the readings saw when their photos came.
    Without ``alasan`` a sheet whose numbers differ from a stored version is not made into a
    correction (the reader alone never overrides what was typed): the conflict is stored on
    the readings and shown to the KPPS, whose confirmation gives the reason.
    """
    c_hasil = CHasil.objects.select_related("tps__pemilihan", "kontestasi").get(pk=c_hasil_id)
    layout = tata_letak_get(c_hasil.kontestasi.jenis)
    if layout is None or actor is None:
        return None
    newest = _newest_per_page(c_hasil)
    angka: dict[str, int] = {}
    for halaman in layout.halaman:
        pembacaan = newest.get(halaman.nomor)
        nilai = nilai_terputus(pembacaan) if pembacaan is not None else None
        if nilai is None:
            return None
        angka.update(nilai)
    readings = list(newest.values())
    dasar = versi_dasar if versi_dasar is not None else max(p.versi_dasar for p in readings)
    tps = c_hasil.tps
    lembar = lembar_for_tps(tps=tps, jenis=c_hasil.kontestasi.jenis)
    kunci_semua = lembar.susunan.kunci_semua()
    try:
        with transaction.atomic():
            hasil = c_hasil_submit(
                tps=tps,
                jenis=c_hasil.kontestasi.jenis,
                angka={k: angka.get(k) for k in kunci_semua},
                actor=actor,
                sumber=Sumber.PINDAI,
                alasan=alasan,
                versi_dasar=dasar,
            )
    except DomainError as exc:
        Pembacaan.objects.filter(pk__in=[p.pk for p in readings]).update(bentrok=exc.message)
        return None
    Pembacaan.objects.filter(pk__in=[p.pk for p in readings]).update(versi=hasil.versi, bentrok="")
    return hasil.versi


# --- People decide ----------------------------------------------------------------------------


def _nilai_parse(raw: object, field: str) -> int:
    text = str(raw).strip() if raw is not None else ""
    if not text.isdigit() or int(text) > NILAI_MAKS:
        message = gettext("Isi bilangan bulat 0 sampai %(maks)s.") % {"maks": NILAI_MAKS}
        raise InvalidInput(message, errors=[RowError(row=None, field=field, message=message)])
    return int(text)


@transaction.atomic
def pembacaan_konfirmasi(
    *, pembacaan: Pembacaan, actor: User, versi_dasar: int | None = None
) -> CHasilVersi | None:
    """Record that the KPPS checked the numbers read from a page against the paper.

    Every number the reader did not accept is decided as read (``Cara.KONFIRMASI_KPPS``);
    then, when the sheet is complete, its version is made as a correction of any version
    already stored, with the KPPS's confirmation as the reason. Raises InvalidInput naming
    the numbers that could not be read at all (the page must be photographed again).
    """
    from selenggara.accounts.access import tps_check_writable

    pembacaan = (
        Pembacaan.objects.select_for_update()
        .select_related("foto__c_hasil__tps")
        .get(pk=pembacaan.pk)
    )
    tps = pembacaan.foto.c_hasil.tps
    tps_check_writable(actor=actor, tps=tps)
    if pembacaan.status not in (Pembacaan.Status.OTOMATIS, Pembacaan.Status.TINJAU):
        raise InvalidInput(
            gettext("Halaman ini belum terbaca; tidak ada angka untuk dikonfirmasi.")
        )
    kosong = [k for k, v in pembacaan.angka.items() if v["nilai"] is None]
    if kosong:
        message = gettext("Angka ini tidak terbaca; foto ulang halaman ini.")
        raise InvalidInput(
            message, errors=[RowError(row=None, field=k, message=message) for k in kosong]
        )
    now = timezone.now()
    terbuka = list(pembacaan.tinjauan_set.filter(selesai=False))
    for item in terbuka:
        item.selesai, item.cara = True, TinjauanAngka.Cara.KONFIRMASI_KPPS
        item.nilai = int(pembacaan.angka[item.kunci]["nilai"])
        item.diputuskan_oleh, item.diputuskan_pada = actor, now
        item.save(update_fields=["selesai", "cara", "nilai", "diputuskan_oleh", "diputuskan_pada"])
    pembacaan.dikonfirmasi_oleh, pembacaan.dikonfirmasi_pada = actor, now
    pembacaan.save(update_fields=["dikonfirmasi_oleh", "dikonfirmasi_pada"])
    audit_record(
        actor=actor,
        action="pindai.konfirmasi",
        target=pembacaan,
        wilayah_kode=_desa(pembacaan.tps_kode),
        before={"terbuka": [t.kunci for t in terbuka]},
        after={"angka": {k: v["nilai"] for k, v in pembacaan.angka.items()}},
    )
    alasan = gettext("Angka dibaca dari foto C.Hasil dan dikonfirmasi KPPS terhadap kertasnya.")
    return lembar_kirim(
        c_hasil_id=pembacaan.foto.c_hasil_id, actor=actor, versi_dasar=versi_dasar, alasan=alasan
    )


@transaction.atomic
def tinjauan_putuskan(
    *,
    tinjauan: TinjauanAngka,
    nilai: object,
    cara: TinjauanAngka.Cara,
    actor: User,
    alasan: str = "",
) -> TinjauanAngka:
    """Decide one number of the review queue: a candidate picked, or the number typed.

    A decided number is never decided again (InvalidInput naming who decided it). Deciding
    the last open number of a page makes the sheet's version when every page is decided.
    """
    item = TinjauanAngka.objects.select_for_update().get(pk=tinjauan.pk)
    if item.selesai:
        raise InvalidInput(
            gettext("Angka ini sudah diputuskan oleh %(oleh)s (%(nilai)s).")
            % {"oleh": item.diputuskan_oleh, "nilai": item.nilai}
        )
    pembacaan = Pembacaan.objects.get(pk=item.pembacaan_id)
    before = pembacaan.angka.get(item.kunci, {})
    item.nilai = _nilai_parse(nilai, item.kunci)
    item.selesai, item.cara, item.alasan = True, cara, alasan.strip()[:200]
    item.diputuskan_oleh, item.diputuskan_pada = actor, timezone.now()
    item.save(
        update_fields=["nilai", "selesai", "cara", "alasan", "diputuskan_oleh", "diputuskan_pada"]
    )
    audit_record(
        actor=actor,
        action="pindai.tinjau",
        target=item,
        wilayah_kode=_desa(item.tps_kode),
        before={"kunci": item.kunci, "dibaca": before.get("nilai")},
        after={"kunci": item.kunci, "nilai": item.nilai, "cara": item.cara},
        reason=item.alasan or str(TinjauanAngka.Cara(cara).label),
    )
    if not pembacaan.tinjauan_set.filter(selesai=False).exists():
        lembar_kirim(
            c_hasil_id=CHasilFoto.objects.values_list("c_hasil_id", flat=True).get(
                pk=pembacaan.foto_id
            ),
            actor=actor,
            alasan=gettext("Angka dibaca dari foto C.Hasil; yang meragukan ditinjau %(oleh)s.")
            % {"oleh": actor},
        )
    return item
