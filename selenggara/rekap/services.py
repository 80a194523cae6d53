"""Writes of the recap plenaries: open, confirm or correct each item, objections, attendance,
adopt and lock the D.Hasil, reopen. Every state change is audited in its own transaction.

PKPU 5/2024: the kecamatan plenary (PPK) reads every TPS's C.Hasil; a correction is a new
C.Hasil version with source ``pleno`` and its reason (tungsura's ``c_hasil_submit``, with
``versi_dasar`` so that of two members correcting the same TPS at once one wins and the other
is told which version won). Kab/kota, provinsi and the nation read the locked results of the
tier below, one item per child region, and may correct a TPS too. A locked plenary is reopened
only by the tier above, with a reason; what it had adopted is kept beside the reopening.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from selenggara.core.audit import audit_record
from selenggara.core.errors import DomainError, InvalidInput, NotAccessible, RowError
from selenggara.pemilihan.models import TPS, Kontestasi, Pemilihan, RingkasanWilayah
from selenggara.rekap.access import pleno_check_boleh
from selenggara.rekap.d_hasil import d_hasil_pdf
from selenggara.rekap.domain.agregat import jumlah_as_dict, kontribusi, tingkat_of
from selenggara.rekap.domain.pleno import (
    Aksi,
    StatusButir,
    StatusPleno,
    TingkatPleno,
    aksi_mungkin,
    jadwal_for,
    status_setelah_butir,
)
from selenggara.rekap.hitung import agregat_baca, galat_of, lembar_of, pelepasan_apply
from selenggara.rekap.models import (
    Keberatan,
    Kehadiran,
    PelepasanTPS,
    PembukaanKembali,
    Pleno,
    PlenoButir,
)
from selenggara.tungsura.models import CHasil, CHasilVersi, Sumber
from selenggara.tungsura.services import c_hasil_submit

if TYPE_CHECKING:
    from selenggara.accounts.models import User


DESA_DIGITS = 10


class PlenoStatusSalah(DomainError):
    code = "pleno_status_salah"
    http_status = 409


class PlenoBelumSelesai(DomainError):
    code = "pleno_belum_selesai"
    http_status = 409


_STATUS_LABEL = {
    StatusPleno.BELUM_DIBUKA: "belum dibuka",
    StatusPleno.DIBUKA: "dibuka",
    StatusPleno.SELESAI: "semua butir selesai",
    StatusPleno.DITETAPKAN: "ditetapkan dan dikunci",
}


def _aksi_check(*, actor: User, pleno: Pleno, aksi: Aksi) -> None:
    pleno_check_boleh(actor=actor, pleno=pleno, aksi=aksi)
    if not aksi_mungkin(StatusPleno(pleno.status), aksi):
        raise PlenoStatusSalah(
            gettext("Rapat pleno ini berstatus %(status)s; tindakan ini tidak dapat dilakukan.")
            % {"status": _STATUS_LABEL[StatusPleno(pleno.status)]},
            status=pleno.status,
        )


def _wajib(teks: str, field: str) -> str:
    teks = teks.strip()
    if not teks:
        message = gettext("Alasan wajib diisi.")
        raise InvalidInput(message, errors=[RowError(row=None, field=field, message=message)])
    return teks


def _audit(actor: User, action: str, pleno: Pleno, **kwargs: object) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=pleno,
        wilayah_kode=pleno.wilayah_kode,
        **kwargs,  # type: ignore[arg-type]
    )


def _butir_kode_list(pleno: Pleno) -> list[str]:
    if pleno.tingkat == TingkatPleno.KECAMATAN:
        prefix = pleno.wilayah_kode.replace(".", "")
        tps = TPS.objects.filter(pemilihan=pleno.pemilihan, kode__startswith=prefix)
        return sorted(tps.values_list("kode", flat=True))
    anak = RingkasanWilayah.objects.filter(pemilihan=pleno.pemilihan, induk_kode=pleno.wilayah_kode)
    return sorted(anak.exclude(kode="").values_list("kode", flat=True))


def pleno_get_or_create(*, pemilihan: Pemilihan, wilayah_kode: str, jenis: str) -> Pleno:
    """Return the plenary of a region (kecamatan or above) and contest, creating it with its
    schedule (the PKPU 5/2024 preset) and its items when it does not exist yet."""
    tingkat = TingkatPleno(tingkat_of(wilayah_kode))
    kontestasi = Kontestasi.objects.get(pemilihan=pemilihan, jenis=jenis)
    jadwal = jadwal_for(hari_pemungutan=pemilihan.hari_pemungutan, tingkat=tingkat)
    pleno, created = Pleno.objects.get_or_create(
        kontestasi=kontestasi,
        wilayah_kode=wilayah_kode,
        defaults={
            "pemilihan": pemilihan,
            "tingkat": tingkat.value,
            "jadwal_mulai": jadwal.mulai,
            "jadwal_selesai": jadwal.selesai,
        },
    )
    if created:
        PlenoButir.objects.bulk_create(
            PlenoButir(pleno=pleno, kode=kode) for kode in _butir_kode_list(pleno)
        )
    return pleno


def _pleno_lock(pleno: Pleno) -> Pleno:
    return (
        Pleno.objects.select_for_update().select_related("pemilihan", "kontestasi").get(pk=pleno.pk)
    )


@transaction.atomic
def pleno_buka(*, pleno: Pleno, actor: User) -> Pleno:
    """Open the plenary (rapat pleno terbuka)."""
    pleno = _pleno_lock(pleno)
    _aksi_check(actor=actor, pleno=pleno, aksi=Aksi.BUKA)
    pleno.status = StatusPleno.DIBUKA.value
    pleno.dibuka_pada = timezone.now()
    pleno.save(update_fields=["status", "dibuka_pada"])
    _audit(actor, "pleno.buka", pleno, after={"status": pleno.status})
    return _status_refresh(pleno)


def _anak_terkunci(pleno: Pleno) -> bool:
    if pleno.tingkat == TingkatPleno.KECAMATAN:
        return True
    kode_list = [b.kode for b in pleno.butir_set.all()]
    locked = Pleno.objects.filter(
        kontestasi=pleno.kontestasi, wilayah_kode__in=kode_list, status=StatusPleno.DITETAPKAN
    ).count()
    return locked == len(kode_list)


def _status_refresh(pleno: Pleno) -> Pleno:
    """Move an open plenary between DIBUKA and SELESAI from its items and objections."""
    if pleno.status not in (StatusPleno.DIBUKA, StatusPleno.SELESAI):
        return pleno
    status = status_setelah_butir(
        butir=[StatusButir(s) for s in pleno.butir_set.values_list("status", flat=True)],
        keberatan_terbuka=pleno.keberatan_set.filter(dijawab_pada__isnull=True).count(),
        anak_terkunci=_anak_terkunci(pleno),
    )
    if status.value != pleno.status:
        pleno.status = status.value
        pleno.save(update_fields=["status"])
    return pleno


def _butir_get(pleno: Pleno, kode: str) -> PlenoButir:
    butir = PlenoButir.objects.select_for_update().filter(pleno=pleno, kode=kode).first()
    if butir is None:
        raise NotAccessible(
            gettext("Butir %(kode)s tidak ada di rapat pleno ini.") % {"kode": kode}
        )
    return butir


def _c_hasil_of(pleno: Pleno, tps_kode: str) -> CHasil | None:
    return (
        CHasil.objects.select_related("tps", "kontestasi", "versi_terkini")
        .filter(kontestasi=pleno.kontestasi, tps__pemilihan=pleno.pemilihan, tps__kode=tps_kode)
        .first()
    )


@transaction.atomic
def butir_konfirmasi(*, pleno: Pleno, kode: str, actor: User, alasan: str = "") -> PlenoButir:
    """Confirm an item as read: a TPS's current C.Hasil (kecamatan) or a locked child result.

    A held-out sheet (it breaks its own arithmetic or the cap) enters the count only when the
    plenary confirms it with a reason: the paper says so (``alasan`` required then).
    """
    pleno = _pleno_lock(pleno)
    _aksi_check(actor=actor, pleno=pleno, aksi=Aksi.KOREKSI)
    butir = _butir_get(pleno, kode)
    versi = None
    if pleno.tingkat == TingkatPleno.KECAMATAN:
        c_hasil = _c_hasil_of(pleno, kode)
        versi = c_hasil.versi_terkini if c_hasil else None
        if versi is None:
            raise PlenoBelumSelesai(
                gettext("C.Hasil TPS %(kode)s belum ada; isi dari kertasnya sebagai koreksi.")
                % {"kode": kode}
            )
        versi.c_hasil = c_hasil  # type: ignore[assignment]
        _lepas_bila_ditahan(versi=versi, actor=actor, alasan=alasan)
    elif not Pleno.objects.filter(
        kontestasi=pleno.kontestasi, wilayah_kode=kode, status=StatusPleno.DITETAPKAN
    ).exists():
        raise PlenoBelumSelesai(
            gettext("Hasil %(kode)s belum ditetapkan oleh rapat pleno tingkat di bawahnya.")
            % {"kode": kode}
        )
    return _butir_set(pleno, butir, StatusButir.DIBACA, versi=versi, catatan=alasan, actor=actor)


@dataclass(frozen=True, slots=True, kw_only=True)
class HasilKonfirmasiDesa:
    """What confirming a desa's TPS at once did: confirmed, and left for one by one."""

    dikonfirmasi: list[str]
    tertinggal: list[str]  # no sheet yet, or held out (needs a reason or a correction)


