"""Writes for an election's participants: parties, electoral districts (dapil) and candidates.

Each import reads a CSV or XLSX file through ``table_read``, reports every bad row (InvalidInput
with one RowError per problem, naming row and column, in Indonesian) and writes nothing unless
the whole file is valid. Each writes one audit row with its counts.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from selenggara.core.audit import audit_record
from selenggara.core.errors import InvalidInput, RowError
from selenggara.core.tabular import ROW_COLUMN, table_read
from selenggara.pemilihan.domain import baris
from selenggara.pemilihan.domain.baris import NOMOR_MAX, SINGKATAN_MAX_LENGTH, Masalah
from selenggara.pemilihan.domain.dapil import (
    DAPIL_RULES,
    KONTESTASI_BERPARTAI,
    KONTESTASI_BERPASANGAN,
    KONTESTASI_PARTAI_LOKAL,
    CoverageGap,
    DapilWilayahProblem,
    Lingkup,
    coverage_check,
    dapil_wilayah_problem,
    kursi_in_range,
    lingkup_of,
    prefix_contains,
)
from selenggara.pemilihan.domain.pemilihan import JenisKontestasi
from selenggara.pemilihan.models import Calon, Dapil, DapilWilayah, Kontestasi, Partai, Pemilihan
from selenggara.wilayah.domain.kode import InvalidKodeWilayah, KodeWilayah, Tingkat
from selenggara.wilayah.models import Wilayah

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None

KODE_DAPIL_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
KODE_DAPIL_MAX_LENGTH = 64
# How many regions a coverage error names before "and N more".
GAP_EXAMPLES_MAX = 20

_LINGKUP_LABEL = {
    Lingkup.NASIONAL: "nasional",
    Lingkup.PROVINSI: "provinsi",
    Lingkup.KABKOTA: "kabupaten/kota",
    Lingkup.KECAMATAN: "kecamatan",
    Lingkup.DESA: "desa/kelurahan",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class PesertaImportResult:
    """What an import wrote: parties, dapil (with their regions, and how many replaced) or
    candidates."""

    jumlah_partai: int = 0
    jumlah_dapil: int = 0
    jumlah_wilayah: int = 0
    jumlah_dapil_diganti: int = 0
    jumlah_calon: int = 0


_text = baris.teks


def _number(raw: object, *, label: str, low: int, high: int) -> int | str:
    """Return ``raw`` as a whole number within [low, high], or the reason it is not one."""
    value = baris.bilangan(raw, rendah=low, tinggi=high)
    if not isinstance(value, baris.MasalahSel):
        return value
    if value.masalah is Masalah.KOSONG:
        return _("%(label)s kosong.") % {"label": label}
    if value.masalah is Masalah.BUKAN_BULAT:
        return _("%(label)s harus bilangan bulat, bukan %(v)r.") % {"label": label, "v": value.teks}
    return _("%(label)s harus %(low)d-%(high)d, bukan %(v)d.") % {
        "label": label,
        "low": value.rendah,
        "high": value.tinggi,
        "v": int(value.teks),
    }


def _nama_problem(value: str, *, label: str) -> str | None:
    checked = baris.nama(value)
    if not isinstance(checked, baris.MasalahSel):
        return None
    if checked.masalah is Masalah.KOSONG:
        return _("%(label)s kosong.") % {"label": label}
    return _("%(label)s lebih dari %(n)d karakter.") % {"label": label, "n": checked.batas}


def _raise_if(errors: list[RowError], source: str, what: str) -> None:
    if errors:
        errors.sort(key=lambda e: (e.row or 0, e.field or ""))
        raise InvalidInput(
            _("Daftar %(what)s %(name)s berisi %(n)d kesalahan; tidak ada yang disimpan.")
            % {"what": what, "name": source, "n": len(errors)},
            errors=errors,
        )


def _peserta_changed(pemilihan: Pemilihan) -> None:
    """Give the election a new participants stamp, in the import's transaction.

    Processes keep ballot layouts in memory keyed on this stamp (tungsura/lembar.py); a new one
    makes every process read the layout again on its next submission.
    """
    pemilihan.peserta_stempel = uuid.uuid4()
    Pemilihan.objects.filter(pk=pemilihan.pk).update(peserta_stempel=pemilihan.peserta_stempel)


def _kontestasi_by_jenis(pemilihan: Pemilihan) -> dict[str, Kontestasi]:
    return {k.jenis: k for k in Kontestasi.objects.filter(pemilihan=pemilihan)}


def _kontestasi_problem(raw: str, held: Mapping[str, Kontestasi], pemilihan: Pemilihan) -> str:
    return _(
        "Kontestasi %(k)r tidak diselenggarakan dalam pemilihan %(p)s; pilih salah satu: %(ok)s."
    ) % {"k": raw, "p": pemilihan.kode, "ok": ", ".join(sorted(held))}


# --- partai --------------------------------------------------------------------------------------


@transaction.atomic
def partai_import(*, pemilihan: Pemilihan, path: Path | str, actor: Actor) -> PesertaImportResult:
    """Add the parties of a CSV or XLSX file to an election.

    Columns ``nomor,nama,singkatan`` and optionally ``provinsi_kode`` (Aceh's local parties
    stand only in their provinsi, "11"). A ballot number already taken, in the file or in the
    election, is an error. Raises InvalidInput listing every bad row.
    """
    table = table_read(
        path=path, required=("nomor", "nama", "singkatan"), optional=("provinsi_kode",)
    )
    taken = set(Partai.objects.filter(pemilihan=pemilihan).values_list("nomor", flat=True))
    provinsi_kode_set = set(
        Wilayah.objects.filter(
            versi_id=pemilihan.versi_wilayah_id, tingkat=Tingkat.PROVINSI
        ).values_list("kode", flat=True)
    )
    partai_list: list[Partai] = []
    errors: list[RowError] = []
    first_row: dict[int, int] = {}
    for raw in table.frame.iter_rows(named=True):
        row = raw[ROW_COLUMN]
        row_errors, partai = _partai_row(raw, row, pemilihan, provinsi_kode_set)
        nomor = _number(raw["nomor"], label="", low=1, high=NOMOR_MAX)
        if isinstance(nomor, int):
            if nomor in first_row:
                message = _("Nomor partai %(n)d ganda: sudah ada di baris %(r)d.") % {
                    "n": nomor,
                    "r": first_row[nomor],
                }
                row_errors.append(RowError(row=row, field="nomor", message=message))
            elif nomor in taken:
                message = _("Nomor partai %(n)d sudah terdaftar pada pemilihan ini.") % {"n": nomor}
                row_errors.append(RowError(row=row, field="nomor", message=message))
            first_row.setdefault(nomor, row)
        partai_list.extend([partai] if partai is not None else [])
        errors.extend(row_errors)
    _raise_if(errors, table.source, _("partai"))
    Partai.objects.bulk_create(partai_list)
    _peserta_changed(pemilihan)
    audit_record(
        actor=actor,
        action="partai.import",
        target=pemilihan,
        after={"partai": len(partai_list), "nomor": sorted(p.nomor for p in partai_list)},
        reason=f"Impor partai dari {table.source}",
    )
    return PesertaImportResult(jumlah_partai=len(partai_list))


def _partai_row(
    raw: Mapping[str, object], row: int, pemilihan: Pemilihan, provinsi_kode_set: set[str]
) -> tuple[list[RowError], Partai | None]:
    errors: list[RowError] = []
    nomor = _number(raw["nomor"], label=_("Nomor partai"), low=1, high=NOMOR_MAX)
    if isinstance(nomor, str):
        errors.append(RowError(row=row, field="nomor", message=nomor))
    nama = _text(raw["nama"])
    problem = _nama_problem(nama, label=_("Nama partai"))
    if problem:
        errors.append(RowError(row=row, field="nama", message=problem))
    singkatan = _text(raw["singkatan"])
    if not singkatan or len(singkatan) > SINGKATAN_MAX_LENGTH:
        message = _("Singkatan partai harus diisi, paling banyak %(n)d karakter.") % {
            "n": SINGKATAN_MAX_LENGTH
        }
        errors.append(RowError(row=row, field="singkatan", message=message))
    provinsi = _text(raw["provinsi_kode"])
    if provinsi and provinsi not in provinsi_kode_set:
        message = _(
            "Kode provinsi %(k)r tidak ada dalam versi wilayah %(v)s (kosongkan untuk partai "
            "nasional)."
        ) % {"k": provinsi, "v": pemilihan.versi_wilayah.kode}
        errors.append(RowError(row=row, field="provinsi_kode", message=message))
    if errors or isinstance(nomor, str):
        return errors, None
    partai = Partai(
        pemilihan=pemilihan, nomor=nomor, nama=nama, singkatan=singkatan, provinsi_kode=provinsi
    )
    return errors, partai


# --- dapil ---------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class _DapilDraft:
    row: int
    kontestasi: Kontestasi
    kode: str
    nama: str
    induk: str
    kursi: int
    wilayah_list: list[str]


def _wilayah_field(
    raw: object, field: str, row: int, wilayah: Mapping[str, str], versi: str
) -> tuple[str | None, RowError | None]:
    parsed = baris.kode_wilayah(raw, wilayah)
    if not isinstance(parsed, baris.MasalahSel):
        return parsed, None
    if parsed.masalah is Masalah.KODE_TIDAK_SAH:
        return None, RowError(row=row, field=field, message=parsed.pesan)
    message = _("Kode wilayah %(k)s tidak ada dalam versi wilayah %(v)s pemilihan ini.") % {
        "k": parsed.teks,
        "v": versi,
    }
    return None, RowError(row=row, field=field, message=message)


_PROBLEM_TEXT = {
    DapilWilayahProblem.INDUK_LEVEL: gettext_noop(
        "Wilayah induk dapil %(kontestasi)s harus tingkat %(ok)s."
    ),
    DapilWilayahProblem.WILAYAH_LEVEL: gettext_noop(
        "Wilayah dapil %(kontestasi)s harus tingkat %(ok)s."
    ),
    DapilWilayahProblem.OUTSIDE_INDUK: gettext_noop(
        "Wilayah %(w)s berada di luar wilayah induk %(induk)s."
    ),
    DapilWilayahProblem.NOT_HELD: gettext_noop(
        "Kontestasi %(kontestasi)s tidak diselenggarakan di %(w)s."
    ),
}


def _problem_error(
    problem: DapilWilayahProblem, row: int, jenis: JenisKontestasi, induk: str, wilayah: str
) -> RowError:
    rule = DAPIL_RULES[jenis]
    levels = rule.induk if problem is DapilWilayahProblem.INDUK_LEVEL else rule.wilayah
    message = _(_PROBLEM_TEXT[problem]) % {
        "kontestasi": jenis.value,
        "ok": " atau ".join(_LINGKUP_LABEL[lv] for lv in sorted(levels)),
        "w": wilayah or "nasional",
        "induk": induk or "nasional",
    }
    field = "induk" if problem is DapilWilayahProblem.INDUK_LEVEL else "wilayah_kode"
    return RowError(row=row, field=field, message=message)


def _dapil_row(
    raw: Mapping[str, object],
    pemilihan: Pemilihan,
    held: Mapping[str, Kontestasi],
    wilayah: Mapping[str, str],
) -> tuple[list[RowError], _DapilDraft | None]:
    row = int(str(raw[ROW_COLUMN]))
    versi = pemilihan.versi_wilayah.kode
    errors: list[RowError] = []
    jenis_raw = _text(raw["kontestasi"]).lower()
    kontestasi = held.get(jenis_raw)
    if kontestasi is None:
        errors.append(
            RowError(
                row=row,
                field="kontestasi",
                message=_kontestasi_problem(jenis_raw, held, pemilihan),
            )
        )
    kode = _text(raw["kode_dapil"]).lower()
    if not KODE_DAPIL_RE.fullmatch(kode) or len(kode) > KODE_DAPIL_MAX_LENGTH:
        message = _(
            "Kode dapil %(k)r tidak sah: gunakan huruf kecil, angka dan tanda hubung "
            "(mis. jateng-7), paling banyak %(n)d karakter."
        ) % {"k": kode, "n": KODE_DAPIL_MAX_LENGTH}
        errors.append(RowError(row=row, field="kode_dapil", message=message))
    nama = _text(raw["nama_dapil"])
    problem = _nama_problem(nama, label=_("Nama dapil"))
    if problem:
        errors.append(RowError(row=row, field="nama_dapil", message=problem))
    kursi = _number(raw["kursi"], label=_("Alokasi kursi"), low=1, high=NOMOR_MAX)
    if isinstance(kursi, str):
        errors.append(RowError(row=row, field="kursi", message=kursi))
    induk, error = _wilayah_field(raw["induk"], "induk", row, wilayah, versi)
    errors.extend([error] if error else [])
    kode_wilayah, error = _wilayah_field(raw["wilayah_kode"], "wilayah_kode", row, wilayah, versi)
    errors.extend([error] if error else [])
    if kontestasi is None or induk is None or kode_wilayah is None or isinstance(kursi, str):
        return errors, None
    jenis = JenisKontestasi(kontestasi.jenis)
    problem_code = dapil_wilayah_problem(kontestasi=jenis, induk=induk, wilayah=kode_wilayah)
    if problem_code is not None:
        errors.append(_problem_error(problem_code, row, jenis, induk, kode_wilayah))
        return errors, None
    draft = _DapilDraft(
        row=row,
        kontestasi=kontestasi,
        kode=kode,
        nama=nama,
        induk=induk,
        kursi=kursi,
        wilayah_list=[kode_wilayah],
    )
    return errors, (None if errors else draft)


def _dapil_merge(
    drafts: Iterable[_DapilDraft],
) -> tuple[dict[tuple[int, str], _DapilDraft], list[RowError]]:
    """Group one-row-per-region drafts into dapil; their name, induk and seats must agree."""
    merged: dict[tuple[int, str], _DapilDraft] = {}
    errors: list[RowError] = []
    for draft in drafts:
        key = (draft.kontestasi.pk, draft.kode)
        first = merged.get(key)
        if first is None:
            merged[key] = draft
            continue
        wilayah = draft.wilayah_list[0]
        for field, mine, theirs in (
            ("nama_dapil", draft.nama, first.nama),
            ("induk", draft.induk, first.induk),
            ("kursi", str(draft.kursi), str(first.kursi)),
        ):
            if mine != theirs:
                message = _(
                    "Dapil %(d)s: %(f)s %(mine)r berbeda dengan baris %(r)d (%(theirs)r)."
                ) % {"d": draft.kode, "f": field, "mine": mine, "r": first.row, "theirs": theirs}
                errors.append(RowError(row=draft.row, field=field, message=message))
        if wilayah in first.wilayah_list:
            message = _("Wilayah %(w)s ganda dalam dapil %(d)s.") % {
                "w": wilayah or "nasional",
                "d": draft.kode,
            }
            errors.append(RowError(row=draft.row, field="wilayah_kode", message=message))
        else:
            first.wilayah_list.append(wilayah)
    for draft in merged.values():
        jenis = JenisKontestasi(draft.kontestasi.jenis)
        if not kursi_in_range(kontestasi=jenis, kursi=draft.kursi):
            rule = DAPIL_RULES[jenis]
            message = _("Alokasi kursi dapil %(k)s harus %(low)d-%(high)d, bukan %(n)d.") % {
                "k": jenis.value,
                "low": rule.kursi_min,
                "high": rule.kursi_max,
                "n": draft.kursi,
            }
            errors.append(RowError(row=draft.row, field="kursi", message=message))
    return merged, errors


def _gap_text(gap_list: Sequence[CoverageGap], wilayah: Mapping[str, str]) -> str:
    names = [
        f"{g.wilayah} {wilayah.get(g.wilayah, '')}".strip() if g.wilayah else "nasional"
        for g in gap_list[:GAP_EXAMPLES_MAX]
    ]
    more = len(gap_list) - GAP_EXAMPLES_MAX
    suffix = _(" dan %(n)d wilayah lainnya") % {"n": more} if more > 0 else ""
    return "; ".join(names) + suffix


def _coverage_errors(
    merged: Mapping[tuple[int, str], _DapilDraft], pemilihan: Pemilihan
) -> list[RowError]:
    """Check that the dapil of each (contest, induk) in the file partition the induk."""
    groups: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(dict)
    for draft in merged.values():
        groups[(draft.kontestasi.jenis, draft.induk)][draft.kode] = draft.wilayah_list
    errors: list[RowError] = []
    for (jenis, induk), by_dapil in sorted(groups.items()):
        desa_list, nama = _desa_under(pemilihan, induk)
        coverage = coverage_check(induk=induk, desa_list=desa_list, wilayah_by_dapil=by_dapil)
        where = {"k": jenis, "induk": f"{induk} {nama.get(induk, '')}".strip() or "nasional"}
        if coverage.uncovered:
            message = _(
                "Dapil %(k)s di %(induk)s tidak mencakup seluruh wilayahnya; belum masuk dapil "
                "mana pun: %(gaps)s."
            ) % {**where, "gaps": _gap_text(coverage.uncovered, nama)}
            errors.append(RowError(row=None, field="wilayah_kode", message=message))
        for gap in coverage.doubled:
            message = _(
                "Dapil %(k)s di %(induk)s: wilayah %(w)s masuk lebih dari satu dapil: %(d)s."
            ) % {**where, "w": _gap_text([gap], nama), "d": ", ".join(gap.dapil_list)}
            errors.append(RowError(row=None, field="wilayah_kode", message=message))
    return errors


def _desa_under(pemilihan: Pemilihan, induk: str) -> tuple[list[str], dict[str, str]]:
    """Return the desa codes under ``induk`` and the names of every region under it."""
    qs = Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id)
    if induk:
        qs = qs.filter(kode__startswith=f"{induk}.") | qs.filter(kode=induk)
    rows = list(qs.values_list("kode", "nama", "tingkat"))
    desa_list = [kode for kode, _nama, tingkat in rows if tingkat == Tingkat.DESA]
    return desa_list, {kode: nama for kode, nama, _t in rows}


def _existing_errors(
    merged: Mapping[tuple[int, str], _DapilDraft],
) -> tuple[list[Dapil], list[RowError]]:
    """Return the dapil the import replaces, or why it may not replace or sit beside them."""
    groups = {(d.kontestasi.pk, d.induk) for d in merged.values()}
    kontestasi_ids = {k for k, _induk in groups}
    existing = list(
        Dapil.objects.filter(kontestasi_id__in=kontestasi_ids).prefetch_related("wilayah_set")
    )
    replaced = [d for d in existing if (d.kontestasi_id, d.induk_kode) in groups]
    errors: list[RowError] = []
    with_calon = set(Calon.objects.filter(dapil__in=replaced).values_list("dapil__kode", flat=True))
    if with_calon:
        message = _(
            "Dapil %(d)s sudah memiliki calon; dapil yang sudah memiliki calon tidak dapat "
            "diimpor ulang."
        ) % {"d": ", ".join(sorted(with_calon))}
        errors.append(RowError(row=None, field="kode_dapil", message=message))
    for dapil in existing:
        if dapil in replaced:
            continue
        errors.extend(_beside_errors(dapil, merged))
    return replaced, errors


def _beside_errors(dapil: Dapil, merged: Mapping[tuple[int, str], _DapilDraft]) -> list[RowError]:
    errors: list[RowError] = []
    for draft in merged.values():
        if draft.kontestasi.pk != dapil.kontestasi_id:
            continue
        if draft.kode == dapil.kode:
            message = _("Kode dapil %(d)s sudah dipakai dengan wilayah induk %(induk)s.") % {
                "d": dapil.kode,
                "induk": dapil.induk_kode or "nasional",
            }
            errors.append(RowError(row=draft.row, field="kode_dapil", message=message))
        overlap = [
            w.wilayah_kode
            for w in dapil.wilayah_set.all()
            if prefix_contains(draft.induk, w.wilayah_kode)
            or prefix_contains(w.wilayah_kode, draft.induk)
        ]
        if overlap:
            message = _(
                "Wilayah induk %(induk)s bertumpang tindih dengan dapil %(d)s yang sudah ada "
                "(wilayah %(w)s)."
            ) % {
                "induk": draft.induk or "nasional",
                "d": dapil.kode,
                "w": ", ".join(w or "nasional" for w in overlap),
            }
            errors.append(RowError(row=draft.row, field="induk", message=message))
    return errors


def _wilayah_named(frame: pl.DataFrame, pemilihan: Pemilihan) -> dict[str, str]:
    """Map every dotted region code the file names to its name, in one query."""
    codes: set[str] = set()
    for column in ("induk", "wilayah_kode"):
        for raw in frame[column].to_list():
            try:
                codes.add(KodeWilayah.parse(raw).value)
            except InvalidKodeWilayah:
                continue
    return dict(
        Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode__in=codes).values_list(
            "kode", "nama"
        )
    )


@transaction.atomic
def dapil_import(*, pemilihan: Pemilihan, path: Path | str, actor: Actor) -> PesertaImportResult:
    """Set the dapil of an election from a CSV or XLSX file with one row per dapil region.

    Columns ``kontestasi,kode_dapil,nama_dapil,induk,kursi,wilayah_kode``: ``induk`` is the
    region the contest's dapil divide ("" for the nation) and ``wilayah_kode`` one region of
    the dapil ("" for the nation). Which levels are allowed per contest is
    ``domain.dapil.DAPIL_RULES``. For every (contest, induk) in the file the dapil must
    partition the induk: a region left out or in two dapil is an error naming it and the dapil.

    The check is scoped to the induk, so a file may carry one provinsi's DPR dapil (induk the
    provinsi) rather than the whole nation, or one kab/kota's share of DPR or DPRD provinsi
    dapil (induk the kab/kota) when the rest of the provinsi is not known.

    Dapil already stored for the same contest and induk are replaced, unless one of them has
    candidates (or results): then nothing is written. Raises InvalidInput listing every problem.
    """
    table = table_read(
        path=path,
        required=("kontestasi", "kode_dapil", "nama_dapil", "induk", "kursi", "wilayah_kode"),
    )
    held = _kontestasi_by_jenis(pemilihan)
    wilayah = _wilayah_named(table.frame, pemilihan)
    errors: list[RowError] = []
    drafts: list[_DapilDraft] = []
    for raw in table.frame.iter_rows(named=True):
        row_errors, draft = _dapil_row(raw, pemilihan, held, wilayah)
        errors.extend(row_errors)
        drafts.extend([draft] if draft else [])
    merged, merge_errors = _dapil_merge(drafts)
    errors.extend(merge_errors)
    if not errors:
        errors.extend(_coverage_errors(merged, pemilihan))
    replaced, existing_errors = _existing_errors(merged)
    errors.extend(existing_errors)
    _raise_if(errors, table.source, _("dapil"))
    result = _dapil_write(pemilihan, merged, replaced)
    _peserta_changed(pemilihan)
    audit_record(
        actor=actor,
        action="dapil.import",
        target=pemilihan,
        after={
            "dapil": result.jumlah_dapil,
            "wilayah": result.jumlah_wilayah,
            "dapil_diganti": result.jumlah_dapil_diganti,
            "kontestasi": sorted({d.kontestasi.jenis for d in merged.values()}),
        },
        reason=f"Impor dapil dari {table.source}",
    )
    return result


def _dapil_write(
    pemilihan: Pemilihan,
    merged: Mapping[tuple[int, str], _DapilDraft],
    replaced: Sequence[Dapil],
) -> PesertaImportResult:
    try:
        Dapil.objects.filter(pk__in=[d.pk for d in replaced]).delete()
    except ProtectedError as exc:
        message = _("Dapil yang akan diganti sudah dipakai (mis. oleh C.Hasil); tidak diganti.")
        raise InvalidInput(
            message, errors=[RowError(row=None, field="kode_dapil", message=message)]
        ) from exc
    created = Dapil.objects.bulk_create(
        Dapil(
            kontestasi=d.kontestasi,
            kode=d.kode,
            nama=d.nama,
            induk_kode=d.induk,
            kursi=d.kursi,
        )
        for d in merged.values()
    )
    wilayah_rows = [
        DapilWilayah(dapil=dapil, pemilihan=pemilihan, wilayah_kode=kode)
        for dapil, draft in zip(created, merged.values(), strict=True)
        for kode in draft.wilayah_list
    ]
    DapilWilayah.objects.bulk_create(wilayah_rows)
    return PesertaImportResult(
        jumlah_dapil=len(created),
        jumlah_wilayah=len(wilayah_rows),
        jumlah_dapil_diganti=len(replaced),
    )


# --- calon ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _CalonContext:
    pemilihan: Pemilihan
    held: Mapping[str, Kontestasi]
    dapil: Mapping[tuple[str, str], Dapil]
    partai: Mapping[int, Partai]


def _partai_field(
    raw: object, row: int, jenis: JenisKontestasi, dapil: Dapil, ctx: _CalonContext
) -> tuple[Partai | None, RowError | None]:
    text = _text(raw)
    if jenis not in KONTESTASI_BERPARTAI:
        if text:
            message = _("Calon %(k)s tidak diajukan partai; kosongkan kolom partai.") % {
                "k": jenis.value
            }
            return None, RowError(row=row, field="partai", message=message)
        return None, None
    nomor = _number(text, label=_("Nomor partai"), low=1, high=NOMOR_MAX)
    if isinstance(nomor, str):
        message = _("Calon %(k)s harus diajukan partai: %(why)s") % {"k": jenis.value, "why": nomor}
        return None, RowError(row=row, field="partai", message=message)
    partai = ctx.partai.get(nomor)
    if partai is None:
        message = _("Partai nomor %(n)d tidak terdaftar pada pemilihan ini.") % {"n": nomor}
        return None, RowError(row=row, field="partai", message=message)
    if partai.provinsi_kode and (
        jenis not in KONTESTASI_PARTAI_LOKAL
        or not prefix_contains(partai.provinsi_kode, dapil.induk_kode)
        or lingkup_of(dapil.induk_kode) is Lingkup.NASIONAL
    ):
        message = _("Partai lokal %(s)s hanya dapat mengajukan calon DPRD di provinsi %(p)s.") % {
            "s": partai.singkatan,
            "p": partai.provinsi_kode,
        }
        return None, RowError(row=row, field="partai", message=message)
    return partai, None


def _calon_row(
    raw: Mapping[str, object], ctx: _CalonContext
) -> tuple[list[RowError], Calon | None]:
    row = int(str(raw[ROW_COLUMN]))
    jenis_raw = _text(raw["kontestasi"]).lower()
    if jenis_raw not in ctx.held:
        message = _kontestasi_problem(jenis_raw, ctx.held, ctx.pemilihan)
        return [RowError(row=row, field="kontestasi", message=message)], None
    jenis = JenisKontestasi(jenis_raw)
    dapil = ctx.dapil.get((jenis_raw, _text(raw["kode_dapil"]).lower()))
    if dapil is None:
        message = _("Dapil %(d)r tidak ada dalam kontestasi %(k)s pemilihan ini.") % {
            "d": _text(raw["kode_dapil"]),
            "k": jenis.value,
        }
        return [RowError(row=row, field="kode_dapil", message=message)], None
    errors: list[RowError] = []
    partai, error = _partai_field(raw["partai"], row, jenis, dapil, ctx)
    errors.extend([error] if error else [])
    nomor = _number(raw["nomor_urut"], label=_("Nomor urut"), low=1, high=NOMOR_MAX)
    if isinstance(nomor, str):
        errors.append(RowError(row=row, field="nomor_urut", message=nomor))
    nama = _text(raw["nama"])
    problem = _nama_problem(nama, label=_("Nama calon"))
    errors.extend([RowError(row=row, field="nama", message=problem)] if problem else [])
    nama_wakil = _text(raw["nama_wakil"])
    errors.extend(_wakil_errors(nama_wakil, row, jenis))
    jenis_kelamin = baris.jenis_kelamin(raw["jenis_kelamin"])
    if isinstance(jenis_kelamin, baris.MasalahSel):
        message = _("Jenis kelamin harus L, P atau kosong, bukan %(v)r.") % {
            "v": jenis_kelamin.teks
        }
        errors.append(RowError(row=row, field="jenis_kelamin", message=message))
    sintetis = baris.ya_tidak(raw["sintetis"])
    if isinstance(sintetis, baris.MasalahSel):
        message = _("Kolom sintetis harus 1 (ya) atau 0 (tidak), bukan %(v)r.") % {
            "v": sintetis.teks
        }
        errors.append(RowError(row=row, field="sintetis", message=message))
    if (
        errors
        or isinstance(nomor, str)
        or isinstance(jenis_kelamin, baris.MasalahSel)
        or isinstance(sintetis, baris.MasalahSel)
    ):
        return errors, None
    calon = Calon(
        dapil=dapil,
        partai=partai,
        nomor_urut=nomor,
        nama=nama,
        nama_wakil=nama_wakil,
        jenis_kelamin=jenis_kelamin,
        sintetis=sintetis,
    )
    return errors, calon


def _wakil_errors(nama_wakil: str, row: int, jenis: JenisKontestasi) -> list[RowError]:
    if jenis in KONTESTASI_BERPASANGAN:
        problem = _nama_problem(nama_wakil, label=_("Nama wakil pasangan calon"))
        return [RowError(row=row, field="nama_wakil", message=problem)] if problem else []
    if nama_wakil:
        message = _("Calon %(k)s bukan pasangan; kosongkan nama_wakil.") % {"k": jenis.value}
        return [RowError(row=row, field="nama_wakil", message=message)]
    return []


def _calon_conflicts(calon_list: Sequence[Calon], rows: Sequence[int]) -> list[RowError]:
    """Report repeated numbers (in the file or stored) and lists longer than the dapil's seats."""
    dapil_ids = {c.dapil_id for c in calon_list}
    stored = Counter[tuple[int, int | None]]()
    taken: set[tuple[int, int | None, int]] = set()
    for dapil_id, partai_id, nomor in Calon.objects.filter(dapil_id__in=dapil_ids).values_list(
        "dapil_id", "partai_id", "nomor_urut"
    ):
        taken.add((dapil_id, partai_id, nomor))
        stored[(dapil_id, partai_id)] += 1
    errors: list[RowError] = []
    first_row: dict[tuple[int, int | None, int], int] = {}
    for calon, row in zip(calon_list, rows, strict=True):
        key = (calon.dapil_id, calon.partai_id, calon.nomor_urut)
        if key in first_row or key in taken:
            where = (
                _("sudah ada di baris %(r)d") % {"r": first_row[key]}
                if key in first_row
                else _("sudah terdaftar")
            )
            message = _("Nomor urut %(n)d ganda di dapil %(d)s: %(where)s.") % {
                "n": calon.nomor_urut,
                "d": calon.dapil.kode,
                "where": where,
            }
            errors.append(RowError(row=row, field="nomor_urut", message=message))
            continue
        first_row[key] = row
        errors.extend(_seat_errors(calon, row, stored))
    return errors


