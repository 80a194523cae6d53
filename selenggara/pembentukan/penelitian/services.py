"""Writes for the screening of KPPS applicants: the automatic checks, the officer's verdicts
(MS/TMS) and the public responses to the announcement.

Every write is audited (``audit_record``) in its transaction, scoped to the applicant's desa.
Audit rows carry the masked NIK at most (docs/adr/0009). Access checks happen before these are
called (``pembentukan.access``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.accounts.models import User
from selenggara.core.audit import audit_record
from selenggara.core.errors import InvalidInput, RowError
from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.syarat import (
    SYARAT_BY_CODE,
    DataPendaftar,
    JenisDokumen,
    KonteksPenelitian,
    Pendidikan,
    Syarat,
    penelitian_otomatis,
)
from selenggara.pembentukan.domain.syarat import HasilPenelitian as HasilOtomatis
from selenggara.pembentukan.domain.tahapan import (
    JenisBadan,
    Tahapan,
)
from selenggara.pembentukan.models import DaftarAnggotaPartai as _Partai
from selenggara.pembentukan.models import (
    HasilPenelitian,
    Pendaftar,
    PenilaianSyarat,
    TanggapanMasyarakat,
)
from selenggara.pembentukan.personal import (
    nik_decrypt,
)
from selenggara.pembentukan.selectors import tahapan_require, today
from selenggara.pemilihan.models import Pemilihan
from selenggara.wilayah.domain.kode import KodeWilayah, Tingkat
from selenggara.wilayah.models import Wilayah

Actor = User | None


def _refuse(message: str, field_name: str | None = None, row: int | None = None) -> InvalidInput:
    return InvalidInput(message, errors=[RowError(row=row, field=field_name, message=message)])


def temuan_json(hasil: HasilOtomatis) -> list[dict[str, Any]]:
    return [{**t.as_dict(), "syarat": SYARAT_BY_CODE[t.kode].value} for t in hasil.temuan]


@dataclass(frozen=True, slots=True, kw_only=True)
class Lookups:
    """What the checks of many applicants share: one query each, not one per applicant."""

    lain_by_digest: dict[str, list[tuple[int, str]]]
    partai_by_digest: dict[str, str]
    kecamatan: frozenset[str]

    def konteks(self, pendaftar: Pendaftar, on: date) -> KonteksPenelitian:
        lain = [
            label
            for pk, label in self.lain_by_digest.get(pendaftar.nik_digest, [])
            if pk != pendaftar.pk
        ]
        return KonteksPenelitian(
            desa=KodeWilayah(pendaftar.desa.kode),
            hari_pemungutan=pendaftar.pemilihan.hari_pemungutan,
            tanggal_penelitian=on,
            pendaftaran_lain=tuple(lain),
            partai=self.partai_by_digest.get(pendaftar.nik_digest),
            kecamatan_exists=self.kecamatan.__contains__,
        )


def pendaftaran_label(*, badan: str, nomor: str, tps_kode: str | None) -> str:
    """How another registration of the same NIK is named to the officer."""
    where = f"TPS {tps_kode}" if tps_kode else f"desa {nomor.split('-')[1]}"
    return f"{JenisBadan(badan).name} {where} ({nomor})"


def lookups_get(pemilihan: Pemilihan, digests: Sequence[str]) -> Lookups:
    lain: dict[str, list[tuple[int, str]]] = defaultdict(list)
    same_nik = (
        Pendaftar.objects.filter(pemilihan=pemilihan, nik_digest__in=set(digests))
        .values_list("pk", "nik_digest", "badan", "nomor_pendaftaran", "tps_preferensi__kode")
        .order_by("pk")
    )
    for pk, digest, badan, nomor, tps_kode in same_nik:
        lain[digest].append((pk, pendaftaran_label(badan=badan, nomor=nomor, tps_kode=tps_kode)))
    partai = dict(
        _Partai.objects.filter(pemilihan=pemilihan, nik_digest__in=set(digests))
        .order_by("-partai")
        .values_list("nik_digest", "partai")
    )
    kecamatan = frozenset(
        KodeWilayah(k).digits
        for k in Wilayah.objects.filter(
            versi_id=pemilihan.versi_wilayah_id, tingkat=Tingkat.KECAMATAN
        ).values_list("kode", flat=True)
    )
    return Lookups(lain_by_digest=dict(lain), partai_by_digest=partai, kecamatan=kecamatan)


def data_pendaftar(pendaftar: Pendaftar, dokumen: frozenset[JenisDokumen]) -> DataPendaftar:
    return DataPendaftar(
        nik=nik_decrypt(pendaftar.nik_encrypted),
        tanggal_lahir=pendaftar.tanggal_lahir,
        jenis_kelamin=JenisKelamin(pendaftar.jenis_kelamin),
        domisili_desa=KodeWilayah(pendaftar.domisili_desa_kode),
        pendidikan=Pendidikan(pendaftar.pendidikan),
        dokumen=dokumen,
        menyatakan_tidak_terikat_perkawinan=pendaftar.pernyataan_tidak_terikat_perkawinan,
    )


def _hasil_build(
    pendaftar: Pendaftar, hasil: HasilOtomatis, *, actor: Actor, now: Any
) -> HasilPenelitian:
    return HasilPenelitian(
        pendaftar=pendaftar,
        temuan=temuan_json(hasil),
        memenuhi_syarat=hasil.memenuhi_syarat,
        jumlah_error=len(hasil.errors),
        jumlah_warning=len(hasil.warnings),
        run_at=now,
        run_by=actor,
    )


@transaction.atomic
def penelitian_run(
    *, pendaftar: Pendaftar, actor: Actor, on: date | None = None
) -> HasilPenelitian:
    """Run the automatic checks on one applicant and store the findings as a new run.

    Duplicates are searched by NIK digest across every desa, TPS and body of the election, and
    the party list by digest. A registered applicant becomes ``diteliti``; the findings never
    set MS/TMS (the officer does, ``penilaian_record``).
    """
    on = on or today()
    dokumen = frozenset(
        JenisDokumen(j) for j in pendaftar.dokumen_set.values_list("jenis", flat=True)
    )
    lookups = lookups_get(pendaftar.pemilihan, [pendaftar.nik_digest])
    hasil = penelitian_otomatis(data_pendaftar(pendaftar, dokumen), lookups.konteks(pendaftar, on))
    now = timezone.now()
    row = _hasil_build(pendaftar, hasil, actor=actor, now=now)
    row.save()
    before = pendaftar.status
    if pendaftar.status == Pendaftar.Status.TERDAFTAR:
        pendaftar.status = Pendaftar.Status.DITELITI
        pendaftar.status_at = now
    pendaftar.diteliti_at = now
    pendaftar.save(update_fields=["status", "status_at", "diteliti_at"])
    audit_record(
        actor=actor,
        action="pendaftar.penelitian",
        target=pendaftar,
        wilayah_kode=pendaftar.desa.kode,
        before={"status": before},
        after={
            "status": pendaftar.status,
            "memenuhi_syarat_otomatis": hasil.memenuhi_syarat,
            "temuan": [t.kode for t in hasil.temuan],
        },
    )
    return row


def status_from_penilaian(hasil_by_syarat: Mapping[str, str]) -> str:
    """Return the applicant's status from the verdicts: MS only when every requirement is MS."""
    if any(h == PenilaianSyarat.Hasil.TMS for h in hasil_by_syarat.values()):
        if len(hasil_by_syarat) == len(Syarat):
            return Pendaftar.Status.TIDAK_MEMENUHI_SYARAT
        return Pendaftar.Status.DITELITI
    if len(hasil_by_syarat) == len(Syarat):
        return Pendaftar.Status.MEMENUHI_SYARAT
    return Pendaftar.Status.DITELITI