@transaction.atomic
def butir_konfirmasi_desa(*, pleno: Pleno, desa_kode: str, actor: User) -> HasilKonfirmasiDesa:
    """Confirm as read every TPS of one desa still open in a kecamatan plenary, in one step.

    The PPK reads the desa's sheets aloud one after the other; when each matches the paper it
    records them together. A TPS without a sheet, or whose sheet is held out, is left open
    (``tertinggal``): it needs its own correction or a confirmation with a reason.
    """
    pleno = _pleno_lock(pleno)
    _aksi_check(actor=actor, pleno=pleno, aksi=Aksi.KOREKSI)
    digits = desa_kode.replace(".", "")
    semua = PlenoButir.objects.select_for_update().filter(pleno=pleno, kode__startswith=digits)
    if pleno.tingkat != TingkatPleno.KECAMATAN or len(digits) != DESA_DIGITS or not semua.exists():
        raise NotAccessible(
            gettext("Desa %(kode)s tidak ada di rapat pleno ini.") % {"kode": desa_kode}
        )
    butir = list(semua.filter(status=StatusButir.BELUM).values_list("pk", "kode"))
    # The desa's TPS by their unique code first, then their sheets by TPS id: each step an
    # index lookup whatever the planner believes of the tables' sizes (a join filtered on
    # the TPS code lets PostgreSQL, with statistics older than a bulk load, scan every sheet).
    tps_kode = dict(
        TPS.objects.filter(
            pemilihan=pleno.pemilihan, kode__in=[kode for _pk, kode in butir]
        ).values_list("pk", "kode")
    )
    current = {
        tps_kode[tps_id]: (versi_id, temuan)
        for tps_id, versi_id, temuan in CHasil.objects.filter(
            kontestasi=pleno.kontestasi, tps_id__in=list(tps_kode), versi_terkini__isnull=False
        ).values_list("tps_id", "versi_terkini_id", "versi_terkini__temuan")
    }
    dilepas = set(
        PelepasanTPS.objects.filter(versi_id__in=[v for v, _t in current.values()]).values_list(
            "versi_id", flat=True
        )
    )
    done: dict[int, tuple[str, int]] = {}
    left: list[str] = []
    for pk, kode in butir:
        versi_id, temuan = current.get(kode, (None, []))
        if versi_id is None or (galat_of(temuan) and versi_id not in dilepas):
            left.append(kode)
        else:
            done[pk] = (kode, versi_id)
    # Two statements for the whole desa (a kecamatan has a few hundred TPS per contest).
    PlenoButir.objects.filter(pk__in=done).update(
        status=StatusButir.DIBACA.value, catatan="", oleh=actor, pada=timezone.now()
    )
    table = connection.ops.quote_name(PlenoButir._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET versi_id = %s WHERE id = %s",  # noqa: S608 - quoted model table
            [(versi_id, pk) for pk, (_kode, versi_id) in done.items()],
        )
    _audit(
        actor,
        "pleno.butir_dibaca_desa",
        pleno,
        after={
            "desa": desa_kode,
            "butir": dict(done.values()),
            "tertinggal": left,
        },
    )
    _status_refresh(pleno)
    return HasilKonfirmasiDesa(dikonfirmasi=[kode for kode, _v in done.values()], tertinggal=left)