def _seat_errors(calon: Calon, row: int, count: Counter[tuple[int, int | None]]) -> list[RowError]:
    # A party lists at most as many candidates as the dapil has seats (UU 7/2017 Pasal 244).
    if calon.partai is None:
        return []
    count[(calon.dapil_id, calon.partai_id)] += 1
    if count[(calon.dapil_id, calon.partai_id)] <= calon.dapil.kursi:
        return []
    message = _(
        "Partai %(p)s mengajukan lebih dari %(k)d calon di dapil %(d)s (alokasi kursinya)."
    ) % {"p": calon.partai.singkatan, "k": calon.dapil.kursi, "d": calon.dapil.kode}
    return [RowError(row=row, field="nomor_urut", message=message)]


@transaction.atomic
def calon_import(*, pemilihan: Pemilihan, path: Path | str, actor: Actor) -> PesertaImportResult:
    """Add the candidates of a CSV or XLSX file to the election's dapil.

    Columns ``kontestasi,kode_dapil,nomor_urut,nama`` and optionally ``partai`` (the party's
    ballot number: required for DPR and DPRD, empty otherwise), ``nama_wakil`` (required for
    the pairs of PPWP and Pilkada, empty otherwise), ``jenis_kelamin`` (L, P or empty) and
    ``sintetis`` (1 for made-up demo names). A number already used in the dapil (per party) and
    more party candidates than the dapil's seats are errors. Raises InvalidInput listing every
    bad row.
    """
    table = table_read(
        path=path,
        required=("kontestasi", "kode_dapil", "nomor_urut", "nama"),
        optional=("partai", "nama_wakil", "jenis_kelamin", "sintetis"),
    )
    ctx = _CalonContext(
        pemilihan=pemilihan,
        held=_kontestasi_by_jenis(pemilihan),
        dapil={
            (d.kontestasi.jenis, d.kode): d
            for d in Dapil.objects.filter(kontestasi__pemilihan=pemilihan).select_related(
                "kontestasi"
            )
        },
        partai={p.nomor: p for p in Partai.objects.filter(pemilihan=pemilihan)},
    )
    errors: list[RowError] = []
    calon_list: list[Calon] = []
    rows: list[int] = []
    for raw in table.frame.iter_rows(named=True):
        row_errors, calon = _calon_row(raw, ctx)
        errors.extend(row_errors)
        if calon is not None:
            calon_list.append(calon)
            rows.append(raw[ROW_COLUMN])
    errors.extend(_calon_conflicts(calon_list, rows))
    _raise_if(errors, table.source, _("calon"))
    Calon.objects.bulk_create(calon_list)
    _peserta_changed(pemilihan)
    audit_record(
        actor=actor,
        action="calon.import",
        target=pemilihan,
        after={
            "calon": len(calon_list),
            "dapil": len({c.dapil_id for c in calon_list}),
            "sintetis": sum(1 for c in calon_list if c.sintetis),
        },
        reason=f"Impor calon dari {table.source}",
    )
    return PesertaImportResult(jumlah_calon=len(calon_list))
