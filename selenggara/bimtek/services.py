"""Writes of bimtek: plans, venues and questions imported, planning, manual moves, check-in,
test scores, the simulation checklist and make-up sessions. Every change is audited."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.bimtek import messages
from selenggara.bimtek.domain import aturan
from selenggara.bimtek.domain.jadwal import (
    KPPS_PER_TPS,
    Instance,
    Sesi,
    Waktu,
    move_check,
    pelatih_perlu,
)
from selenggara.bimtek.instance import (
    PlanWindow,
    instance_build,
    jadwal_current,
    kecamatan_kode_list,
    window_of,
)
from selenggara.bimtek.models import (
    JadwalTPS,
    JarakBimtek,
    KehadiranBimtek,
    ModulBimtek,
    NilaiTes,
    PelatihBimtek,
    PesertaSusulan,
    RencanaBimtek,
    RencanaKecamatan,
    SesiBimtek,
    SoalTes,
    TempatBimtek,
)
from selenggara.bimtek.optimizer import FEASIBLE, OPTIMAL, HasilOptimasi, schedule_optimize
from selenggara.core.audit import audit_record
from selenggara.core.errors import DomainError, InvalidInput, RowError
from selenggara.core.tabular import ROW_COLUMN, Table, table_read
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.wilayah.models import Wilayah

if TYPE_CHECKING:
    from selenggara.accounts.models import User as AbstractBaseUser

# The curriculum (domain.md section 5; KPU's Buku Panduan KPPS): module, minutes.
KURIKULUM: Sequence[tuple[str, str, int]] = (
    ("tugas", "Tugas, wewenang, dan kewajiban KPPS", 30),
    ("denah", "Persiapan dan denah TPS", 30),
    ("disabilitas", "Melayani pemilih, termasuk pemilih penyandang disabilitas", 30),
    ("pemungutan", "Pemungutan dan penghitungan suara", 60),
    ("c_hasil", "Mengisi formulir C.Hasil", 45),
    ("foto", "Memotret dan mengirim C.Hasil", 30),
    ("simulasi", "Simulasi pemungutan dan penghitungan suara", 90),
)
# The run-through of the simulation, from logistics to handing results to the PPS.
CHECKLIST_SIMULASI: Sequence[tuple[str, str]] = (
    ("logistik", "Menerima logistik dan memeriksa kotak suara"),
    ("denah", "Menata TPS sesuai denah"),
    ("identitas", "Memeriksa identitas dan daftar hadir pemilih"),
    ("surat_suara", "Membagikan surat suara"),
    ("bilik", "Pemberian suara di bilik"),
    ("penghitungan", "Penghitungan suara"),
    ("c_hasil", "Mengisi C.Hasil"),
    ("foto", "Memotret dan mengirim C.Hasil"),
    ("serah_pps", "Menyerahkan hasil ke PPS"),
)


class PlanRefused(DomainError):
    code = "bimtek_plan_refused"
    http_status = 409


class MoveRefused(DomainError):
    code = "bimtek_move_refused"
    http_status = 422


@transaction.atomic
def rencana_create(
    *,
    pemilihan: Pemilihan,
    kabkota: Wilayah,
    tanggal_mulai: dt.date,
    tanggal_selesai: dt.date,
    actor: AbstractBaseUser,
    slot_per_hari: int = 1,
    rasio_pelatih: int = 40,
    hari_dikecualikan: Sequence[dt.date] = (),
) -> RencanaBimtek:
    """Create the plan of ``kabkota`` with one kecamatan plan per kecamatan and the
    standard curriculum."""
    if tanggal_selesai < tanggal_mulai:
        raise InvalidInput(_("Tanggal selesai harus sama atau sesudah tanggal mulai."))
    rencana = RencanaBimtek(
        pemilihan=pemilihan,
        kabkota_kode=kabkota.kode,
        nama=_("Bimtek KPPS %(nama)s") % {"nama": kabkota.nama},
        tanggal_mulai=tanggal_mulai,
        tanggal_selesai=tanggal_selesai,
        hari_dikecualikan=[d.isoformat() for d in hari_dikecualikan],
        slot_per_hari=slot_per_hari,
        rasio_pelatih=rasio_pelatih,
        created_by=actor,
    )
    rencana.full_clean()
    rencana.save()
    kecamatan_list = Wilayah.objects.filter(
        versi_id=pemilihan.versi_wilayah_id, induk_kode=kabkota.kode
    ).order_by("kode")
    RencanaKecamatan.objects.bulk_create(
        RencanaKecamatan(rencana=rencana, kecamatan_kode=k.kode) for k in kecamatan_list
    )
    ModulBimtek.objects.bulk_create(
        ModulBimtek(rencana=rencana, urutan=i, kode=kode, nama=nama, durasi_menit=menit)
        for i, (kode, nama, menit) in enumerate(KURIKULUM, start=1)
    )
    audit_record(
        actor=actor,
        action="bimtek.rencana_create",
        target=rencana,
        wilayah_kode=kabkota.kode,
        after={"mulai": tanggal_mulai, "selesai": tanggal_selesai, "slot": slot_per_hari},
    )
    return rencana


def rencana_aturan_update(
    *,
    rencana: RencanaBimtek,
    actor: AbstractBaseUser,
    alasan: str = "",
    hari_dikecualikan: Sequence[dt.date] | None = None,
    hari_transportasi: Sequence[dt.date] | None = None,
    desa_jauh: Sequence[str] | None = None,
    boleh_tetangga: bool | None = None,
    tetangga: Mapping[str, Sequence[str]] | None = None,
    slot_per_hari: int | None = None,
    jam_slot: Sequence[tuple[str, str]] | None = None,
    rasio_pelatih: int | None = None,
) -> RencanaBimtek:
    """Change the plan's rules (None leaves a rule as it is): days without training, days
    with transport for the far desa, the far desa, whether a team may train in a neighbour
    kecamatan and which kecamatan neighbour which (kept symmetric), sessions per day and their
    hours, trainees per trainer. Every problem is reported by field (``domain.aturan``);
    nothing changes unless there is none. The next planning uses the new rules.

    Raises InvalidInput with one RowError per problem.
    """
    mulai, selesai = rencana.tanggal_mulai, rencana.tanggal_selesai
    changes: dict[str, object] = {}
    masalah: list[aturan.Masalah] = []
    for field, dates in (
        ("hari_dikecualikan", hari_dikecualikan),
        ("hari_transportasi", hari_transportasi),
    ):
        if dates is not None:
            changes[field], found = aturan.tanggal_check(dates, mulai, selesai, field)
            masalah += found
    kecamatan = set(rencana.kecamatan_set.values_list("kecamatan_kode", flat=True))
    if desa_jauh is not None:
        known = Wilayah.objects.filter(
            versi_id=rencana.pemilihan.versi_wilayah_id, induk_kode__in=kecamatan, tingkat=4
        ).values_list("kode", flat=True)
        changes["desa_jauh"], found = aturan.desa_check(desa_jauh, set(known))
        masalah += found
    if boleh_tetangga is not None:
        changes["boleh_tetangga"] = boleh_tetangga
    if tetangga is not None:
        changes["tetangga"], found = aturan.tetangga_check(tetangga, kecamatan)
        masalah += found
    masalah += _aturan_sesi(rencana, slot_per_hari, jam_slot, changes)
    if rasio_pelatih is not None:
        changes["rasio_pelatih"] = rasio_pelatih
        masalah += aturan.rasio_check(rasio_pelatih)
    if masalah:
        raise InvalidInput(
            _("Aturan rencana berisi %(n)s kesalahan; tidak ada yang diubah.")
            % {"n": len(masalah)},
            errors=[
                RowError(
                    row=None,
                    field=m.field,
                    message=messages.aturan_masalah(m, mulai=mulai, selesai=selesai),
                )
                for m in masalah
            ],
        )
    return _aturan_save(rencana, changes, actor=actor, alasan=alasan)


def _aturan_sesi(
    rencana: RencanaBimtek,
    slot_per_hari: int | None,
    jam_slot: Sequence[tuple[str, str]] | None,
    changes: dict[str, object],
) -> list[aturan.Masalah]:
    """Check sessions per day and their hours together (each session needs its hours)."""
    masalah: list[aturan.Masalah] = []
    jam = rencana.jam_slot
    if jam_slot is not None:
        jam, masalah = aturan.jam_check(jam_slot)
        changes["jam_slot"] = jam
    if slot_per_hari is not None:
        changes["slot_per_hari"] = slot_per_hari
    if slot_per_hari is not None or jam_slot is not None:
        slots = rencana.slot_per_hari if slot_per_hari is None else slot_per_hari
        masalah += aturan.slot_check(slots, None if masalah else jam)
    return masalah


@transaction.atomic
def _aturan_save(
    rencana: RencanaBimtek, changes: Mapping[str, object], *, actor: AbstractBaseUser, alasan: str
) -> RencanaBimtek:
    locked = RencanaBimtek.objects.select_for_update().get(pk=rencana.pk)
    before = {k: getattr(locked, k) for k in changes}
    for k, v in changes.items():
        setattr(locked, k, v)
    locked.full_clean()
    locked.save(update_fields=list(changes))
    audit_record(
        actor=actor,
        action="bimtek.rencana_aturan_update",
        target=locked,
        wilayah_kode=locked.kabkota_kode,
        before=before,
        after=dict(changes),
        reason=alasan,
    )
    return locked


def _parse_dates(raw: str | None, window: PlanWindow) -> list[str] | None:
    """``2024-01-26;2024-01-27`` (or empty = every day): None when a date is not in the window."""
    if not raw or not raw.strip():
        return []
    found = []
    for part in raw.replace(",", ";").split(";"):
        try:
            day = dt.date.fromisoformat(part.strip())
        except ValueError:
            return None
        if day not in window.tanggal_list:
            return None
        found.append(day.isoformat())
    return sorted(set(found))


def _parse_slots(raw: str | None, slot_per_hari: int) -> list[int] | None:
    if not raw or not raw.strip():
        return []
    try:
        slots = sorted({int(p) - 1 for p in raw.replace(",", ";").split(";")})
    except ValueError:
        return None
    return slots if all(0 <= s < slot_per_hari for s in slots) else None


def _availability(
    row: dict[str, str | None],
    baris: int,
    rencana: RencanaBimtek,
    window: PlanWindow,
    errors: list[RowError],
) -> tuple[list[str] | None, list[int] | None]:
    """A row's ``tanggal`` and ``sesi`` cells (a venue's or a trainer's availability); each
    bad cell adds its error."""
    tanggal = _parse_dates(row["tanggal"], window)
    if tanggal is None:
        errors.append(
            RowError(
                row=baris,
                field="tanggal",
                message=_(
                    "Tanggal %(nilai)r tidak sah: tulis YYYY-MM-DD dipisah titik koma, di dalam "
                    "jendela %(mulai)s s.d. %(selesai)s."
                )
                % {"nilai": row["tanggal"], "mulai": window.mulai, "selesai": window.selesai},
            )
        )
    slots = _parse_slots(row["sesi"], rencana.slot_per_hari)
    if slots is None:
        errors.append(
            RowError(
                row=baris,
                field="sesi",
                message=_(
                    "Sesi %(nilai)r tidak sah: tulis 1 atau 1;2 (rencana ini %(n)s sesi/hari)."
                )
                % {"nilai": row["sesi"], "n": rencana.slot_per_hari},
            )
        )
    return tanggal, slots


_T = TypeVar("_T")


def _rows_read(
    table: Table,
    parse: Callable[[dict[str, str | None]], tuple[_T | None, list[RowError]]],
    *,
    key: Callable[[_T], Hashable],
    twice: Callable[[_T], tuple[str, str]],
    refused: Callable[[str, int], str],
) -> list[_T]:
    """Every row of an import parsed, or InvalidInput naming each bad row: its own errors
    from ``parse``, and a row whose ``key`` an earlier row had (``twice``: field, message).
    ``refused`` words the whole refusal from the file's name and the number of errors."""
    errors: list[RowError] = []
    found: list[_T] = []
    seen: set[Hashable] = set()
    for row in table.frame.iter_rows(named=True):
        item, row_errors = parse(row)
        errors += row_errors
        if item is None:
            continue
        if key(item) in seen:
            field, message = twice(item)
            errors.append(RowError(row=int(row[ROW_COLUMN]), field=field, message=message))
        seen.add(key(item))
        found.append(item)
    if errors:
        raise InvalidInput(refused(table.source, len(errors)), errors=errors)
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportSummary:
    jumlah: int