def _lepas_bila_ditahan(*, versi: CHasilVersi, actor: User, alasan: str) -> None:
    if not galat_of(versi.temuan) or PelepasanTPS.objects.filter(versi=versi).exists():
        return
    reason = _wajib(alasan, "alasan")
    PelepasanTPS.objects.create(versi=versi, alasan=reason, oleh=actor, pada=timezone.now())
    pelepasan_apply(versi=versi, sebelum_dilepas=False)
    audit_record(
        actor=actor,
        action="rekap.pelepasan",
        target=versi,
        wilayah_kode=versi.c_hasil.tps.kode[:10],
        after={"tps": versi.c_hasil.tps.kode, "versi": versi.nomor},
        reason=reason,
    )


def _butir_set(
    pleno: Pleno,
    butir: PlenoButir,
    status: StatusButir,
    *,
    versi: CHasilVersi | None,
    catatan: str,
    actor: User,
) -> PlenoButir:
    before = {"status": butir.status, "versi": butir.versi_id}
    butir.status = status.value
    butir.versi = versi
    butir.catatan = catatan
    butir.oleh = actor
    butir.pada = timezone.now()
    butir.save(update_fields=["status", "versi", "catatan", "oleh", "pada"])
    _audit(
        actor,
        f"pleno.butir_{status.value}",
        pleno,
        before=before,
        after={"butir": butir.kode, "status": butir.status, "versi": butir.versi_id},
        reason=catatan,
    )
    _status_refresh(pleno)
    return butir


