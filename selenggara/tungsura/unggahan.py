"""Resumable page-photo uploads from the KPPS phone (issue 14): a photo sent in parts.

On a polling night's signal a 1-2 MB photo sent whole restarts from zero at every dropped
connection. Here the phone first declares the page, the size and the SHA-256
(``c_hasil_foto_unggahan_start``, idempotent: the same page and digest again answers the
bytes already held), then sends parts at increasing offsets (``c_hasil_foto_unggahan_append``).
A part at any other offset is refused with the offset the server holds, so the phone resumes
exactly there. The last part has its digest checked against the declared one and the photo
goes through ``c_hasil_foto_store``, the one path to every photo: one photo per page and
SHA-256, the same checks, the same audit row and event.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from selenggara.accounts.access import tps_check_writable
from selenggara.core.audit import audit_record
from selenggara.core.errors import DomainError, InvalidInput, NotAccessible, RowError
from selenggara.tungsura.foto import UKURAN_MAKS
from selenggara.tungsura.lembar import lembar_for_tps
from selenggara.tungsura.models import CHasilFoto, CHasilFotoUnggahan, CHasilFotoUnggahanBagian
from selenggara.tungsura.services import c_hasil_foto_store
from selenggara.wilayah.domain.kode import KodeTPS

if TYPE_CHECKING:
    from selenggara.accounts.models import User
    from selenggara.pemilihan.models import TPS

# The largest part one request may carry; the phone sends 256 KiB.
BAGIAN_MAKS = 1024 * 1024
# An upload left unfinished this long is abandoned (the page photographed again, the phone
# lost): its parts are dropped when another photo of the TPS completes. A phone that comes
# back to it later gets a 404 and opens the upload again.
TERBENGKALAI = timedelta(days=2)
_SHA256 = re.compile(r"[0-9a-f]{64}")


class OffsetSalah(DomainError):
    """A part sent at an offset other than the bytes held; ``params["offset"]`` is the latter."""

    code = "offset_salah"
    http_status = 409


class Sha256TidakCocok(InvalidInput):
    """The bytes received do not hash to the declared SHA-256: discarded, nothing stored."""

    code = "sha256_tidak_cocok"


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilUnggahan:
    # None only when the photo was stored by a whole upload before any part was sent.
    unggahan: CHasilFotoUnggahan | None
    halaman: int
    dari: int
    ukuran: int
    sha256: str
    offset: int
    # Set once the photo is stored; ``ulangan`` when nothing new was written for it now.
    foto: CHasilFoto | None = None
    ulangan: bool = False
    baru: bool = False  # the upload was opened by this call


def _refuse(message: str, field: str) -> InvalidInput:
    return InvalidInput(message, errors=[RowError(row=None, field=field, message=message)])


def _wilayah(tps: TPS) -> str:
    return KodeTPS.parse(tps.kode).desa.value


def _declared(*, halaman: int, dari: int, ukuran: int, sha256: str) -> str:
    """Return the digest in lowercase, or raise InvalidInput for an impossible declaration."""
    if not 1 <= halaman <= dari <= 99:
        raise _refuse(
            gettext("Nomor halaman %(halaman)s dari %(dari)s tidak mungkin.")
            % {"halaman": halaman, "dari": dari},
            "halaman",
        )
    if not 0 < ukuran <= UKURAN_MAKS:
        raise _refuse(
            gettext("Ukuran foto harus antara 1 bait dan 10 MB (%(ukuran)s bait dinyatakan).")
            % {"ukuran": ukuran},
            "ukuran",
        )
    digest = sha256.strip().lower()
    if not _SHA256.fullmatch(digest):
        raise _refuse(gettext("sha256 harus berupa 64 digit heksadesimal."), "sha256")
    return digest


def _hasil(
    unggahan: CHasilFotoUnggahan, *, ulangan: bool = False, baru: bool = False
) -> HasilUnggahan:
    return HasilUnggahan(
        unggahan=unggahan,
        halaman=unggahan.halaman,
        dari=unggahan.dari,
        ukuran=unggahan.ukuran,
        sha256=unggahan.sha256,
        offset=unggahan.diterima,
        foto=unggahan.foto,
        ulangan=ulangan,
        baru=baru,
    )


@transaction.atomic
def c_hasil_foto_unggahan_start(
    *, tps: TPS, jenis: str, halaman: int, dari: int, ukuran: int, sha256: str, actor: User
) -> HasilUnggahan:
    """Open (or find) the upload of one page photo and return the offset to send from.

    Idempotent for the same TPS, contest, page and SHA-256: a phone that lost the answer, was
    reloaded or lost its signal asks again and gets the bytes already held (``offset``), or
    the stored photo once complete (also when it arrived whole through the photo API).
    Raises InvalidInput for an impossible page, a size of 0 or above 10 MB, a malformed digest,
    or another size than the upload already open for this digest.
    """
    tps_check_writable(actor=actor, tps=tps)
    lembar = lembar_for_tps(tps=tps, jenis=jenis)
    digest = _declared(halaman=halaman, dari=dari, ukuran=ukuran, sha256=sha256)
    kunci = {
        "tps": tps,
        "kontestasi": lembar.kontestasi,
        "halaman": halaman,
        "dari": dari,
        "sha256": digest,
    }
    unggahan = CHasilFotoUnggahan.objects.select_related("foto").filter(**kunci).first()
    baru = False
    if unggahan is None:
        stored = CHasilFoto.objects.filter(
            c_hasil__tps=tps,
            c_hasil__kontestasi=lembar.kontestasi,
            halaman=halaman,
            dari=dari,
            sha256=digest,
        ).first()
        if stored is not None:
            return HasilUnggahan(
                unggahan=None,
                halaman=halaman,
                dari=dari,
                ukuran=stored.ukuran,
                sha256=digest,
                offset=stored.ukuran,
                foto=stored,
                ulangan=True,
            )
        now = timezone.now()
        try:
            with transaction.atomic():
                unggahan = CHasilFotoUnggahan.objects.create(
                    **kunci, ukuran=ukuran, dibuat_oleh=actor, dibuat_pada=now, diperbarui_pada=now
                )
        except IntegrityError:
            # Two requests of one phone racing: the other one opened it.
            unggahan = CHasilFotoUnggahan.objects.select_related("foto").get(**kunci)
        else:
            baru = True
            audit_record(
                actor=actor,
                action="c_hasil.foto_unggahan",
                target=unggahan,
                wilayah_kode=_wilayah(tps),
                after={
                    "tps": tps.kode,
                    "kontestasi": jenis,
                    "halaman": halaman,
                    "dari": dari,
                    "ukuran": ukuran,
                    "sha256": digest,
                },
            )
    if unggahan.ukuran != ukuran:
        raise _refuse(
            gettext(
                "Unggahan foto dengan SHA-256 ini sudah dimulai dengan ukuran %(ukuran)s bait; "
                "ukuran tidak boleh berbeda."
            )
            % {"ukuran": unggahan.ukuran},
            "ukuran",
        )
    return _hasil(unggahan, ulangan=unggahan.foto_id is not None, baru=baru)


def foto_unggahan_get(*, tps: TPS, jenis: str, unggahan_id: str) -> CHasilFotoUnggahan:
    """Return the upload ``unggahan_id`` of this TPS and contest.

    Raises NotAccessible for a malformed id, an unknown one, or one of another TPS or contest:
    the three look the same. Resolve ``tps`` through its access selector first.
    """
    lembar = lembar_for_tps(tps=tps, jenis=jenis)
    message = gettext("Unggahan foto ini tidak ada untuk TPS ini; mulai unggahan lagi.")
    try:
        pk = UUID(unggahan_id)
    except ValueError as exc:
        raise NotAccessible(message) from exc
    unggahan = CHasilFotoUnggahan.objects.filter(
        pk=pk, tps=tps, kontestasi=lembar.kontestasi
    ).first()
    if unggahan is None:
        raise NotAccessible(message)
    return unggahan


def c_hasil_foto_unggahan_append(
    *, unggahan: CHasilFotoUnggahan, offset: int, data: bytes, actor: User
) -> HasilUnggahan:
    """Add the part ``data`` at ``offset`` to the upload; on the last byte, store the photo.

    The upload row is locked, so two copies of one part racing add it once. A part for a
    complete upload returns the stored photo (``ulangan``): a retry after a lost answer.
    Raises OffsetSalah (with the offset held) for a part that does not start at the bytes
    held, InvalidInput for an empty part or one running past the declared size, or for a
    complete photo that ``c_hasil_foto_store`` refuses (not an image: the last part is not
    kept). Raises Sha256TidakCocok when the bytes do not hash to the declared digest: they are
    discarded (the upload starts again at 0), which is why this runs its own transactions
    rather than being atomic as a whole.
    """
    tps_check_writable(actor=actor, tps=unggahan.tps)
    with transaction.atomic():
        locked = (
            CHasilFotoUnggahan.objects.select_for_update(of=("self",))
            .select_related("tps", "kontestasi", "foto")
            .get(pk=unggahan.pk)
        )
        if locked.foto_id is not None:
            return _hasil(locked, ulangan=True)
        if offset != locked.diterima:
            raise OffsetSalah(
                gettext(
                    "Bagian foto dikirim mulai bait ke-%(dikirim)s, padahal server sudah "
                    "menerima %(offset)s bait: kirim lagi mulai bait ke-%(offset)s."
                )
                % {"dikirim": offset, "offset": locked.diterima},
                offset=locked.diterima,
            )
        if not data:
            raise _refuse(gettext("Bagian foto kosong."), "berkas")
        if offset + len(data) > locked.ukuran:
            raise _refuse(
                gettext("Bagian foto melewati ukuran yang dinyatakan (%(ukuran)s bait).")
                % {"ukuran": locked.ukuran},
                "berkas",
            )
        CHasilFotoUnggahanBagian.objects.create(unggahan=locked, offset=offset, data=data)
        locked.diterima = offset + len(data)
        locked.diperbarui_pada = timezone.now()
        locked.save(update_fields=["diterima", "diperbarui_pada"])
        if locked.diterima < locked.ukuran:
            return _hasil(locked)
        content = b"".join(
            bytes(part)
            for part in locked.bagian_set.order_by("offset").values_list("data", flat=True)
        )
        received = hashlib.sha256(content).hexdigest()
        if received == locked.sha256:
            return _complete(locked, content=content, actor=actor)
        _discard(locked, received=received, actor=actor)
    raise Sha256TidakCocok(
        gettext(
            "Foto yang diterima tidak sama dengan foto di ponsel (SHA-256 berbeda), jadi tidak "
            "disimpan. Bagian yang diterima dibuang; kirim ulang foto ini dari awal."
        ),
        errors=[
            RowError(row=None, field="sha256", message=gettext("SHA-256 tidak cocok")),
        ],
    )


def _complete(unggahan: CHasilFotoUnggahan, *, content: bytes, actor: User) -> HasilUnggahan:
    """Store the whole photo through the one photo path, then drop the parts."""
    hasil = c_hasil_foto_store(
        lembar=lembar_for_tps(tps=unggahan.tps, jenis=unggahan.kontestasi.jenis),
        halaman=unggahan.halaman,
        dari=unggahan.dari,
        berkas=SimpleUploadedFile(f"hal{unggahan.halaman}.jpg", content),
        actor=actor,
    )
    unggahan.foto = hasil.foto
    unggahan.selesai_pada = timezone.now()
    unggahan.save(update_fields=["foto", "selesai_pada"])
    unggahan.bagian_set.all().delete()
    _forget_abandoned(unggahan, actor=actor)
    return _hasil(unggahan, ulangan=hasil.ulangan)


def _forget_abandoned(unggahan: CHasilFotoUnggahan, *, actor: User) -> None:
    """Delete this TPS's unfinished uploads untouched for TERBENGKALAI, with their parts."""
    abandoned = CHasilFotoUnggahan.objects.filter(
        tps=unggahan.tps,
        foto__isnull=True,
        diperbarui_pada__lt=timezone.now() - TERBENGKALAI,
    ).select_related("kontestasi")
    for old in abandoned:
        audit_record(
            actor=actor,
            action="c_hasil.foto_unggahan_hapus",
            target=old,
            wilayah_kode=_wilayah(unggahan.tps),
            before={
                "kontestasi": old.kontestasi.jenis,
                "halaman": old.halaman,
                "sha256": old.sha256,
                "diterima": old.diterima,
                "diperbarui_pada": old.diperbarui_pada,
            },
        )
        old.delete()


def _discard(unggahan: CHasilFotoUnggahan, *, received: str, actor: User) -> None:
    """Drop the bytes of an upload whose digest did not match, and record it."""
    unggahan.bagian_set.all().delete()
    unggahan.diterima = 0
    unggahan.diperbarui_pada = timezone.now()
    unggahan.save(update_fields=["diterima", "diperbarui_pada"])
    audit_record(
        actor=actor,
        action="c_hasil.foto_unggahan_tolak",
        target=unggahan,
        wilayah_kode=_wilayah(unggahan.tps),
        after={
            "tps": unggahan.tps.kode,
            "kontestasi": unggahan.kontestasi.jenis,
            "halaman": unggahan.halaman,
            "sha256": unggahan.sha256,
            "sha256_diterima": received,
            "ukuran": unggahan.ukuran,
        },
    )