def _tempat_row(
    row: dict[str, str | None], rencana: RencanaBimtek, window: PlanWindow, desa: dict[str, str]
) -> tuple[TempatBimtek | None, list[RowError]]:
    baris = int(row[ROW_COLUMN] or 0)
    errors = []
    desa_kode = (row["desa_kode"] or "").strip()
    kecamatan_kode = desa.get(desa_kode)
    if kecamatan_kode is None:
        errors.append(
            RowError(row=baris, field="desa_kode", message=messages.desa_unknown(desa_kode))
        )
    nama = (row["nama"] or "").strip()
    if not nama:
        errors.append(RowError(row=baris, field="nama", message=_("Nama tempat wajib diisi.")))
    raw_kapasitas = (row["kapasitas"] or "").strip()
    kapasitas = int(raw_kapasitas) if raw_kapasitas.isdigit() else 0
    if kapasitas < 1:
        errors.append(
            RowError(
                row=baris,
                field="kapasitas",
                message=_("Kapasitas harus bilangan bulat positif, bukan %(nilai)r.")
                % {"nilai": raw_kapasitas},
            )
        )
    tanggal, slots = _availability(row, baris, rencana, window, errors)
    if errors or kecamatan_kode is None or tanggal is None or slots is None:
        return None, errors
    tempat = TempatBimtek(
        rencana=rencana,
        kecamatan_kode=kecamatan_kode,
        desa_kode=desa_kode,
        nama=nama,
        alamat=(row["alamat"] or "").strip(),
        kapasitas=kapasitas,
        tanggal_tersedia=tanggal,
        slot_tersedia=slots,
    )
    return tempat, []