@transaction.atomic
def butir_koreksi(
    *,
    pleno: Pleno,
    tps_kode: str,
    angka: Mapping[str, object],
    versi_dasar: int,
    alasan: str,
    actor: User,
    keberatan: Keberatan | None = None,
    konfirmasi: Sequence[str] = (),
) -> CHasilVersi:
    """Correct a TPS's C.Hasil in the plenary: a new version (source ``pleno``) with its reason.

    ``versi_dasar`` is the version the plenary read; if another became current meanwhile,
    tungsura's VersiBentrok names the winner and nothing is stored. A correction may cite an
    objection (``keberatan``). The item is done when the corrected sheet is consistent; if it
    still breaks its arithmetic, the plenary confirms it with a reason (``butir_konfirmasi``).
    """
    pleno = _pleno_lock(pleno)
    _aksi_check(actor=actor, pleno=pleno, aksi=Aksi.KOREKSI)
    tps = TPS.objects.filter(pemilihan=pleno.pemilihan, kode=tps_kode).first()
    prefix = pleno.wilayah_kode.replace(".", "")
    if tps is None or not tps_kode.startswith(prefix):
        raise NotAccessible(
            gettext("TPS %(kode)s tidak ada di wilayah rapat pleno ini.") % {"kode": tps_kode}
        )
    reason = _wajib(alasan, "alasan")
    if keberatan is not None:
        reason = f"{reason} (keberatan #{keberatan.pk}: {keberatan.pengaju})"
    versi = c_hasil_submit(
        tps=tps,
        jenis=pleno.kontestasi.jenis,
        angka=angka,
        actor=actor,
        sumber=Sumber.PLENO,
        alasan=reason,
        versi_dasar=versi_dasar,
        konfirmasi=konfirmasi,
    ).versi
    item_kode = tps_kode if pleno.tingkat == TingkatPleno.KECAMATAN else _anak_of(pleno, tps_kode)
    butir = _butir_get(pleno, item_kode)
    if pleno.tingkat == TingkatPleno.KECAMATAN:
        status = StatusButir.BELUM if galat_of(versi.temuan) else StatusButir.DIKOREKSI
        _butir_set(pleno, butir, status, versi=versi, catatan=reason, actor=actor)
    else:
        _audit(
            actor,
            "pleno.koreksi_tps",
            pleno,
            after={"tps": tps_kode, "versi": versi.nomor},
            reason=reason,
        )
    return versi


