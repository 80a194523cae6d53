"""Writes of TPS logistics: the sealed ballot box of a contest as the KPPS received it.

The record says what arrived, not what should have: a count different from the allocation
and a broken seal are stored as written and flagged for the PPS and PPK (the paper record
rule). Recording again replaces the values; the audit log keeps what they were before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from selenggara.accounts.access import tps_check_writable
from selenggara.core.audit import audit_record
from selenggara.core.errors import InvalidInput, RowError
from selenggara.pemilihan.models import TPS, Kontestasi
from selenggara.tungsura.logistik.selectors import KotakBaris, logistik_get_for_tps
from selenggara.tungsura.models import KotakSuara

if TYPE_CHECKING:
    from selenggara.accounts.models import User

NOMOR_SEGEL_MAX = 64
CATATAN_MAX = 2000
# A box is received the day before polling at the earliest in practice; a time far in the
# future is a typing error (a wrong year), not a record.
_TOLERANSI_MASA_DEPAN = dt.timedelta(minutes=10)


@dataclass(frozen=True, slots=True, kw_only=True)
class KotakCatat:
    kotak: KotakSuara
    baris: KotakBaris  # the allocation and the flags of the stored record
    ubah: bool  # True when an earlier record was replaced


def _kotak_errors(
    *,
    baris: KotakBaris | None,
    nomor_segel: str,
    kondisi_segel: str,
    surat_suara_diterima: int,
    diterima_pada: dt.datetime,
    catatan: str,
) -> list[RowError]:
    errors = []

    def add(field: str, message: str) -> None:
        errors.append(RowError(row=None, field=field, message=message))

    if baris is None:
        add(
            "kontestasi",
            gettext("Kontestasi: TPS ini tidak memberikan suara untuk kontestasi itu."),
        )
    if not nomor_segel:
        add("nomor_segel", gettext("Nomor segel wajib diisi."))
    elif len(nomor_segel) > NOMOR_SEGEL_MAX:
        add(
            "nomor_segel",
            gettext("Nomor segel paling panjang %(n)s karakter.") % {"n": NOMOR_SEGEL_MAX},
        )
    if kondisi_segel not in KotakSuara.Kondisi.values:
        add("kondisi_segel", gettext("Kondisi segel harus utuh atau rusak."))
    if surat_suara_diterima < 0:
        add("surat_suara_diterima", gettext("Jumlah surat suara diterima tidak boleh negatif."))
    if timezone.is_naive(diterima_pada):
        add("diterima_pada", gettext("Waktu diterima harus menyebut zona waktu."))
    elif diterima_pada > timezone.now() + _TOLERANSI_MASA_DEPAN:
        add("diterima_pada", gettext("Waktu diterima tidak boleh di masa depan."))
    if len(catatan) > CATATAN_MAX:
        add("catatan", gettext("Catatan paling panjang %(n)s karakter.") % {"n": CATATAN_MAX})
    return errors


def _snapshot(kotak: KotakSuara) -> dict[str, object]:
    return {
        "nomor_segel": kotak.nomor_segel,
        "kondisi_segel": kotak.kondisi_segel,
        "surat_suara_diterima": kotak.surat_suara_diterima,
        "diterima_pada": kotak.diterima_pada,
        "catatan": kotak.catatan,
    }


@transaction.atomic
def kotak_suara_record(
    *,
    tps: TPS,
    jenis: str,
    nomor_segel: str,
    kondisi_segel: str,
    surat_suara_diterima: int,
    diterima_pada: dt.datetime,
    catatan: str = "",
    actor: User,
) -> KotakCatat:
    """Record the sealed box of contest ``jenis`` at ``tps`` as received, or record it again.

    A count different from the allocation (DPT + reserve) and a broken seal are accepted and
    flagged (``KotakCatat.baris.ditandai``). Raises PermissionDenied for a read-only role and
    InvalidInput naming each field (``kontestasi``, ``nomor_segel``, ...) that cannot be stored.
    """
    tps_check_writable(actor=actor, tps=tps)
    nomor_segel, catatan = nomor_segel.strip(), catatan.strip()
    baris = logistik_get_for_tps(tps=tps).kotak_for(jenis)
    errors = _kotak_errors(
        baris=baris,
        nomor_segel=nomor_segel,
        kondisi_segel=kondisi_segel,
        surat_suara_diterima=surat_suara_diterima,
        diterima_pada=diterima_pada,
        catatan=catatan,
    )
    if errors or baris is None:
        raise InvalidInput(
            gettext("Catatan kotak suara tidak dapat disimpan; tidak ada yang diubah."),
            errors=errors,
        )
    kontestasi = Kontestasi.objects.get(pemilihan_id=tps.pemilihan_id, jenis=jenis)
    values = {
        "nomor_segel": nomor_segel,
        "kondisi_segel": kondisi_segel,
        "surat_suara_diterima": surat_suara_diterima,
        "diterima_pada": diterima_pada,
        "catatan": catatan,
    }
    kotak = KotakSuara.objects.select_for_update().filter(tps=tps, kontestasi=kontestasi).first()
    before = _snapshot(kotak) if kotak is not None else None
    if kotak is None:
        kotak = KotakSuara.objects.create(
            tps=tps, kontestasi=kontestasi, dicatat_oleh=actor, **values
        )
    else:
        for name, value in values.items():
            setattr(kotak, name, value)
        kotak.dicatat_oleh = actor
        kotak.save(update_fields=[*values, "dicatat_oleh"])
    stored = KotakBaris(jenis=baris.jenis, surat_suara=baris.surat_suara, kotak=kotak)
    audit_record(
        actor=actor,
        action="kotak_suara.ubah" if before else "kotak_suara.catat",
        target=kotak,
        wilayah_kode=tps.desa.kode,
        before=before,
        after={
            "tps": tps.kode,
            "kontestasi": jenis,
            **_snapshot(kotak),
            "alokasi": baris.surat_suara,
            "selisih": stored.selisih,
            "segel_rusak": stored.segel_rusak,
        },
    )
    return KotakCatat(kotak=kotak, baris=stored, ubah=before is not None)