@transaction.atomic
def tempat_import(
    *, rencana: RencanaBimtek, path: Path | str, actor: AbstractBaseUser | None
) -> ImportSummary:
    """Add the venues of a CSV/XLSX file (columns desa_kode, nama, kapasitas; optional
    alamat, tanggal, sesi). Every bad row is reported; nothing is written unless all are good.
    A venue of the same kecamatan and name is replaced."""
    table = table_read(
        path=path,
        required=("desa_kode", "nama", "kapasitas"),
        optional=("alamat", "tanggal", "sesi"),
    )
    window = window_of(rencana)
    desa = dict(
        Wilayah.objects.filter(
            versi_id=rencana.pemilihan.versi_wilayah_id,
            kode__startswith=f"{rencana.kabkota_kode}.",
            tingkat=4,
        ).values_list("kode", "induk_kode")
    )
    tempat_list = _rows_read(
        table,
        lambda row: _tempat_row(row, rencana, window, desa),
        key=lambda t: (t.kecamatan_kode, t.nama),
        twice=lambda t: ("nama", _("Tempat %(nama)s tercantum dua kali.") % {"nama": t.nama}),
        refused=lambda name, n: (
            _("Berkas tempat %(name)s berisi %(n)s kesalahan; tidak ada yang disimpan.")
            % {"name": name, "n": n}
        ),
    )
    for tempat in tempat_list:
        TempatBimtek.objects.update_or_create(
            rencana=rencana,
            kecamatan_kode=tempat.kecamatan_kode,
            nama=tempat.nama,
            defaults={
                "desa_kode": tempat.desa_kode,
                "alamat": tempat.alamat,
                "kapasitas": tempat.kapasitas,
                "tanggal_tersedia": tempat.tanggal_tersedia,
                "slot_tersedia": tempat.slot_tersedia,
            },
        )
    audit_record(
        actor=actor,
        action="bimtek.tempat_import",
        target=rencana,
        wilayah_kode=rencana.kabkota_kode,
        after={"jumlah": len(tempat_list), "berkas": table.source},
    )
    return ImportSummary(jumlah=len(tempat_list))


# A trainer's kind as written in a file: the code or the label, any case.
_JENIS_PELATIH = {
    **{j.value: j.value for j in PelatihBimtek.Jenis},
    **{str(j.label).lower(): j.value for j in PelatihBimtek.Jenis},
    "polri": PelatihBimtek.Jenis.POLISI.value,
    "kejari": PelatihBimtek.Jenis.JAKSA.value,
}


def _pelatih_row(
    row: dict[str, str | None], rencana: RencanaBimtek, window: PlanWindow, kecamatan: set[str]
) -> tuple[PelatihBimtek | None, list[RowError]]:
    baris = int(row[ROW_COLUMN] or 0)
    errors = []
    kecamatan_kode = (row["kecamatan_kode"] or "").strip()
    if kecamatan_kode not in kecamatan:
        errors.append(
            RowError(
                row=baris,
                field="kecamatan_kode",
                message=_("Kode kecamatan %(kode)r tidak ada di rencana ini.")
                % {"kode": kecamatan_kode},
            )
        )
    nama = (row["nama"] or "").strip()
    if not nama:
        errors.append(RowError(row=baris, field="nama", message=_("Nama pelatih wajib diisi.")))
    raw_jenis = (row["jenis"] or "").strip()
    jenis = _JENIS_PELATIH.get(raw_jenis.lower())
    if jenis is None:
        errors.append(
            RowError(
                row=baris,
                field="jenis",
                message=_("Jenis %(nilai)r tidak dikenal; tulis salah satu dari %(pilihan)s.")
                % {"nilai": raw_jenis, "pilihan": ", ".join(PelatihBimtek.Jenis.values)},
            )
        )
    tanggal, slots = _availability(row, baris, rencana, window, errors)
    if errors or jenis is None or tanggal is None or slots is None:
        return None, errors
    pelatih = PelatihBimtek(
        rencana=rencana,
        kecamatan_kode=kecamatan_kode,
        nama=nama,
        jenis=jenis,
        tanggal_tersedia=tanggal,
        slot_tersedia=slots,
    )
    return pelatih, []


@transaction.atomic
def pelatih_import(
    *, rencana: RencanaBimtek, path: Path | str, actor: AbstractBaseUser | None
) -> ImportSummary:
    """Add the trainers and speakers of a CSV/XLSX file (columns kecamatan_kode, nama, jenis;
    optional tanggal and sesi: the days and slots they can teach, empty = all). Every bad row
    is reported; nothing is written unless all are good. A trainer of the same kecamatan and
    name is replaced (their availability updated)."""
    table = table_read(
        path=path, required=("kecamatan_kode", "nama", "jenis"), optional=("tanggal", "sesi")
    )
    window = window_of(rencana)
    kecamatan = set(rencana.kecamatan_set.values_list("kecamatan_kode", flat=True))
    pelatih_list = _rows_read(
        table,
        lambda row: _pelatih_row(row, rencana, window, kecamatan),
        key=lambda p: (p.kecamatan_kode, p.nama),
        twice=lambda p: (
            "nama",
            _("Pelatih %(nama)s tercantum dua kali di kecamatan %(kec)s.")
            % {"nama": p.nama, "kec": p.kecamatan_kode},
        ),
        refused=lambda name, n: (
            _("Berkas pelatih %(name)s berisi %(n)s kesalahan; tidak ada yang disimpan.")
            % {"name": name, "n": n}
        ),
    )
    for pelatih in pelatih_list:
        PelatihBimtek.objects.update_or_create(
            rencana=rencana,
            kecamatan_kode=pelatih.kecamatan_kode,
            nama=pelatih.nama,
            defaults={
                "jenis": pelatih.jenis,
                "tanggal_tersedia": pelatih.tanggal_tersedia,
                "slot_tersedia": pelatih.slot_tersedia,
                "sintetis": False,
            },
        )
    audit_record(
        actor=actor,
        action="bimtek.pelatih_import",
        target=rencana,
        wilayah_kode=rencana.kabkota_kode,
        after={"jumlah": len(pelatih_list), "berkas": table.source},
    )
    return ImportSummary(jumlah=len(pelatih_list))


KM_MAKS = Decimal("999.9")  # a desa farther than this from a venue is a typing error


def _km_parse(raw: str) -> Decimal | None:
    """A distance in km, with a decimal point or comma ("3,5"), from 0 to ``KM_MAKS``."""
    try:
        km = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None
    if not km.is_finite() or km < 0 or km > KM_MAKS:
        return None
    return km.quantize(Decimal("0.1"))