def _anak_of(pleno: Pleno, tps_kode: str) -> str:
    digits = {TingkatPleno.KABKOTA: 6, TingkatPleno.PROVINSI: 4, TingkatPleno.NASIONAL: 2}
    d = tps_kode[: digits[TingkatPleno(pleno.tingkat)]]
    return ".".join(d[i : i + 2] for i in range(0, len(d), 2))


@transaction.atomic
def keberatan_catat(
    *, pleno: Pleno, kode: str, pengaju: str, uraian: str, actor: User
) -> Keberatan:
    """Record a witness's or Bawaslu's objection, for one TPS or region (``kode``) or all ("")."""
    pleno = _pleno_lock(pleno)
    _aksi_check(actor=actor, pleno=pleno, aksi=Aksi.KEBERATAN)
    if kode and not PlenoButir.objects.filter(pleno=pleno, kode=kode).exists():
        raise NotAccessible(
            gettext("Butir %(kode)s tidak ada di rapat pleno ini.") % {"kode": kode}
        )
    keberatan = Keberatan.objects.create(
        pleno=pleno,
        kode=kode,
        pengaju=_wajib(pengaju, "pengaju"),
        uraian=_wajib(uraian, "uraian"),
        dicatat_oleh=actor,
        dicatat_pada=timezone.now(),
    )
    _audit(
        actor,
        "pleno.keberatan",
        pleno,
        after={"keberatan": keberatan.pk, "kode": kode, "pengaju": keberatan.pengaju},
    )
    _status_refresh(pleno)
    return keberatan


@transaction.atomic
def keberatan_jawab(*, keberatan: Keberatan, jawaban: str, actor: User) -> Keberatan:
    """Record the plenary's answer to an objection (decided by the plenary's own body)."""
    pleno = _pleno_lock(keberatan.pleno)
    pleno_check_boleh(actor=actor, pleno=pleno, aksi=Aksi.KOREKSI)
    _aksi_check(actor=actor, pleno=pleno, aksi=Aksi.KEBERATAN)
    keberatan = Keberatan.objects.select_for_update().get(pk=keberatan.pk)
    if keberatan.dijawab_pada is not None:
        raise PlenoStatusSalah(gettext("Keberatan ini sudah dijawab."))
    keberatan.jawaban = _wajib(jawaban, "jawaban")
    keberatan.dijawab_oleh = actor
    keberatan.dijawab_pada = timezone.now()
    keberatan.save(update_fields=["jawaban", "dijawab_oleh", "dijawab_pada"])
    _audit(
        actor,
        "pleno.keberatan_jawab",
        pleno,
        after={"keberatan": keberatan.pk},
        reason=keberatan.jawaban,
    )
    _status_refresh(pleno)
    return keberatan


@transaction.atomic
def kehadiran_catat(
    *, pleno: Pleno, unsur: str, nama: str, peserta: str = "", actor: User
) -> Kehadiran:
    """Record one attendee: a member, a participant's witness or Bawaslu."""
    pleno = _pleno_lock(pleno)
    _aksi_check(actor=actor, pleno=pleno, aksi=Aksi.KOREKSI)
    if unsur not in Kehadiran.Unsur.values:
        message = gettext("Unsur kehadiran tidak dikenal.")
        raise InvalidInput(message, errors=[RowError(row=None, field="unsur", message=message)])
    hadir = Kehadiran.objects.create(
        pleno=pleno, unsur=unsur, nama=_wajib(nama, "nama"), peserta=peserta.strip()
    )
    _audit(
        actor,
        "pleno.kehadiran",
        pleno,
        after={"unsur": unsur, "nama": hadir.nama, "peserta": hadir.peserta},
    )
    return hadir


