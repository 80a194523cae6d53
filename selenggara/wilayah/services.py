"""Writes to the region tree: importing a Kepmendagri region list as a new version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from selenggara.core.audit import audit_record
from selenggara.core.bulk import Progress, rows_insert
from selenggara.core.errors import InvalidInput, RowError
from selenggara.core.tabular import ROW_COLUMN, table_read
from selenggara.wilayah.domain.impor import WilayahCheck, wilayah_rows_check
from selenggara.wilayah.models import VersiWilayah, Wilayah

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_FILE = DATA_DIR / "kemendagri-2025.csv.gz"
DEFAULT_VERSI_KODE = "kemendagri-2025"
DEFAULT_KEPUTUSAN = "Kepmendagri Nomor 300.2.2-2138 Tahun 2025"


@dataclass(frozen=True, slots=True, kw_only=True)
class WilayahImportResult:
    """The imported version, its counts per level, and whether anything was written."""

    versi: VersiWilayah
    counts: dict[str, int]
    created: bool


def _file_check(path: Path | str, progress: Progress | None) -> WilayahCheck:
    table = table_read(path=path, required=("kode", "nama"))
    frame = table.frame
    if progress is not None:
        progress("periksa", 0, frame.height)
    check = wilayah_rows_check(
        zip(
            frame[ROW_COLUMN].to_list(),
            frame["kode"].to_list(),
            frame["nama"].to_list(),
            strict=True,
        )
    )
    if check.errors:
        raise InvalidInput(
            _("Daftar wilayah %(name)s berisi %(n)d kesalahan; tidak ada yang disimpan.")
            % {"name": table.source, "n": len(check.errors)},
            errors=check.errors,
        )
    if progress is not None:
        progress("periksa", frame.height, frame.height)
    return check


def _same_content(versi: VersiWilayah, check: WilayahCheck) -> bool:
    stored = set(Wilayah.objects.filter(versi=versi).values_list("kode", "nama"))
    return stored == {(r.kode.value, r.nama) for r in check.rows}


def _activate(versi: VersiWilayah) -> None:
    VersiWilayah.objects.filter(is_active=True).exclude(pk=versi.pk).update(is_active=False)
    if not versi.is_active:
        versi.is_active = True
        versi.save(update_fields=["is_active"])


def _existing(versi: VersiWilayah, check: WilayahCheck, *, activate: bool) -> WilayahImportResult:
    if not _same_content(versi, check):
        message = _(
            "Versi wilayah %(kode)s sudah diimpor dengan isi yang berbeda; "
            "gunakan kode versi baru untuk daftar ini."
        ) % {"kode": versi.kode}
        raise InvalidInput(message, errors=[RowError(row=None, field="versi", message=message)])
    if activate:
        _activate(versi)
    return WilayahImportResult(versi=versi, counts=check.counts(), created=False)


@transaction.atomic
def wilayah_import(
    *,
    path: Path | str,
    versi_kode: str,
    keputusan: str,
    berlaku_mulai: date | None = None,
    activate: bool = True,
    actor: AbstractBaseUser | AnonymousUser | None,
    progress: Progress | None = None,
) -> WilayahImportResult:
    """Import a region list (CSV or XLSX with columns ``kode,nama``) as version ``versi_kode``.

    The list is the legal one of a Kepmendagri decree (``keputusan``), e.g. Kepmendagri
    300.2.2-2138/2025. All rows are checked first and every bad row is reported (InvalidInput
    with one RowError each); nothing is written unless the whole file is valid. Importing the
    same list again under the same version is a no-op (``created=False``); a different list under
    an existing version is refused. One audit row records the counts.
    """
    check = _file_check(path, progress)
    existing = VersiWilayah.objects.select_for_update().filter(kode=versi_kode).first()
    if existing is not None:
        return _existing(existing, check, activate=activate)
    versi = VersiWilayah.objects.create(
        kode=versi_kode, keputusan=keputusan, berlaku_mulai=berlaku_mulai, is_active=False
    )
    table = Wilayah._meta.db_table
    rows = ((versi.pk, r.kode.value, r.nama, int(r.kode.tingkat), r.induk_kode) for r in check.rows)
    rows_insert(
        table=table,
        columns=("versi_id", "kode", "nama", "tingkat", "induk_kode"),
        rows=rows,
        total=len(check.rows),
        phase="simpan",
        progress=progress,
    )
    if activate:
        _activate(versi)
    counts = check.counts()
    audit_record(
        actor=actor,
        action="wilayah.import",
        target=("wilayah.versiwilayah", str(versi.pk)),
        after={**counts, "versi": versi_kode, "keputusan": keputusan, "aktif": activate},
        reason=f"Impor daftar wilayah {keputusan} dari {Path(path).name}",
    )
    return WilayahImportResult(versi=versi, counts=counts, created=True)