@transaction.atomic
def penilaian_record(
    *,
    pendaftar: Pendaftar,
    penilaian: Mapping[Syarat, tuple[str, str]],
    actor: User,
    on: date | None = None,
) -> Pendaftar:
    """Record the officer's verdicts, ``{syarat: (hasil "ms"/"tms", catatan)}``, and the status.

    The status becomes MS once every requirement is MS, TMS once every requirement has a
    verdict and one is TMS; otherwise ``diteliti``. The automatic findings are not consulted:
    they are shown beside the form, never overriding it. Raises TahapanClosed outside the
    research window and InvalidInput for an unknown verdict or a TMS without a note.
    """
    tahapan_require(pemilihan=pendaftar.pemilihan, tahapan=Tahapan.PENELITIAN_ADMINISTRASI, on=on)
    errors = []
    for syarat, (hasil, catatan) in penilaian.items():
        if hasil not in PenilaianSyarat.Hasil.values:
            errors.append(
                RowError(
                    row=None,
                    field=syarat.value,
                    message=_("%(syarat)s: pilih MS atau TMS.") % {"syarat": syarat.label},
                )
            )
        elif hasil == PenilaianSyarat.Hasil.TMS and not catatan.strip():
            errors.append(
                RowError(
                    row=None,
                    field=syarat.value,
                    message=_("%(syarat)s: TMS wajib disertai catatan.") % {"syarat": syarat.label},
                )
            )
    if errors:
        raise InvalidInput(errors[0].message, errors=errors)
    existing = {
        p.syarat: p for p in PenilaianSyarat.objects.select_for_update().filter(pendaftar=pendaftar)
    }
    now = timezone.now()
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for syarat, (hasil, catatan) in penilaian.items():
        row = existing.get(syarat.value)
        if row is not None and (row.hasil, row.catatan) == (hasil, catatan.strip()):
            continue
        before[syarat.value] = row.hasil if row is not None else ""
        after[syarat.value] = hasil
        if row is None:
            row = PenilaianSyarat(pendaftar=pendaftar, syarat=syarat.value)
            existing[syarat.value] = row
        row.hasil, row.catatan, row.petugas, row.dinilai_at = hasil, catatan.strip(), actor, now
        row.save()
    status = status_from_penilaian({k: v.hasil for k, v in existing.items()})
    if status != pendaftar.status:
        before["status"], after["status"] = pendaftar.status, status
        pendaftar.status, pendaftar.status_at = status, now
        pendaftar.save(update_fields=["status", "status_at"])
    if after:
        audit_record(
            actor=actor,
            action="pendaftar.penilaian",
            target=pendaftar,
            wilayah_kode=pendaftar.desa.kode,
            before=before,
            after=after,
        )
    return pendaftar


