"""Writes of special incidents and objections (C.KEJADIAN KHUSUS DAN/ATAU KEBERATAN).

The KPPS fills the legal form, so the KPPS (or the PPS/PPK within its scope) records here,
also for an objection a witness raised: ``pengaju`` says who raised it and ``nama_pengaju``
gives the name. Saksi and pengawas read; they do not write (``tps_check_writable``).
Everything is checked before anything is written: a bad photo stores nothing at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from selenggara.accounts.access import tps_check_writable
from selenggara.core.audit import audit_record
from selenggara.core.errors import InvalidInput, RowError
from selenggara.pemilihan.domain.pemilihan import JenisPemilihan, kontestasi_at
from selenggara.pemilihan.models import TPS, Kontestasi
from selenggara.tungsura.domain.kejadian import (
    URAIAN_MAX,
    URAIAN_MIN,
    JenisCatatan,
    Kategori,
    Pengaju,
    uraian_check,
)
from selenggara.tungsura.foto import FotoDiperiksa, foto_check
from selenggara.tungsura.logistik.selectors import kontestasi_held
from selenggara.tungsura.models import KejadianKhusus, KejadianKhususFoto
from selenggara.tungsura.services import KunciIdempotensiBentrok
from selenggara.wilayah.domain.kode import KodeWilayah

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from selenggara.accounts.models import User

FOTO_MAKS = 5
NAMA_PENGAJU_MAX = 200
# Who must be named: an objection carries weight by who filed it. A voter may stay unnamed.
PENGAJU_BERNAMA = frozenset({Pengaju.SAKSI, Pengaju.PENGAWAS_TPS, Pengaju.PEMANTAU})


def _choice(
    value: str, allowed: type[StrEnum], field: str, message: str, errors: list[RowError]
) -> str | None:
    if value in {member.value for member in allowed}:
        return value
    errors.append(RowError(row=None, field=field, message=message))
    return None


def _uraian_error(uraian: str) -> str | None:
    problem = uraian_check(uraian)
    if problem == "terlalu_pendek":
        return gettext("Uraian terlalu pendek: tulis paling sedikit %(n)s huruf.") % {
            "n": URAIAN_MIN
        }
    if problem == "terlalu_panjang":
        return gettext("Uraian terlalu panjang: paling banyak %(n)s huruf.") % {"n": URAIAN_MAX}
    return None


def _kontestasi(tps: TPS, jenis: str | None, errors: list[RowError]) -> Kontestasi | None:
    if not jenis:
        return None
    voted = kontestasi_at(
        jenis=JenisPemilihan(tps.pemilihan.jenis),
        held=kontestasi_held(tps.pemilihan),
        desa=KodeWilayah(tps.desa.kode),
    )
    if jenis not in {j.value for j in voted}:
        message = gettext("Kontestasi: TPS ini tidak memberikan suara untuk kontestasi itu.")
        errors.append(RowError(row=None, field="kontestasi", message=message))
        return None
    return Kontestasi.objects.get(pemilihan_id=tps.pemilihan_id, jenis=jenis)


def _foto_checked(foto_list: Sequence[UploadedFile], errors: list[RowError]) -> list[FotoDiperiksa]:
    if len(foto_list) > FOTO_MAKS:
        message = gettext("Foto paling banyak %(n)s.") % {"n": FOTO_MAKS}
        errors.append(RowError(row=None, field="foto", message=message))
        return []
    checked = []
    for nomor, berkas in enumerate(foto_list, start=1):
        try:
            checked.append(foto_check(berkas, field="foto"))
        except InvalidInput as exc:
            message = gettext("Foto %(nomor)s: %(alasan)s") % {
                "nomor": nomor,
                "alasan": exc.message,
            }
            errors.append(RowError(row=None, field="foto", message=message))
    return checked


def _pengaju_errors(
    jenis: str | None, pengaju: str | None, nama: str, errors: list[RowError]
) -> None:
    if jenis == JenisCatatan.KEBERATAN and pengaju == Pengaju.KPPS:
        message = gettext(
            "Pengaju: keberatan diajukan oleh saksi, Pengawas TPS, pemilih atau pemantau, "
            "bukan oleh KPPS; catatan KPPS sendiri adalah kejadian khusus."
        )
        errors.append(RowError(row=None, field="pengaju", message=message))
    if pengaju in PENGAJU_BERNAMA and not nama:
        message = gettext("Nama pengaju wajib diisi untuk saksi, Pengawas TPS dan pemantau.")
        errors.append(RowError(row=None, field="nama_pengaju", message=message))
    if len(nama) > NAMA_PENGAJU_MAX:
        message = gettext("Nama pengaju paling panjang %(n)s huruf.") % {"n": NAMA_PENGAJU_MAX}
        errors.append(RowError(row=None, field="nama_pengaju", message=message))


def kejadian_record(
    *,
    tps: TPS,
    jenis: str,
    kontestasi: str | None,
    kategori: str,
    uraian: str,
    pengaju: str,
    nama_pengaju: str = "",
    foto_list: Sequence[UploadedFile] = (),
    actor: User,
    idempotency_key: UUID | None = None,
) -> KejadianKhusus:
    """Record a special incident or an objection at ``tps``, for contest ``kontestasi`` (a
    jenis such as ``ppwp``) or the whole TPS (None), with up to five photos.

    Raises PermissionDenied for a role that cannot write at this TPS, and InvalidInput naming
    every field that cannot be stored (``jenis``, ``kontestasi``, ``kategori``, ``uraian``,
    ``pengaju``, ``nama_pengaju``, ``foto``); then nothing is written.
    """
    tps_check_writable(actor=actor, tps=tps)
    uraian, nama_pengaju = uraian.strip(), nama_pengaju.strip()
    errors: list[RowError] = []
    jenis_ok = _choice(
        jenis, JenisCatatan, "jenis", gettext("Jenis harus kejadian khusus atau keberatan."), errors
    )
    kontestasi_obj = _kontestasi(tps, kontestasi, errors)
    kategori_ok = _choice(
        kategori, Kategori, "kategori", gettext("Kategori tidak dikenal."), errors
    )
    if (uraian_error := _uraian_error(uraian)) is not None:
        errors.append(RowError(row=None, field="uraian", message=uraian_error))
    pengaju_ok = _choice(pengaju, Pengaju, "pengaju", gettext("Pengaju tidak dikenal."), errors)
    _pengaju_errors(jenis_ok, pengaju_ok, nama_pengaju, errors)
    checked = _foto_checked(foto_list, errors)
    if errors or jenis_ok is None or kategori_ok is None or pengaju_ok is None:
        raise InvalidInput(
            gettext("Catatan kejadian tidak dapat disimpan; tidak ada yang disimpan."),
            errors=errors,
        )
    with transaction.atomic():
        kejadian = KejadianKhusus.objects.create(
            tps=tps,
            kontestasi=kontestasi_obj,
            jenis=jenis_ok,
            kategori=kategori_ok,
            uraian=uraian,
            pengaju=pengaju_ok,
            nama_pengaju=nama_pengaju,
            dicatat_oleh=actor,
            dicatat_pada=timezone.now(),
            idempotency_key=idempotency_key,
        )
        _foto_store(kejadian, foto_list, checked)
        audit_record(
            actor=actor,
            action="kejadian.catat",
            target=kejadian,
            wilayah_kode=tps.desa.kode,
            # The text may name people: the audit keeps its digest, the record keeps the text.
            after={
                "tps": tps.kode,
                "jenis": kejadian.jenis,
                "kontestasi": kontestasi,
                "kategori": kejadian.kategori,
                "pengaju": kejadian.pengaju,
                "uraian_sha256": hashlib.sha256(uraian.encode()).hexdigest(),
                "foto_sha256": [c.sha256 for c in checked],
            },
        )
    return kejadian


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilCatat:
    kejadian: KejadianKhusus
    # True when nothing was written: a retry of a record stored under the same key.
    ulangan: bool


def _replay(
    stored: KejadianKhusus, *, tps: TPS, jenis: str, kategori: str, uraian: str, pengaju: str
) -> HasilCatat:
    same = (
        stored.tps_id == tps.pk
        and (stored.jenis, stored.kategori, stored.pengaju) == (jenis, kategori, pengaju)
        and stored.uraian == uraian.strip()
    )
    if not same:
        raise KunciIdempotensiBentrok(
            gettext(
                "Kunci idempotensi ini sudah dipakai untuk catatan kejadian lain; buat kunci "
                "baru untuk catatan baru."
            )
        )
    return HasilCatat(kejadian=stored, ulangan=True)


def kejadian_record_once(
    *,
    idempotency_key: UUID,
    tps: TPS,
    jenis: str,
    kontestasi: str | None,
    kategori: str,
    uraian: str,
    pengaju: str,
    nama_pengaju: str = "",
    foto_list: Sequence[UploadedFile] = (),
    actor: User,
) -> HasilCatat:
    """Record like ``kejadian_record``, at most once per ``idempotency_key`` (the phone's
    offline queue makes one per record and keeps it across retries): the same key again
    returns the stored record and writes nothing, even when two retries race; the same key
    for another record is refused (KunciIdempotensiBentrok, 422)."""
    tps_check_writable(actor=actor, tps=tps)

    def replay(stored: KejadianKhusus) -> HasilCatat:
        return _replay(
            stored, tps=tps, jenis=jenis, kategori=kategori, uraian=uraian, pengaju=pengaju
        )

    stored = KejadianKhusus.objects.filter(idempotency_key=idempotency_key).first()
    if stored is not None:
        return replay(stored)
    try:
        kejadian = kejadian_record(
            tps=tps,
            jenis=jenis,
            kontestasi=kontestasi,
            kategori=kategori,
            uraian=uraian,
            pengaju=pengaju,
            nama_pengaju=nama_pengaju,
            foto_list=foto_list,
            actor=actor,
            idempotency_key=idempotency_key,
        )
    except IntegrityError:
        # Another request with the same key committed first: return what it stored.
        return replay(KejadianKhusus.objects.get(idempotency_key=idempotency_key))
    return HasilCatat(kejadian=kejadian, ulangan=False)


def _foto_store(
    kejadian: KejadianKhusus, foto_list: Sequence[UploadedFile], checked: list[FotoDiperiksa]
) -> None:
    stored: list[KejadianKhususFoto] = []
    try:
        for berkas, info in zip(foto_list, checked, strict=True):
            berkas.seek(0)
            foto = KejadianKhususFoto(
                kejadian=kejadian,
                content_type=info.content_type,
                ukuran=info.ukuran,
                sha256=info.sha256,
                diunggah_pada=kejadian.dicatat_pada,
            )
            foto.berkas.save(f"foto{info.extension}", berkas, save=False)
            stored.append(foto)
            foto.save()
    except Exception:  # pragma: no cover - storage failure: remove the files already written
        for foto in stored:
            foto.berkas.delete(save=False)
        raise