def _jarak_row(
    row: dict[str, str | None],
    desa: dict[str, str],
    tempat_by: dict[tuple[str, str], TempatBimtek],
) -> tuple[JarakBimtek | None, list[RowError]]:
    baris = int(row[ROW_COLUMN] or 0)
    errors = []
    desa_kode = (row["desa_kode"] or "").strip()
    kecamatan_kode = desa.get(desa_kode)
    if kecamatan_kode is None:
        errors.append(
            RowError(row=baris, field="desa_kode", message=messages.desa_unknown(desa_kode))
        )
    nama = (row["tempat"] or "").strip()
    kecamatan_tempat = (row["kecamatan_tempat"] or "").strip() or kecamatan_kode or ""
    tempat = tempat_by.get((kecamatan_tempat, nama))
    if tempat is None and kecamatan_tempat:  # an unknown desa names no kecamatan to look in
        errors.append(
            RowError(
                row=baris,
                field="tempat",
                message=_("Tempat %(nama)r tidak ada di kecamatan %(kec)s rencana ini.")
                % {"nama": nama, "kec": kecamatan_tempat},
            )
        )
    raw_km = (row["km"] or "").strip()
    km = _km_parse(raw_km)
    if km is None:
        errors.append(
            RowError(
                row=baris,
                field="km",
                message=_("Jarak %(nilai)r tidak sah: tulis km dari 0 sampai %(maks)s, mis. 3,5.")
                % {"nilai": raw_km, "maks": KM_MAKS},
            )
        )
    if errors or tempat is None or km is None:
        return None, errors
    return JarakBimtek(tempat=tempat, desa_kode=desa_kode, km=km), []


@transaction.atomic
def jarak_import(
    *, rencana: RencanaBimtek, path: Path | str, actor: AbstractBaseUser | None
) -> ImportSummary:
    """Add travel distances from a CSV/XLSX file (columns desa_kode, tempat, km; optional
    kecamatan_tempat when the venue is in a neighbouring kecamatan). The planner then uses
    the km of a desa-venue pair instead of the same desa / kecamatan / neighbour levels.
    Every bad row is reported; nothing is written unless all are good. A pair imported again
    takes the new distance."""
    table = table_read(
        path=path, required=("desa_kode", "tempat", "km"), optional=("kecamatan_tempat",)
    )
    desa = dict(
        Wilayah.objects.filter(
            versi_id=rencana.pemilihan.versi_wilayah_id,
            kode__startswith=f"{rencana.kabkota_kode}.",
            tingkat=4,
        ).values_list("kode", "induk_kode")
    )
    tempat_by = {
        (t.kecamatan_kode, t.nama): t for t in TempatBimtek.objects.filter(rencana=rencana)
    }
    jarak_list = _rows_read(
        table,
        lambda row: _jarak_row(row, desa, tempat_by),
        key=lambda j: (j.tempat.pk, j.desa_kode),
        twice=lambda j: (
            "tempat",
            _("Jarak desa %(desa)s ke %(nama)s tercantum dua kali.")
            % {"desa": j.desa_kode, "nama": j.tempat.nama},
        ),
        refused=lambda name, n: (
            _("Berkas jarak %(name)s berisi %(n)s kesalahan; tidak ada yang disimpan.")
            % {"name": name, "n": n}
        ),
    )
    for jarak in jarak_list:
        JarakBimtek.objects.update_or_create(
            tempat=jarak.tempat, desa_kode=jarak.desa_kode, defaults={"km": jarak.km}
        )
    audit_record(
        actor=actor,
        action="bimtek.jarak_import",
        target=rencana,
        wilayah_kode=rencana.kabkota_kode,
        after={"jumlah": len(jarak_list), "berkas": table.source},
    )
    return ImportSummary(jumlah=len(jarak_list))


PILIHAN = ("a", "b", "c", "d")


def _soal_problems(
    pertanyaan: str, pilihan: Mapping[str, str], kunci: str
) -> list[tuple[str, str]]:
    """What is wrong with a question, as (field, message): no text, fewer than two choices,
    or a key that is not a filled choice."""
    problems = []
    if not pertanyaan:
        problems.append(("pertanyaan", _("Pertanyaan wajib diisi.")))
    if len(pilihan) < 2:  # a test question has at least two choices
        problems.append(("pilihan", _("Isi paling sedikit dua pilihan jawaban (a dan b).")))
    if kunci not in pilihan:
        problems.append(
            (
                "kunci",
                _("Kunci %(k)r bukan salah satu pilihan yang terisi (%(p)s).")
                % {"k": kunci, "p": ", ".join(pilihan) or "-"},
            )
        )
    return problems


@transaction.atomic
def soal_create(
    *,
    modul: ModulBimtek,
    pertanyaan: str,
    pilihan: Mapping[str, str],
    kunci: str,
    actor: AbstractBaseUser,
) -> SoalTes:
    """Add one question to the end of ``modul``'s bank. Raises InvalidInput naming each
    field that is wrong; nothing is stored then."""
    pertanyaan = pertanyaan.strip()
    filled = {k: pilihan[k].strip() for k in PILIHAN if pilihan.get(k, "").strip()}
    kunci = kunci.strip().lower()
    problems = _soal_problems(pertanyaan, filled, kunci)
    if problems:
        raise InvalidInput(
            _("Soal tidak disimpan: %(alasan)s") % {"alasan": " ".join(m for _f, m in problems)},
            errors=[RowError(row=None, field=f, message=m) for f, m in problems],
        )
    last = SoalTes.objects.filter(modul=modul).order_by("-nomor").first()
    soal = SoalTes.objects.create(
        modul=modul,
        nomor=(last.nomor if last else 0) + 1,
        pertanyaan=pertanyaan,
        pilihan=filled,
        kunci=kunci,
    )
    audit_record(
        actor=actor,
        action="bimtek.soal_create",
        target=soal,
        wilayah_kode=modul.rencana.kabkota_kode,
        after={"modul": modul.kode, "nomor": soal.nomor, "kunci": kunci},
    )
    return soal


@transaction.atomic
def soal_import(
    *, modul: ModulBimtek, path: Path | str, actor: AbstractBaseUser | None
) -> ImportSummary:
    """Replace the question bank of ``modul`` from a file with columns nomor, pertanyaan,
    a, b, c, d, kunci (a-d). All-or-nothing, with every bad row named."""
    table = table_read(
        path=path, required=("nomor", "pertanyaan", "a", "b", "kunci"), optional=("c", "d")
    )
    errors: list[RowError] = []
    soal_list: list[SoalTes] = []
    nomor_seen: set[int] = set()
    for row in table.frame.iter_rows(named=True):
        baris = int(row[ROW_COLUMN])
        raw_nomor = (row["nomor"] or "").strip()
        if not raw_nomor.isdigit() or int(raw_nomor) in nomor_seen:
            errors.append(
                RowError(
                    row=baris,
                    field="nomor",
                    message=_("Nomor soal %(n)r kosong, bukan angka, atau ganda.")
                    % {"n": raw_nomor},
                )
            )
        pertanyaan = (row["pertanyaan"] or "").strip()
        pilihan = {k: (row[k] or "").strip() for k in PILIHAN if (row[k] or "").strip()}
        kunci = (row["kunci"] or "").strip().lower()
        errors += [
            RowError(row=baris, field=field, message=message)
            for field, message in _soal_problems(pertanyaan, pilihan, kunci)
        ]
        if raw_nomor.isdigit():
            nomor_seen.add(int(raw_nomor))
            soal_list.append(
                SoalTes(
                    modul=modul,
                    nomor=int(raw_nomor),
                    pertanyaan=pertanyaan,
                    pilihan=pilihan,
                    kunci=kunci,
                )
            )
    if errors:
        raise InvalidInput(
            _("Berkas soal %(name)s berisi %(n)s kesalahan; tidak ada yang disimpan.")
            % {"name": table.source, "n": len(errors)},
            errors=errors,
        )
    SoalTes.objects.filter(modul=modul).delete()
    SoalTes.objects.bulk_create(soal_list)
    audit_record(
        actor=actor,
        action="bimtek.soal_import",
        target=modul,
        wilayah_kode=modul.rencana.kabkota_kode,
        after={"jumlah": len(soal_list), "berkas": table.source},
    )
    return ImportSummary(jumlah=len(soal_list))