@transaction.atomic
def tanggapan_submit(
    *,
    pendaftar: Pendaftar,
    isi: str,
    pengirim_nama: str,
    pengirim_kontak: str,
    on: date | None = None,
) -> TanggapanMasyarakat:
    """Store a public response about an announced applicant, within the response window."""
    tahapan_require(pemilihan=pendaftar.pemilihan, tahapan=Tahapan.TANGGAPAN_MASYARAKAT, on=on)
    fields = {"isi": isi, "pengirim_nama": pengirim_nama, "pengirim_kontak": pengirim_kontak}
    errors = [
        RowError(row=None, field=name, message=_("Kolom ini wajib diisi."))
        for name, value in fields.items()
        if not value.strip()
    ]
    if errors:
        raise InvalidInput(errors[0].message, errors=errors)
    tanggapan = TanggapanMasyarakat.objects.create(
        pendaftar=pendaftar, **{k: v.strip() for k, v in fields.items()}
    )
    audit_record(
        actor=None,
        action="tanggapan.submit",
        target=tanggapan,
        wilayah_kode=pendaftar.desa.kode,
        after={"pendaftar": pendaftar.nomor_pendaftaran},
    )
    return tanggapan


@transaction.atomic
def tanggapan_resolve(
    *, tanggapan: TanggapanMasyarakat, klarifikasi: str, hasil: str, actor: User
) -> TanggapanMasyarakat:
    """Record the PPS's clarification of a response and its outcome (terbukti / tidak)."""
    if hasil not in TanggapanMasyarakat.Hasil.values:
        raise _refuse(_("Pilih hasil klarifikasi: terbukti atau tidak terbukti."), "hasil")
    if not klarifikasi.strip():
        raise _refuse(_("Klarifikasi wajib diisi."), "klarifikasi")
    before = {"hasil": tanggapan.hasil}
    tanggapan.klarifikasi, tanggapan.hasil = klarifikasi.strip(), hasil
    tanggapan.handled_by, tanggapan.handled_at = actor, timezone.now()
    tanggapan.save(update_fields=["klarifikasi", "hasil", "handled_by", "handled_at"])
    audit_record(
        actor=actor,
        action="tanggapan.resolve",
        target=tanggapan,
        wilayah_kode=tanggapan.pendaftar.desa.kode,
        before=before,
        after={"hasil": hasil, "pendaftar": tanggapan.pendaftar.nomor_pendaftaran},
    )
    return tanggapan
