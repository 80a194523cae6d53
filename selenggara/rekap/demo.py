"""Demo recap: Purbalingga's PPK plenaries after polling night, run through the services.

Continues the C.Hasil demo (tungsura/demo.py): in 17 of the kabupaten's 18 kecamatan the PPK
opens the plenary of every contest, records who attends, reads every TPS desa by desa, handles
what it finds, adopts and locks the D.Hasil Kecamatan (a real PDF). The first kecamatan
(Kemangkon, where the demo's ``ppk`` account sits and tungsura planted its faults) is left
unopened, for a person to walk as ``ppk``; once its plenaries are locked, ``kpu-kabkota``
can open the kab/kota plenary and adopt the D.Hasil Kabupaten.

What the 17 plenaries find (planted here, since tungsura's faults are all in Kemangkon): in
three TPS a re-entry from the paper misread one hundreds box (domain.md 4.3, as Sirekap did
in 2024), so the sheet breaks its own arithmetic and is held out of the count. The plenary
reads the paper and corrects each (a new C.Hasil version, source ``pleno``, with its reason);
at the first, a witness objects, the correction cites the objection and the plenary answers.

Every change goes through rekap/services.py and tungsura's c_hasil_submit (audited, the
counts kept by the in-transaction handler), in one transaction. Idempotent: a second run
finds its audit row and only reports the state as it is now.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import Penugasan, User
from selenggara.accounts.services import penugasan_assign, user_create
from selenggara.core.audit import audit_record
from selenggara.core.bulk import Progress
from selenggara.core.models import AuditLog
from selenggara.pemilihan.models import TPS, Kontestasi, Pemilihan
from selenggara.rekap import services
from selenggara.rekap.domain.pleno import StatusPleno
from selenggara.rekap.models import Pleno
from selenggara.tungsura.domain.sintetis import salah_baca_ratusan
from selenggara.tungsura.models import CHasil, CHasilVersi, Sumber
from selenggara.tungsura.selectors import versi_angka
from selenggara.tungsura.services import c_hasil_submit
from selenggara.wilayah.domain.kode import Tingkat
from selenggara.wilayah.models import Wilayah

AUDIT_ACTION = "rekap.demo"
PROGRESS_PHASE = "Rapat pleno PPK demo"
# (kecamatan index in code order, contest) of each misread; index 0 is Kemangkon, left open.
SALAH_BACA: tuple[tuple[int, str], ...] = ((1, "ppwp"), (4, "dpr"), (8, "dprd_kabkota"))
PENGAJU_KEBERATAN = "Saksi Paslon 02"


@dataclass(frozen=True, slots=True, kw_only=True)
class Koreksi:
    """One misread handled in a plenary."""

    tps_kode: str
    tps_label: str
    jenis: str
    kunci: str
    tertulis: int
    terbaca: int
    versi: int  # the plenary's version
    keberatan: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "tps": self.tps_kode,
            "label": self.tps_label,
            "jenis": self.jenis,
            "kunci": self.kunci,
            "tertulis": self.tertulis,
            "terbaca": self.terbaca,
            "versi": self.versi,
            "keberatan": self.keberatan,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class RekapDemoSummary:
    kecamatan_selesai: int
    pleno_ditetapkan: int
    koreksi: list[Koreksi]
    terbuka_kode: str
    terbuka_nama: str
    terbuka_ditetapkan: int  # of its contests' plenaries, locked since by a person
    jumlah_kontestasi: int
    kabkota_kode: str
    kabkota_nama: str
    dijalankan: bool  # False: run before, only reported
    detik: float = 0.0
    catatan: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.dijalankan:
            head = gettext(
                "Rekap demo: rapat pleno PPK %(k)s kecamatan x %(n)s kontestasi ditetapkan dan "
                "dikunci (%(p)s D.Hasil Kecamatan), %(d)s detik."
            )
        else:
            head = gettext(
                "Rekap demo sudah dijalankan sebelumnya: rapat pleno PPK %(k)s kecamatan x %(n)s "
                "kontestasi ditetapkan (%(p)s D.Hasil Kecamatan)."
            )
        out = [
            head
            % {
                "k": self.kecamatan_selesai,
                "n": self.jumlah_kontestasi,
                "p": self.pleno_ditetapkan,
                "d": self.detik,
            }
        ]
        out.append(gettext("Temuan yang ditangani dalam rapat pleno:"))
        for k in self.koreksi:
            line = gettext(
                "  - %(tps)s (%(kode)s) %(jenis)s: %(kunci)s terentri %(b)s, di kertas %(a)s "
                "(kotak ratusan salah baca, TPS ditahan); dikoreksi rapat pleno menjadi versi %(v)s."
            ) % {
                "tps": k.tps_label,
                "kode": k.tps_kode,
                "jenis": k.jenis.upper(),
                "kunci": k.kunci,
                "a": k.tertulis,
                "b": k.terbaca,
                "v": k.versi,
            }
            if k.keberatan:
                line += " " + gettext("Keberatan %(s)s dicatat, dikutip koreksi, dan dijawab.") % {
                    "s": PENGAJU_KEBERATAN
                }
            out.append(line)
        place = {"nama": self.terbuka_nama, "kode": self.terbuka_kode}
        if self.terbuka_ditetapkan < self.jumlah_kontestasi:
            out.append(
                gettext(
                    "Kecamatan %(nama)s (%(kode)s) sengaja dibiarkan: masuk sebagai ppk, buka "
                    "Rekapitulasi > %(nama)s, pilih kontestasi dan jalankan rapat plenonya "
                    "(%(s)s dari %(n)s sudah ditetapkan)."
                )
                % {**place, "s": self.terbuka_ditetapkan, "n": self.jumlah_kontestasi}
            )
        else:
            out.append(
                gettext("Rapat pleno Kecamatan %(nama)s (%(kode)s) sudah ditetapkan semua.") % place
            )
        out.append(
            gettext(
                "Setelah rapat pleno %(nama)s ditetapkan, masuk sebagai kpu-kabkota untuk membuka "
                "rapat pleno %(kab)s (%(kode)s) dan menetapkan D.Hasil Kabupaten. Periksa: "
                "`.venv/bin/selenggara rekap hitung-ulang --pemilihan %(p)s --periksa`."
            )
            % {
                "nama": self.terbuka_nama,
                "kab": self.kabkota_nama,
                "kode": self.kabkota_kode,
                "p": "pemilu-2024",
            }
        )
        return out


def _kecamatan_list(pemilihan: Pemilihan, kabkota_kode: str) -> list[Wilayah]:
    return list(
        Wilayah.objects.filter(
            versi_id=pemilihan.versi_wilayah_id, induk_kode=kabkota_kode, tingkat=Tingkat.KECAMATAN
        ).order_by("kode")
    )


def _ppk_ensure(kecamatan: Wilayah) -> User:
    """The kecamatan's PPK: the one assigned, else a demo account without a usable password."""
    held = (
        Penugasan.objects.filter(peran=Peran.PPK, is_active=True, wilayah_kode=kecamatan.kode)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    if held is not None:
        return held.user
    user = user_create(
        username=f"ppk-{kecamatan.kode.replace('.', '')}",
        nama=f"PPK {kecamatan.nama} (demo)",
        password=secrets.token_urlsafe(24),
        actor=None,
        enforce_password_policy=False,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    penugasan_assign(user=user, peran=Peran.PPK, wilayah_kode=kecamatan.kode, actor=None)
    return user


def _tps_label(tps: TPS) -> str:
    return f"TPS {tps.nomor:03d} {tps.desa.nama}"


def _salah_baca(
    *, pemilihan: Pemilihan, kecamatan: Wilayah, jenis: str, ppk: User
) -> tuple[CHasil, str, int, int] | None:
    """Re-enter one sheet of the kecamatan with a hundreds box misread (held out)."""
    c_hasil_list = (
        CHasil.objects.select_related("tps__desa", "versi_terkini")
        .filter(
            tps__pemilihan=pemilihan,
            tps__kode__startswith=kecamatan.kode.replace(".", ""),
            kontestasi__jenis=jenis,
            versi_terkini__temuan=[],
        )
        .order_by("tps__kode")
    )
    for c_hasil in c_hasil_list[:20]:
        versi = c_hasil.versi_terkini
        if versi is None:
            continue
        angka = versi_angka(versi)
        kunci = next((k for k, v in sorted(versi.suara.items()) if 10 <= v < 100), None)
        if kunci is None:
            continue
        salah = salah_baca_ratusan(angka, kunci)
        c_hasil_submit(
            tps=c_hasil.tps,
            jenis=jenis,
            angka=salah,
            actor=ppk,
            sumber=Sumber.ENTRI_KERTAS,
            alasan=gettext("Entri ulang dari salinan C.Hasil oleh operator PPK."),
            versi_dasar=versi.nomor,
        )
        return c_hasil, kunci, angka[kunci], salah[kunci]
    return None


def _hadir(pleno: Pleno, ppk: User, kecamatan: Wilayah) -> None:
    services.kehadiran_catat(pleno=pleno, unsur="anggota", nama=ppk.nama, actor=ppk)
    for nomor, peserta in ((1, "Paslon 01"), (2, "Paslon 02"), (3, "Paslon 03")):
        services.kehadiran_catat(
            pleno=pleno, unsur="saksi", nama=f"Saksi {nomor:02d} (demo)", peserta=peserta, actor=ppk
        )
    services.kehadiran_catat(
        pleno=pleno, unsur="bawaslu", nama=f"Panwaslu Kecamatan {kecamatan.nama}", actor=ppk
    )


def _koreksi(
    *, pleno: Pleno, found: tuple[CHasil, str, int, int], ppk: User, keberatan: bool
) -> Koreksi:
    c_hasil, kunci, tertulis, terbaca = found
    c_hasil.refresh_from_db()
    current = CHasilVersi.objects.filter(c_hasil=c_hasil).latest("nomor")
    tps = c_hasil.tps
    objection = None
    if keberatan:
        objection = services.keberatan_catat(
            pleno=pleno,
            kode=tps.kode,
            pengaju=PENGAJU_KEBERATAN,
            uraian=gettext(
                "Di salinan C.Hasil saksi, %(kunci)s tertulis %(a)s, bukan %(b)s seperti di layar."
            )
            % {"kunci": kunci, "a": tertulis, "b": terbaca},
            actor=ppk,
        )
    angka = {**versi_angka(current), kunci: tertulis}
    versi = services.butir_koreksi(
        pleno=pleno,
        tps_kode=tps.kode,
        angka=angka,
        versi_dasar=current.nomor,
        alasan=gettext(
            "Dibacakan dari C.Hasil kertas: %(kunci)s tertulis %(a)s, terentri %(b)s "
            "(kotak ratusan salah baca)."
        )
        % {"kunci": kunci, "a": tertulis, "b": terbaca},
        actor=ppk,
        keberatan=objection,
    )
    if objection is not None:
        services.keberatan_jawab(
            keberatan=objection,
            jawaban=gettext(
                "Diterima: C.Hasil kertas dibacakan dan disaksikan; dikoreksi menjadi versi %(v)s."
            )
            % {"v": versi.nomor},
            actor=ppk,
        )
    return Koreksi(
        tps_kode=tps.kode,
        tps_label=_tps_label(tps),
        jenis=pleno.kontestasi.jenis,
        kunci=kunci,
        tertulis=tertulis,
        terbaca=terbaca,
        versi=versi.nomor,
        keberatan=objection is not None,
    )


def _pleno_run(
    *,
    pemilihan: Pemilihan,
    kecamatan: Wilayah,
    jenis: str,
    ppk: User,
    found: tuple[CHasil, str, int, int] | None,
    keberatan: bool,
) -> Koreksi | None:
    pleno = services.pleno_get_or_create(
        pemilihan=pemilihan, wilayah_kode=kecamatan.kode, jenis=jenis
    )
    services.pleno_buka(pleno=pleno, actor=ppk)
    _hadir(pleno, ppk, kecamatan)
    koreksi = None
    if found is not None:
        koreksi = _koreksi(pleno=pleno, found=found, ppk=ppk, keberatan=keberatan)
    desa_list = sorted({kode[:10] for kode in pleno.butir_set.values_list("kode", flat=True)})
    for desa in desa_list:
        dotted = f"{desa[0:2]}.{desa[2:4]}.{desa[4:6]}.{desa[6:10]}"
        services.butir_konfirmasi_desa(pleno=pleno, desa_kode=dotted, actor=ppk)
    services.pleno_tetapkan(pleno=pleno, actor=ppk)
    return koreksi


def _previous(pemilihan: Pemilihan, kabkota_kode: str) -> AuditLog | None:
    return (
        AuditLog.objects.filter(
            action=AUDIT_ACTION,
            target_type="pemilihan.pemilihan",
            target_id=str(pemilihan.pk),
            wilayah_kode=kabkota_kode,
        )
        .order_by("-seq")
        .first()
    )


def _locked(pemilihan: Pemilihan, kode_list: list[str]) -> int:
    return Pleno.objects.filter(
        pemilihan=pemilihan, wilayah_kode__in=kode_list, status=StatusPleno.DITETAPKAN
    ).count()


def rekap_demo_run(
    *,
    pemilihan: Pemilihan,
    kabkota_kode: str = "33.03",
    log: Callable[[str], None] = lambda _line: None,
    progress: Progress | None = None,
) -> RekapDemoSummary:
    """Run the PPK plenaries of every kecamatan of ``kabkota_kode`` but the first (module
    docstring). Needs the C.Hasil demo of that kab/kota. Idempotent (see module docstring)."""
    started = time.perf_counter()
    kecamatan_list = _kecamatan_list(pemilihan, kabkota_kode)
    kabkota = Wilayah.objects.get(versi_id=pemilihan.versi_wilayah_id, kode=kabkota_kode)
    jenis_list = list(
        Kontestasi.objects.filter(pemilihan=pemilihan)
        .order_by("pk")
        .values_list("jenis", flat=True)
    )
    terbuka, dijalankan = kecamatan_list[0], kecamatan_list[1:]
    previous = _previous(pemilihan, kabkota_kode)
    ran = previous is None
    if previous is None:
        with transaction.atomic():
            koreksi = _run(
                pemilihan=pemilihan,
                kecamatan_list=dijalankan,
                jenis_list=jenis_list,
                log=log,
                progress=progress,
            )
            audit_record(
                actor=None,
                action=AUDIT_ACTION,
                target=pemilihan,
                wilayah_kode=kabkota_kode,
                after={
                    "kecamatan": [k.kode for k in dijalankan],
                    "terbuka": terbuka.kode,
                    "koreksi": [k.as_dict() for k in koreksi],
                },
            )
    else:
        after = dict(previous.after or {})
        koreksi = [
            Koreksi(
                tps_kode=str(k["tps"]),
                tps_label=str(k["label"]),
                jenis=str(k["jenis"]),
                kunci=str(k["kunci"]),
                tertulis=int(k["tertulis"]),
                terbaca=int(k["terbaca"]),
                versi=int(k["versi"]),
                keberatan=bool(k["keberatan"]),
            )
            for k in after.get("koreksi", [])
        ]
    return RekapDemoSummary(
        kecamatan_selesai=len(dijalankan),
        pleno_ditetapkan=_locked(pemilihan, [k.kode for k in dijalankan]),
        koreksi=koreksi,
        terbuka_kode=terbuka.kode,
        terbuka_nama=terbuka.nama,
        terbuka_ditetapkan=_locked(pemilihan, [terbuka.kode]),
        jumlah_kontestasi=len(jenis_list),
        kabkota_kode=kabkota.kode,
        kabkota_nama=kabkota.nama,
        dijalankan=ran,
        detik=round(time.perf_counter() - started, 1),
    )


def _run(
    *,
    pemilihan: Pemilihan,
    kecamatan_list: list[Wilayah],
    jenis_list: list[str],
    log: Callable[[str], None],
    progress: Progress | None,
) -> list[Koreksi]:
    koreksi: list[Koreksi] = []
    plan = dict(SALAH_BACA)
    for i, kecamatan in enumerate(kecamatan_list, start=1):
        ppk = _ppk_ensure(kecamatan)
        wanted = plan.get(i)
        for jenis in jenis_list:
            found = None
            if jenis == wanted:
                found = _salah_baca(pemilihan=pemilihan, kecamatan=kecamatan, jenis=jenis, ppk=ppk)
            done = _pleno_run(
                pemilihan=pemilihan,
                kecamatan=kecamatan,
                jenis=jenis,
                ppk=ppk,
                found=found,
                keberatan=not koreksi,
            )
            if done is not None:
                koreksi.append(done)
        log(gettext("Rapat pleno PPK %(nama)s ditetapkan.") % {"nama": kecamatan.nama})
        if progress is not None:
            progress(PROGRESS_PHASE, i, len(kecamatan_list))
    return koreksi