def _gelombang(sesi_list: Sequence[SesiBimtek]) -> None:
    """Number the waves of a kecamatan: the n-th (date, slot) with a session is wave n."""
    waktu = sorted({(s.tanggal, s.slot) for s in sesi_list})
    for s in sesi_list:
        s.gelombang = waktu.index((s.tanggal, s.slot)) + 1


def _write_plan(
    rencana: RencanaBimtek, kecamatan_kode: str, hasil: HasilOptimasi, window: PlanWindow
) -> None:
    begun = [s.pk for s in _started(rencana, [kecamatan_kode])]
    regular = SesiBimtek.objects.filter(
        rencana=rencana, kecamatan_kode=kecamatan_kode, susulan=False
    ).exclude(pk__in=begun)
    JadwalTPS.objects.filter(rencana=rencana, sesi__in=regular).delete()
    regular.delete()
    tempat_by_pk = {str(t.pk): t for t in TempatBimtek.objects.filter(rencana=rencana)}
    tps_by_kode = dict(
        TPS.objects.filter(
            pemilihan_id=rencana.pemilihan_id, kode__startswith=kecamatan_kode.replace(".", "")
        ).values_list("kode", "pk")
    )
    by_sesi: dict[Sesi, list[str]] = defaultdict(list)
    for tps_kode, sesi in hasil.jadwal.items():
        if tps_kode in tps_by_kode:
            by_sesi[sesi].append(tps_kode)
    sesi_rows = [
        SesiBimtek(
            rencana=rencana,
            tempat=tempat_by_pk[s.tempat_kode],
            kecamatan_kode=kecamatan_kode,
            tanggal=window.tanggal_list[s.waktu.hari],
            slot=s.waktu.slot,
        )
        for s in sorted(by_sesi)
    ]
    SesiBimtek.objects.bulk_create(sesi_rows)
    every = list(
        SesiBimtek.objects.filter(rencana=rencana, kecamatan_kode=kecamatan_kode, susulan=False)
    )
    _gelombang(every)
    SesiBimtek.objects.bulk_update(every, ["gelombang"])
    JadwalTPS.objects.bulk_create(
        JadwalTPS(rencana=rencana, sesi=row, tps_id=tps_by_kode[kode])
        for row, s in zip(sesi_rows, sorted(by_sesi), strict=True)
        for kode in by_sesi[s]
    )


def _kekurangan_json(hasil: HasilOptimasi) -> list[dict[str, object]]:
    return [
        {
            "kecamatan": k.kecamatan_kode,
            "perlu": k.perlu,
            "tersedia": k.tersedia,
            "kurang": k.kurang,
            "kursi_per_hari": list(k.kursi_per_hari),
            "jauh": k.jauh,
            "perbaikan": None
            if k.perbaikan is None
            else {
                "jenis": str(k.perbaikan.jenis),
                "jumlah": k.perbaikan.jumlah,
                "tempat": k.perbaikan.tempat_kode,
            },
        }
        for k in hasil.kekurangan
    ]


def _started(rencana: RencanaBimtek, kecamatan_list: Sequence[str]) -> list[SesiBimtek]:
    """Regular sessions that have begun: attendance recorded, or closed."""
    return list(
        SesiBimtek.objects.filter(
            Q(kehadiran_set__isnull=False) | Q(ditutup_at__isnull=False),
            rencana=rencana,
            kecamatan_kode__in=kecamatan_list,
            susulan=False,
        ).distinct()
    )


def _without_started(
    instance: Instance, started: Sequence[SesiBimtek], window: PlanWindow
) -> Instance:
    """The instance minus the teams of begun sessions, whose venue slots are then taken."""
    if not started:
        return instance
    fixed = set(JadwalTPS.objects.filter(sesi__in=started).values_list("tps__kode", flat=True))
    index = {d: i for i, d in enumerate(window.tanggal_list)}
    taken: dict[str, set[Waktu]] = defaultdict(set)
    for s in started:
        taken[str(s.tempat_id)].add(Waktu(hari=index.get(s.tanggal, -1), slot=s.slot))
    return replace(
        instance,
        tim_list=[t for t in instance.tim_list if t.kode not in fixed],
        tempat_list=[replace(t, waktu=t.waktu - taken[t.kode]) for t in instance.tempat_list],
    )