def _hasil_now(pleno: Pleno) -> dict[str, object]:
    """What the plenary adopts: the region's count per dapil, each child's, each TPS's."""
    child_level = tingkat_of(pleno.wilayah_kode) + 1
    rows = agregat_baca(
        Q(kontestasi=pleno.kontestasi, dapil__isnull=False)
        & (
            Q(wilayah_kode=pleno.wilayah_kode)
            | Q(tingkat=child_level, wilayah_kode__startswith=pleno.wilayah_kode)
        )
    )
    anak: dict[str, dict[str, object]] = {}
    own: dict[str, object] = {}
    for (wilayah, _k, dapil_id), jumlah in sorted(
        rows.items(), key=lambda item: (item[0][0], item[0][2] or 0)
    ):
        if wilayah == pleno.wilayah_kode:
            own[str(dapil_id)] = jumlah_as_dict(jumlah)
        else:
            anak.setdefault(wilayah, {})[str(dapil_id)] = jumlah_as_dict(jumlah)
    hasil: dict[str, object] = {"dapil": own, "anak": anak}
    if pleno.tingkat == TingkatPleno.KECAMATAN:
        hasil["tps"] = _tps_hasil(pleno)
    return hasil


def _tps_hasil(pleno: Pleno) -> dict[str, object]:
    out: dict[str, object] = {}
    c_hasil_list = CHasil.objects.filter(
        kontestasi=pleno.kontestasi, tps__kode__startswith=pleno.wilayah_kode.replace(".", "")
    ).select_related("tps", "versi_terkini")
    dilepas = set(
        PelepasanTPS.objects.filter(versi__c_hasil__in=c_hasil_list).values_list(
            "versi_id", flat=True
        )
    )
    for c in c_hasil_list:
        versi = c.versi_terkini
        if versi is None:
            continue
        versi.c_hasil = c
        item = lembar_of(
            versi, tps_kode=c.tps.kode, jenis=pleno.kontestasi.jenis, dilepas=versi.pk in dilepas
        )
        out[c.tps.kode] = {**jumlah_as_dict(kontribusi(item)), "versi": versi.nomor}
    return out


@transaction.atomic
def pleno_tetapkan(*, pleno: Pleno, actor: User) -> Pleno:
    """Adopt the D.Hasil of the plenary and lock it: the figures are stored with the PDF.

    Needs every item done and every objection answered (state SELESAI).
    """
    pleno = _pleno_lock(pleno)
    _status_refresh(pleno)
    _aksi_check(actor=actor, pleno=pleno, aksi=Aksi.TETAPKAN)
    now = timezone.now()
    pleno.hasil = _hasil_now(pleno)
    pleno.status = StatusPleno.DITETAPKAN.value
    pleno.ditetapkan_pada = now
    pleno.ditetapkan_oleh = actor
    pdf = d_hasil_pdf(pleno=pleno)
    pleno.d_hasil_sha256 = hashlib.sha256(pdf).hexdigest()
    pleno.d_hasil.save(
        f"d-hasil-{pleno.kontestasi.jenis}-{pleno.wilayah_kode or 'nasional'}-{pleno.putaran}.pdf",
        ContentFile(pdf),
        save=False,
    )
    pleno.save()
    _audit(
        actor,
        "pleno.tetapkan",
        pleno,
        after={
            "status": pleno.status,
            "putaran": pleno.putaran,
            "d_hasil_sha256": pleno.d_hasil_sha256,
            "hasil": pleno.hasil["dapil"],
        },
    )
    return pleno


@transaction.atomic
def pleno_buka_kembali(*, pleno: Pleno, alasan: str, actor: User) -> Pleno:
    """Reopen a locked plenary (only the tier above may), keeping what it had adopted."""
    pleno = _pleno_lock(pleno)
    _aksi_check(actor=actor, pleno=pleno, aksi=Aksi.BUKA_KEMBALI)
    reason = _wajib(alasan, "alasan")
    PembukaanKembali.objects.create(
        pleno=pleno,
        putaran=pleno.putaran,
        alasan=reason,
        oleh=actor,
        pada=timezone.now(),
        hasil_sebelum=pleno.hasil or {},
    )
    pleno.status = StatusPleno.DIBUKA.value
    pleno.putaran += 1
    pleno.save(update_fields=["status", "putaran"])
    _audit(
        actor,
        "pleno.buka_kembali",
        pleno,
        before={"putaran": pleno.putaran - 1},
        after={"putaran": pleno.putaran, "status": pleno.status},
        reason=reason,
    )
    return _status_refresh(pleno)