def rencana_plan(
    *,
    rencana: RencanaBimtek,
    wilayah_kode: str,
    actor: AbstractBaseUser | None,
    waktu_maks: float = 2.0,
    processes: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> HasilOptimasi:
    """Plan the kecamatan of ``wilayah_kode`` (the kab/kota or one kecamatan) and store the
    sessions and waves. A session that has begun (attendance recorded or closed) stays as it
    is with its TPS; the others are planned around it. An infeasible plan is stored as its
    explanation, sessions unchanged."""
    kecamatan_list = kecamatan_kode_list(rencana=rencana, wilayah_kode=wilayah_kode)
    window = window_of(rencana)
    instance = _without_started(
        instance_build(rencana=rencana, window=window, kecamatan_list=kecamatan_list),
        _started(rencana, kecamatan_list),
        window,
    )
    hasil = schedule_optimize(
        instance, waktu_maks=waktu_maks, processes=processes, progress=progress
    )
    with transaction.atomic():
        per_kecamatan: dict[str, dict[str, Sesi]] = defaultdict(dict)
        for tps_kode, sesi in hasil.jadwal.items():
            per_kecamatan[f"{tps_kode[:2]}.{tps_kode[2:4]}.{tps_kode[4:6]}"][tps_kode] = sesi
        group_of = {k: part for part in hasil.bagian or (hasil,) for k in part.kecamatan}
        for kecamatan_kode in kecamatan_list:
            # Each kecamatan keeps its own group's figures: one kecamatan short of seats does
            # not mark its neighbours infeasible, and keeps the sessions it had.
            group = group_of.get(kecamatan_kode) or HasilOptimasi(
                jadwal={}, status=OPTIMAL, objektif=0, batas=0, detik=0.0
            )
            part = replace(
                group,
                jadwal=per_kecamatan.get(kecamatan_kode, {}),
                kekurangan=[k for k in group.kekurangan if k.kecamatan_kode == kecamatan_kode],
            )
            if group.status in (OPTIMAL, FEASIBLE):
                _write_plan(rencana, kecamatan_kode, part, window)
            RencanaKecamatan.objects.filter(rencana=rencana, kecamatan_kode=kecamatan_kode).update(
                status=group.status,
                objektif=group.objektif,
                batas=group.batas,
                gap_persen=group.gap_persen,
                detik=group.detik,
                kekurangan=_kekurangan_json(part),
                dihitung_at=timezone.now(),
            )
        audit_record(
            actor=actor,
            action="bimtek.rencana_plan",
            target=rencana,
            wilayah_kode=wilayah_kode,
            after={
                "status": hasil.status,
                "tps": len(hasil.jadwal),
                "objektif": hasil.objektif,
                "batas": hasil.batas,
                "gap_persen": hasil.gap_persen,
            },
        )
    return hasil


def rencana_plan_enqueue(
    *, rencana: RencanaBimtek, wilayah_kode: str, actor: AbstractBaseUser
) -> None:
    """Plan ``wilayah_kode`` (the kab/kota or a kecamatan) in the background worker; the plan
    page shows its progress (kecamatan done of total) until it ends.

    Raises PlanRefused while an earlier planning of the plan is still running.
    """
    kecamatan_list = kecamatan_kode_list(rencana=rencana, wilayah_kode=wilayah_kode)
    with transaction.atomic():
        locked = RencanaBimtek.objects.select_for_update().get(pk=rencana.pk)
        if locked.perencanaan_mulai is not None and locked.perencanaan_akhir is None:
            raise PlanRefused(_("Perencanaan sebelumnya masih berjalan; tunggu sampai selesai."))
        locked.perencanaan_mulai = timezone.now()
        locked.perencanaan_akhir = None
        locked.perencanaan_total = len(kecamatan_list)
        locked.perencanaan_selesai = 0
        locked.save(
            update_fields=[
                "perencanaan_mulai",
                "perencanaan_akhir",
                "perencanaan_total",
                "perencanaan_selesai",
            ]
        )
    from selenggara.bimtek.tasks import rencana_plan_task

    transaction.on_commit(
        lambda: rencana_plan_task.enqueue(
            rencana_id=rencana.pk, wilayah_kode=wilayah_kode, actor_id=actor.pk
        )
    )


def rencana_plan_run(*, rencana_id: int, wilayah_kode: str, actor_id: int) -> str:
    """The background planning of ``rencana_plan_enqueue``: ``rencana_plan`` with its progress
    written as each kecamatan is solved; the end is recorded even when it fails."""
    from selenggara.accounts.models import User

    rencana = RencanaBimtek.objects.get(pk=rencana_id)
    plan = RencanaBimtek.objects.filter(pk=rencana_id)

    def progress(done: int, _total: int) -> None:
        plan.update(perencanaan_selesai=done)

    try:
        hasil = rencana_plan(
            rencana=rencana,
            wilayah_kode=wilayah_kode,
            actor=User.objects.get(pk=actor_id),
            waktu_maks=1.0,
            progress=progress,
        )
        # Neighbours solved together count once in the solver's progress: all are done now.
        plan.update(perencanaan_selesai=rencana.perencanaan_total)
    finally:
        plan.update(perencanaan_akhir=timezone.now())
    return hasil.status


@transaction.atomic
def jadwal_move(
    *,
    rencana: RencanaBimtek,
    tps: TPS,
    tempat: TempatBimtek,
    tanggal: dt.date,
    slot: int,
    actor: AbstractBaseUser,
    reason: str = "",
) -> JadwalTPS:
    """Move one TPS's team to the session of ``tempat`` on ``tanggal`` in ``slot``, checked
    against the same rules the planner met. Raises MoveRefused naming every broken rule."""
    window = window_of(rencana)
    kecamatan_kode = tempat.kecamatan_kode
    tps_kecamatan = tps.desa.induk_kode
    kecamatan_list = sorted({kecamatan_kode, tps_kecamatan})
    instance = instance_build(rencana=rencana, window=window, kecamatan_list=kecamatan_list)
    jadwal = jadwal_current(rencana=rencana, window=window, kecamatan_list=kecamatan_list)
    if tanggal not in window.tanggal_list:
        raise MoveRefused(messages.move_outside_window(tanggal))
    tujuan = Sesi(
        tempat_kode=str(tempat.pk), waktu=Waktu(hari=window.tanggal_list.index(tanggal), slot=slot)
    )
    found = move_check(instance=instance, jadwal=jadwal, tim_kode=tps.kode, tujuan=tujuan)
    if found:
        raise MoveRefused(" ".join(messages.temuan(t, window) for t in found))
    sesi, _created = SesiBimtek.objects.get_or_create(
        tempat=tempat,
        tanggal=tanggal,
        slot=slot,
        defaults={"rencana": rencana, "kecamatan_kode": kecamatan_kode},
    )
    row = JadwalTPS.objects.filter(rencana=rencana, tps=tps).select_related("sesi").first()
    before = None
    if row is None:
        row = JadwalTPS.objects.create(rencana=rencana, tps=tps, sesi=sesi, manual=True)
    else:
        before = {"sesi": row.sesi_id, "tanggal": row.sesi.tanggal, "tempat": row.sesi.tempat_id}
        old = row.sesi
        row.sesi, row.manual = sesi, True
        row.save(update_fields=["sesi", "manual"])
        if not old.jadwal_set.exists() and not old.kehadiran_set.exists():
            old.delete()
    regular = list(
        SesiBimtek.objects.filter(rencana=rencana, kecamatan_kode=kecamatan_kode, susulan=False)
    )
    _gelombang(regular)
    SesiBimtek.objects.bulk_update(regular, ["gelombang"])
    audit_record(
        actor=actor,
        action="bimtek.jadwal_move",
        target=row,
        wilayah_kode=kecamatan_kode,
        before=before,
        after={"sesi": sesi.pk, "tanggal": tanggal, "tempat": tempat.pk, "slot": slot},
        reason=reason,
    )
    return row


class CheckInRefused(DomainError):
    code = "bimtek_check_in_refused"
    http_status = 409


def _anggota_expected(sesi: SesiBimtek) -> set[int]:
    regular = set(
        AnggotaKPPS.objects.filter(
            tps__in=JadwalTPS.objects.filter(sesi=sesi).values("tps"),
            status=AnggotaKPPS.Status.AKTIF,
        ).values_list("pk", flat=True)
    )
    return regular | set(
        PesertaSusulan.objects.filter(sesi=sesi).values_list("anggota_id", flat=True)
    )


@transaction.atomic
def kehadiran_record(
    *, sesi: SesiBimtek, anggota: AnggotaKPPS, cara: str, actor: AbstractBaseUser
) -> KehadiranBimtek:
    """Check ``anggota`` in at ``sesi`` (once; a second check-in returns the first)."""
    if anggota.pk not in _anggota_expected(sesi):
        raise CheckInRefused(_("Peserta ini tidak terdaftar pada sesi ini."))
    existing = KehadiranBimtek.objects.filter(sesi=sesi, anggota=anggota).first()
    if existing is not None:
        return existing
    row = KehadiranBimtek.objects.create(
        sesi=sesi, anggota=anggota, cara=cara, dicatat_at=timezone.now(), dicatat_by=actor
    )
    audit_record(
        actor=actor,
        action="bimtek.kehadiran_record",
        target=row,
        wilayah_kode=sesi.kecamatan_kode,
        after={"sesi": sesi.pk, "anggota": anggota.pk, "cara": cara},
    )
    return row


@transaction.atomic
def kehadiran_cancel(*, sesi: SesiBimtek, anggota: AnggotaKPPS, actor: AbstractBaseUser) -> None:
    """Undo a tick made by mistake."""
    row = KehadiranBimtek.objects.filter(sesi=sesi, anggota=anggota).first()
    if row is None:
        return
    audit_record(
        actor=actor,
        action="bimtek.kehadiran_cancel",
        target=row,
        wilayah_kode=sesi.kecamatan_kode,
        before={"sesi": sesi.pk, "anggota": anggota.pk, "cara": row.cara},
    )
    row.delete()


@transaction.atomic
def nilai_record(
    *,
    sesi: SesiBimtek,
    anggota: AnggotaKPPS,
    modul: ModulBimtek,
    pre: int | None,
    post: int | None,
    actor: AbstractBaseUser,
) -> NilaiTes:
    """Store a member's pre/post-test score for a module (0-100); they must be checked in."""
    for label, value in (("pre-test", pre), ("post-test", post)):
        if value is not None and not 0 <= value <= 100:
            raise InvalidInput(
                _("Nilai %(label)s harus 0-100, bukan %(v)s.") % {"label": label, "v": value}
            )
    if not KehadiranBimtek.objects.filter(sesi=sesi, anggota=anggota).exists():
        raise CheckInRefused(_("Peserta belum tercatat hadir; catat kehadirannya dulu."))
    row, _created = NilaiTes.objects.update_or_create(
        sesi=sesi, anggota=anggota, modul=modul, defaults={"pre": pre, "post": post}
    )
    audit_record(
        actor=actor,
        action="bimtek.nilai_record",
        target=row,
        wilayah_kode=sesi.kecamatan_kode,
        after={"modul": modul.kode, "pre": pre, "post": post},
    )
    return row


def _score(raw: str | None) -> int | str | None:
    """A score cell: empty -> None, 0-100 -> int, anything else -> the text as written."""
    text = (raw or "").strip()
    if not text:
        return None
    return int(text) if text.isdigit() and int(text) <= 100 else text


_NilaiRow = tuple[AnggotaKPPS, ModulBimtek, int | None, int | None]


def _nilai_row(
    row: dict[str, str | None],
    expected: Mapping[tuple[str, str], AnggotaKPPS],
    hadir: set[int],
    modul_by: Mapping[str, ModulBimtek],
) -> tuple[_NilaiRow | None, list[RowError]]:
    baris = int(row[ROW_COLUMN] or 0)
    errors = []
    tps_kode = (row["tps_kode"] or "").strip().replace(".", "")
    posisi = (row["posisi"] or "").strip()
    anggota = expected.get((tps_kode, posisi))
    if anggota is None or anggota.pk not in hadir:
        text = (
            _("Tidak ada peserta TPS %(tps)s posisi %(pos)s di sesi ini.")
            if anggota is None
            else _("Peserta TPS %(tps)s posisi %(pos)s belum tercatat hadir.")
        )
        errors.append(
            RowError(row=baris, field="posisi", message=text % {"tps": tps_kode, "pos": posisi})
        )
    modul = modul_by.get((row["modul"] or "").strip())
    if modul is None:
        errors.append(
            RowError(
                row=baris,
                field="modul",
                message=_("Modul %(m)r tidak ada; tulis salah satu dari %(daftar)s.")
                % {"m": row["modul"], "daftar": ", ".join(modul_by)},
            )
        )
    scores = {field: _score(row[field]) for field in ("pre", "post")}
    errors += [
        RowError(
            row=baris,
            field=field,
            message=_("Nilai %(v)r harus bilangan bulat 0-100.") % {"v": value},
        )
        for field, value in scores.items()
        if isinstance(value, str)
    ]
    if errors or anggota is None or modul is None:
        return None, errors
    # No score is text here: a text score added an error above.
    pre, post = cast("int | None", scores["pre"]), cast("int | None", scores["post"])
    return (anggota, modul, pre, post), []


@transaction.atomic
def nilai_import(*, sesi: SesiBimtek, path: Path | str, actor: AbstractBaseUser) -> ImportSummary:
    """Store the pre/post-test scores of a session from a CSV/XLSX file with columns
    tps_kode, posisi (as on the attendance sheet), modul (its code) and pre/post (0-100, empty
    = not taken). Each trainee must be expected at this session and checked in. Every bad row
    is reported; nothing is written unless all are good."""
    from selenggara.bimtek.selectors import sesi_peserta_list

    table = table_read(
        path=path, required=("tps_kode", "posisi", "modul"), optional=("pre", "post")
    )
    expected = {
        (p.tps_kode, str(p.posisi)): p.anggota
        for p in sesi_peserta_list(sesi=sesi)
        if p.anggota is not None
    }
    hadir = set(KehadiranBimtek.objects.filter(sesi=sesi).values_list("anggota_id", flat=True))
    modul_by = {m.kode: m for m in ModulBimtek.objects.filter(rencana=sesi.rencana)}
    rows = _rows_read(
        table,
        lambda row: _nilai_row(row, expected, hadir, modul_by),
        key=lambda found: (found[0].pk, found[1].pk),
        twice=lambda found: (
            "modul",
            _("Nilai modul %(m)s untuk peserta ini tercantum dua kali.") % {"m": found[1].kode},
        ),
        refused=lambda name, n: (
            _("Berkas nilai %(name)s berisi %(n)s kesalahan; tidak ada yang disimpan.")
            % {"name": name, "n": n}
        ),
    )
    for anggota, modul, pre, post in rows:
        NilaiTes.objects.update_or_create(
            sesi=sesi, anggota=anggota, modul=modul, defaults={"pre": pre, "post": post}
        )
    audit_record(
        actor=actor,
        action="bimtek.nilai_import",
        target=sesi,
        wilayah_kode=sesi.kecamatan_kode,
        after={"jumlah": len(rows), "berkas": table.source},
    )
    return ImportSummary(jumlah=len(rows))


@transaction.atomic
def checklist_update(
    *, sesi: SesiBimtek, selesai: Sequence[str], actor: AbstractBaseUser
) -> SesiBimtek:
    """Record which steps of the simulation were run through at ``sesi``."""
    known = {kode for kode, _label in CHECKLIST_SIMULASI}
    unknown = sorted(set(selesai) - known)
    if unknown:
        raise InvalidInput(_("Butir simulasi tidak dikenal: %(k)s.") % {"k": ", ".join(unknown)})
    before = dict(sesi.checklist)
    sesi.checklist = {kode: kode in selesai for kode, _label in CHECKLIST_SIMULASI}
    sesi.save(update_fields=["checklist"])
    audit_record(
        actor=actor,
        action="bimtek.checklist_update",
        target=sesi,
        wilayah_kode=sesi.kecamatan_kode,
        before=before,
        after=sesi.checklist,
    )
    return sesi


@transaction.atomic
def sesi_close(*, sesi: SesiBimtek, actor: AbstractBaseUser) -> SesiBimtek:
    """Close a session: whoever was expected and not checked in goes on the make-up list."""
    if sesi.ditutup_at is None:
        sesi.ditutup_at = timezone.now()
        sesi.save(update_fields=["ditutup_at"])
        audit_record(
            actor=actor,
            action="bimtek.sesi_close",
            target=sesi,
            wilayah_kode=sesi.kecamatan_kode,
            after={"hadir": sesi.kehadiran_set.count()},
        )
    return sesi


@transaction.atomic
def _susulan_instance(
    rencana: RencanaBimtek,
    kecamatan_kode: str,
    anggota_list: Sequence[AnggotaKPPS],
    window: PlanWindow,
    sejak: dt.date,
) -> Instance:
    """The kecamatan's planning instance for its make-up: one team per TPS of the members
    still to train, on the window's days after ``sejak`` only, in the venue slots and with the
    trainers that the sessions already there leave free."""
    base = instance_build(rencana=rencana, window=window, kecamatan_list=[kecamatan_kode])
    remaining = {i for i, d in enumerate(window.tanggal_list) if d > sejak}
    index = {d: i for i, d in enumerate(window.tanggal_list)}
    taken: dict[str, set[Waktu]] = defaultdict(set)
    trainers_busy: dict[Waktu, int] = defaultdict(int)
    for tempat_id, tanggal, slot, tim, susulan in (
        SesiBimtek.objects.filter(rencana=rencana, kecamatan_kode=kecamatan_kode)
        .annotate(
            tim=Count("jadwal_set", distinct=True), undangan=Count("susulan_set", distinct=True)
        )
        .values_list("tempat_id", "tanggal", "slot", "tim", "undangan")
    ):
        if tanggal in index:
            w = Waktu(hari=index[tanggal], slot=slot)
            taken[str(tempat_id)].add(w)
            peserta = max(1, tim * KPPS_PER_TPS + susulan)
            trainers_busy[w] += pelatih_perlu(peserta, rencana.rasio_pelatih)
    tempat_list = [
        replace(t, waktu=frozenset(w for w in t.waktu if w.hari in remaining) - taken[t.kode])
        for t in base.tempat_list
    ]
    pelatih_list = []
    for i, p in enumerate(base.pelatih_list):
        # The first trainers of a slot are those its existing sessions already use.
        free = frozenset(w for w in p.waktu if w.hari in remaining and i >= trainers_busy[w])
        pelatih_list.append(replace(p, waktu=free))
    per_tps: dict[str, int] = defaultdict(int)
    for a in anggota_list:
        per_tps[a.tps.kode] += 1
    by_kode = {t.kode: t for t in base.tim_list}
    tim_list = [replace(by_kode[kode], peserta=n) for kode, n in sorted(per_tps.items())]
    return replace(base, tim_list=tim_list, tempat_list=tempat_list, pelatih_list=pelatih_list)


def susulan_schedule(
    *, rencana: RencanaBimtek, kecamatan_kode: str, actor: AbstractBaseUser
) -> list[SesiBimtek]:
    """Schedule everyone on the kecamatan's make-up list into make-up sessions on the days
    left after its last closed session, by the planner and its rules (a TPS's members train
    together, venue seats and availability, trainers and their ratio, far desa on transport
    days), around the sessions already there.

    Raises PlanRefused when nobody needs one, or with the shortfall when they cannot be seated.
    """
    from selenggara.bimtek.selectors import susulan_list

    anggota_list = susulan_list(rencana=rencana, kecamatan_kode=kecamatan_kode)
    if not anggota_list:
        raise PlanRefused(_("Tidak ada peserta yang perlu bimtek susulan di kecamatan ini."))
    window = window_of(rencana)
    last = max(
        SesiBimtek.objects.filter(
            rencana=rencana, kecamatan_kode=kecamatan_kode, ditutup_at__isnull=False
        ).values_list("tanggal", flat=True),
        default=window.mulai,
    )
    instance = _susulan_instance(rencana, kecamatan_kode, anggota_list, window, last)
    hasil = schedule_optimize(instance, waktu_maks=2.0)
    if hasil.status not in (OPTIMAL, FEASIBLE):
        why = " ".join(
            messages.kekurangan(
                _kekurangan_json(replace(hasil, kekurangan=[k]))[0],
                kecamatan_kode,
                window.tanggal_list,
                {str(t.pk): t.nama for t in TempatBimtek.objects.filter(rencana=rencana)},
            )
            for k in hasil.kekurangan
        )
        raise PlanRefused(
            " ".join(filter(None, (messages.susulan_no_room(len(anggota_list), last), why)))
        )
    return _susulan_write(
        rencana,
        kecamatan_kode=kecamatan_kode,
        anggota_list=anggota_list,
        hasil=hasil,
        window=window,
        actor=actor,
    )


@transaction.atomic
def _susulan_write(
    rencana: RencanaBimtek,
    *,
    kecamatan_kode: str,
    anggota_list: Sequence[AnggotaKPPS],
    hasil: HasilOptimasi,
    window: PlanWindow,
    actor: AbstractBaseUser,
) -> list[SesiBimtek]:
    tempat_by_pk = {str(t.pk): t for t in TempatBimtek.objects.filter(rencana=rencana)}
    sesi_by: dict[Sesi, SesiBimtek] = {}
    for s in sorted(set(hasil.jadwal.values())):
        sesi_by[s] = SesiBimtek.objects.create(
            rencana=rencana,
            tempat=tempat_by_pk[s.tempat_kode],
            kecamatan_kode=kecamatan_kode,
            tanggal=window.tanggal_list[s.waktu.hari],
            slot=s.waktu.slot,
            susulan=True,
            gelombang=0,
        )
    PesertaSusulan.objects.bulk_create(
        PesertaSusulan(sesi=sesi_by[hasil.jadwal[a.tps.kode]], anggota=a) for a in anggota_list
    )
    for sesi in sesi_by.values():
        audit_record(
            actor=actor,
            action="bimtek.susulan_schedule",
            target=sesi,
            wilayah_kode=kecamatan_kode,
            after={
                "tanggal": sesi.tanggal,
                "slot": sesi.slot,
                "tempat": sesi.tempat.nama,
                "peserta": sum(
                    1 for a in anggota_list if sesi_by[hasil.jadwal[a.tps.kode]] == sesi
                ),
            },
        )
    return list(sesi_by.values())


def _tempat_open(tempat: TempatBimtek, tanggal: dt.date, slot: int) -> bool:
    days_ok = not tempat.tanggal_tersedia or tanggal.isoformat() in tempat.tanggal_tersedia
    return days_ok and (not tempat.slot_tersedia or slot in tempat.slot_tersedia)
