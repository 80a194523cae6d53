"""Bimtek pages: the plan and its dashboards, a kecamatan's waves (table, PDF, XLSX) with
re-planning and manual moves, and a session run from a phone (tick or QR check-in, scores,
the simulation checklist). Every object named by the URL goes through bimtek/access.py."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages as flash
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from selenggara.accounts.models import User
from selenggara.bimtek import access, dokumen, selectors, services
from selenggara.bimtek.charts import gain_svg, rekap_svg
from selenggara.bimtek.instance import window_of
from selenggara.bimtek.models import ModulBimtek, RencanaBimtek, SesiBimtek, TempatBimtek
from selenggara.core.errors import InvalidInput, NotAccessible, PermissionDenied
from selenggara.pembentukan.models import AnggotaKPPS
from selenggara.pemilihan.models import TPS, Pemilihan
from selenggara.pemilihan.web import pemilihan_from_request
from selenggara.wilayah.models import Wilayah

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _pemilihan(request: HttpRequest) -> Pemilihan:
    pemilihan = pemilihan_from_request(request)
    if pemilihan is None:
        raise NotAccessible(_("Belum ada pemilihan."))
    return pemilihan


def _rencana(request: HttpRequest, kabkota: str) -> RencanaBimtek:
    return access.rencana_get_for_actor(
        actor=_actor(request), pemilihan=_pemilihan(request), kabkota_kode=kabkota
    )


def _kecamatan(request: HttpRequest, kabkota: str, kecamatan: str) -> tuple[RencanaBimtek, Wilayah]:
    rencana = _rencana(request, kabkota)
    wilayah = Wilayah.objects.filter(
        versi_id=rencana.pemilihan.versi_wilayah_id, kode=kecamatan, induk_kode=rencana.kabkota_kode
    ).first()
    if wilayah is None or not rencana.kecamatan_set.filter(kecamatan_kode=kecamatan).exists():
        raise NotAccessible(_("Kecamatan tidak ditemukan."), kode=kecamatan)
    access.rencana_check_visible(actor=_actor(request), rencana=rencana, wilayah_kode=kecamatan)
    return rencana, wilayah


def _can_plan(actor: User, rencana: RencanaBimtek, kode: str) -> bool:
    try:
        access.rencana_check_plannable(actor=actor, rencana=rencana, wilayah_kode=kode)
    except PermissionDenied:
        return False
    return True


class BerandaView(LoginRequiredMixin, View):
    """The plans of the actor's kab/kota, and the sessions the actor takes part in."""

    def get(self, request: HttpRequest) -> HttpResponse:
        actor, pemilihan = _actor(request), _pemilihan(request)
        return render(
            request,
            "bimtek/beranda.html",
            {
                "pemilihan": pemilihan,
                "rencana_list": access.rencana_list_for_actor(actor=actor, pemilihan=pemilihan),
                "sesi_list": access.sesi_list_for_actor(actor=actor, pemilihan=pemilihan),
                "ringkasan": access.ringkasan_wilayah_for_actor(actor=actor, pemilihan=pemilihan),
            },
        )


class RingkasanView(LoginRequiredMixin, View):
    """The roll-up above the kab/kota: the nation by provinsi, a provinsi by kab/kota, with
    the same bars and at-risk count as each plan's page. Without a region: the actor's widest
    (a kab/kota officer goes to the plans)."""

    def get(self, request: HttpRequest, kode: str | None = None) -> HttpResponse:
        actor, pemilihan = _actor(request), _pemilihan(request)
        if kode is None:
            top = access.ringkasan_wilayah_for_actor(actor=actor, pemilihan=pemilihan)
            if top is None:
                return redirect("bimtek:beranda")
            wilayah_kode = top or None
        else:
            if not Wilayah.objects.filter(
                versi_id=pemilihan.versi_wilayah_id, kode=kode, tingkat=1
            ).exists():
                raise NotAccessible(_("Provinsi tidak ditemukan."), kode=kode)
            wilayah_kode = kode
        access.ringkasan_check_visible(actor=actor, pemilihan=pemilihan, wilayah_kode=wilayah_kode)
        rows = selectors.ringkasan_wilayah(pemilihan=pemilihan, wilayah_kode=wilayah_kode)
        wilayah = (
            Wilayah.objects.filter(versi_id=pemilihan.versi_wilayah_id, kode=wilayah_kode).first()
            if wilayah_kode
            else None
        )
        return render(
            request,
            "bimtek/ringkasan.html",
            {
                "pemilihan": pemilihan,
                "wilayah": wilayah,
                "rows": rows,
                "rekap_svg": rekap_svg([r.rekap for r in rows if r.rekap.kursi]),
                "peringatan": sum(r.rekap.tps_belum_lengkap for r in rows),
                "tps": sum(r.rekap.tps for r in rows),
                "tanpa_rencana": sum(r.tps_tanpa_rencana for r in rows),
            },
        )


class RencanaView(LoginRequiredMixin, View):
    """A kab/kota's plan: per kecamatan the result, any shortfall, and the dashboard."""

    def get(self, request: HttpRequest, kabkota: str) -> HttpResponse:
        rencana = _rencana(request, kabkota)
        actor = _actor(request)
        nama = dict(
            Wilayah.objects.filter(
                versi_id=rencana.pemilihan.versi_wilayah_id, induk_kode=rencana.kabkota_kode
            ).values_list("kode", "nama")
        )
        teks = selectors.kekurangan_teks(rencana)
        kecamatan_rows = [
            {
                "plan": k,
                "nama": nama.get(k.kecamatan_kode, k.kecamatan_kode),
                "kekurangan": teks.get(k.kecamatan_kode, []),
            }
            for k in rencana.kecamatan_set.order_by("kecamatan_kode")
        ]
        rekap = [
            r
            for r in selectors.dashboard_rekap(rencana=rencana, wilayah_kode=rencana.kabkota_kode)
            if access.wilayah_visible(actor=actor, rencana=rencana, kode=r.kode)
        ]
        gain = selectors.gain_per_modul(rencana=rencana, wilayah_kode=rencana.kabkota_kode)
        return render(
            request,
            "bimtek/rencana.html",
            {
                "rencana": rencana,
                "kecamatan_rows": kecamatan_rows,
                "rekap": rekap,
                "rekap_svg": rekap_svg(rekap),
                "gain_svg": gain_svg(gain),
                "gain": gain,
                "peringatan": sum(r.tps_belum_lengkap for r in rekap),
                "can_set_rules": _can_set_rules(actor, rencana),
                "tanggal_semua": _window_days(rencana),
                "aturan_jam": ",".join(f"{a}-{b}" for a, b in rencana.jam_slot),
                "aturan_tetangga": ", ".join(
                    f"{k}:{'+'.join(v)}" for k, v in sorted(rencana.tetangga.items())
                ),
            },
        )


class KecamatanView(LoginRequiredMixin, View):
    """A kecamatan's waves as a table, its dashboard per desa, re-plan, move and make-up."""

    def get(self, request: HttpRequest, kabkota: str, kecamatan: str) -> HttpResponse:
        rencana, wilayah = _kecamatan(request, kabkota, kecamatan)
        rekap = selectors.dashboard_rekap(rencana=rencana, wilayah_kode=kecamatan)
        desa_nama = {r.kode: r.nama for r in rekap}
        status_list = selectors.tps_status_list(rencana=rencana, wilayah_kode=kecamatan)
        status_tps = [
            {"status": t, "desa": desa_nama.get(f"{kecamatan}.{t.kode[6:10]}", "")}
            for t in status_list
        ]
        gain = selectors.gain_per_modul(rencana=rencana, wilayah_kode=kecamatan)
        context = {
            "rencana": rencana,
            "kecamatan": wilayah,
            "plan": rencana.kecamatan_set.get(kecamatan_kode=kecamatan),
            "gelombang_list": selectors.gelombang_list(rencana=rencana, kecamatan_kode=kecamatan),
            "jam": rencana.jam_slot,
            "sesi_list": selectors.sesi_list_for_kecamatan(
                rencana=rencana, kecamatan_kode=kecamatan
            ),
            "tempat_list": TempatBimtek.objects.filter(rencana=rencana, kecamatan_kode=kecamatan),
            "tanggal_list": window_of(rencana).tanggal_list,
            "slot_list": range(1, rencana.slot_per_hari + 1),
            "rekap": rekap,
            "rekap_svg": rekap_svg(rekap),
            "status_tps": status_tps,
            "berisiko": [t.kode for t in status_list if t.berisiko],
            "gain": gain,
            "gain_svg": gain_svg(gain),
            "susulan": selectors.susulan_list(rencana=rencana, kecamatan_kode=kecamatan),
            "can_plan": _can_plan(_actor(request), rencana, kecamatan),
        }
        return render(request, "bimtek/kecamatan.html", context)


def _window_days(rencana: RencanaBimtek) -> list[dict[str, object]]:
    """Every day from the start to the end (holidays included), with its two rule boxes."""
    out = []
    day = rencana.tanggal_mulai
    while day <= rencana.tanggal_selesai:
        iso = day.isoformat()
        out.append(
            {
                "tanggal": day,
                "iso": iso,
                "libur": iso in rencana.hari_dikecualikan,
                "transportasi": iso in rencana.hari_transportasi,
            }
        )
        day += dt.timedelta(days=1)
    return out


def _can_set_rules(actor: User, rencana: RencanaBimtek) -> bool:
    try:
        access.rencana_check_plannable(
            actor=actor, rencana=rencana, wilayah_kode=rencana.kabkota_kode
        )
    except PermissionDenied:
        return False
    return True


def _dates_of(values: list[str]) -> list[dt.date]:
    """Checked date boxes; one that is not a date is dropped (the boxes are the window's)."""
    out = []
    for v in values:
        try:
            out.append(dt.date.fromisoformat(v))
        except ValueError:
            continue
    return out


class RencanakanSemuaView(LoginRequiredMixin, View):
    """Plan every kecamatan of the kab/kota in the background worker."""

    def post(self, request: HttpRequest, kabkota: str) -> HttpResponse:
        rencana = _rencana(request, kabkota)
        actor = _actor(request)
        access.rencana_check_plannable(actor=actor, rencana=rencana, wilayah_kode=kabkota)
        try:
            services.rencana_plan_enqueue(rencana=rencana, wilayah_kode=kabkota, actor=actor)
        except services.PlanRefused as exc:
            flash.error(request, exc.message)
        else:
            flash.success(
                request,
                _("Perencanaan seluruh kab/kota dimulai; kemajuannya tampil di halaman ini."),
            )
        return redirect("bimtek:rencana", kabkota=kabkota)


class AturanView(LoginRequiredMixin, View):
    """The plan's rules, set by who plans the whole kab/kota (KPU Kab/Kota or above)."""

    def post(self, request: HttpRequest, kabkota: str) -> HttpResponse:
        rencana = _rencana(request, kabkota)
        actor = _actor(request)
        access.rencana_check_plannable(actor=actor, rencana=rencana, wilayah_kode=kabkota)
        post = request.POST
        try:
            services.rencana_aturan_update(
                rencana=rencana,
                actor=actor,
                alasan=post.get("alasan", "").strip(),
                hari_dikecualikan=_dates_of(post.getlist("hari_libur")),
                hari_transportasi=_dates_of(post.getlist("hari_transportasi")),
                desa_jauh=[k.strip() for k in post.get("desa_jauh", "").split(",") if k.strip()],
                boleh_tetangga=post.get("boleh_tetangga") == "1",
                tetangga=_tetangga_of(post.get("tetangga", "")),
                slot_per_hari=_int_or(post.get("slot_per_hari", ""), rencana.slot_per_hari),
                jam_slot=_jam_of(post.get("jam", "")),
                rasio_pelatih=_int_or(post.get("rasio_pelatih", ""), 0),
            )
        except InvalidInput as exc:
            flash.error(request, exc.message)
            for e in exc.errors:
                flash.error(request, str(e))
        else:
            flash.success(
                request, _("Aturan rencana disimpan; berlaku pada perencanaan berikutnya.")
            )
        return redirect("bimtek:rencana", kabkota=kabkota)


def _int_or(raw: str, default: int) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        return default


def _tetangga_of(raw: str) -> dict[str, list[str]]:
    """``33.03.01:33.03.02+33.03.03`` per line (or comma); a line without ``:`` is one
    kecamatan with no neighbour named, which the rules check reports as no pair."""
    pairs: dict[str, list[str]] = {}
    for part in raw.replace("\n", ",").split(","):
        kode, _sep, others = part.partition(":")
        if kode.strip():
            pairs.setdefault(kode.strip(), []).extend(
                o.strip() for o in others.split("+") if o.strip()
            )
    return pairs


def _jam_of(raw: str) -> list[tuple[str, str]]:
    jam = []
    for part in raw.split(","):
        if part.strip():
            mulai, _sep, selesai = part.partition("-")
            jam.append((mulai, selesai))
    return jam


class _KecamatanWrite(LoginRequiredMixin, View):
    def _planned(
        self, request: HttpRequest, kabkota: str, kecamatan: str
    ) -> tuple[RencanaBimtek, Wilayah]:
        rencana, wilayah = _kecamatan(request, kabkota, kecamatan)
        access.rencana_check_plannable(
            actor=_actor(request), rencana=rencana, wilayah_kode=kecamatan
        )
        return rencana, wilayah

    def _back(self, kabkota: str, kecamatan: str) -> HttpResponse:
        return redirect("bimtek:kecamatan", kabkota=kabkota, kecamatan=kecamatan)


class RencanakanView(_KecamatanWrite):
    def post(self, request: HttpRequest, kabkota: str, kecamatan: str) -> HttpResponse:
        rencana, _w = self._planned(request, kabkota, kecamatan)
        hasil = services.rencana_plan(
            rencana=rencana, wilayah_kode=kecamatan, actor=_actor(request), waktu_maks=2.0
        )
        if hasil.jadwal or hasil.status in ("OPTIMAL", "FEASIBLE"):
            flash.success(
                request,
                _("Rencana dihitung ulang: %(tps)s TPS, status %(status)s, gap %(gap)s %%.")
                % {"tps": len(hasil.jadwal), "status": hasil.status, "gap": hasil.gap_persen},
            )
        else:
            flash.error(
                request, _("Rencana tidak dapat disusun; lihat kekurangan di halaman rencana.")
            )
        return self._back(kabkota, kecamatan)


class PindahView(_KecamatanWrite):
    """Move one TPS by hand; the same rules as the planner, refused with the reason."""

    def post(self, request: HttpRequest, kabkota: str, kecamatan: str) -> HttpResponse:
        rencana, _w = self._planned(request, kabkota, kecamatan)
        tps = (
            TPS.objects.select_related("desa")
            .filter(
                pemilihan=rencana.pemilihan,
                kode=request.POST.get("tps", "").strip(),
                kode__startswith=kecamatan.replace(".", ""),
            )
            .first()
        )
        tempat = TempatBimtek.objects.filter(
            rencana=rencana, kecamatan_kode=kecamatan, pk=request.POST.get("tempat") or 0
        ).first()
        try:
            tanggal = dt.date.fromisoformat(request.POST.get("tanggal", ""))
            slot = int(request.POST.get("slot", "1")) - 1
        except ValueError:
            tanggal, slot = None, 0
        if tps is None or tempat is None or tanggal is None:
            flash.error(request, _("Isi kode TPS kecamatan ini, tempat, tanggal, dan sesi."))
            return self._back(kabkota, kecamatan)
        try:
            services.jadwal_move(
                rencana=rencana,
                tps=tps,
                tempat=tempat,
                tanggal=tanggal,
                slot=slot,
                actor=_actor(request),
                reason=request.POST.get("alasan", "").strip(),
            )
        except services.MoveRefused as exc:
            flash.error(request, _("Pemindahan ditolak: %(alasan)s") % {"alasan": exc.message})
        else:
            flash.success(request, _("TPS %(tps)s dipindah.") % {"tps": tps.kode})
        return self._back(kabkota, kecamatan)


class SusulanView(_KecamatanWrite):
    def post(self, request: HttpRequest, kabkota: str, kecamatan: str) -> HttpResponse:
        rencana, _w = self._planned(request, kabkota, kecamatan)
        try:
            sesi_list = services.susulan_schedule(
                rencana=rencana, kecamatan_kode=kecamatan, actor=_actor(request)
            )
        except services.PlanRefused as exc:
            flash.error(request, exc.message)
        else:
            flash.success(
                request,
                _("Sesi susulan dijadwalkan: %(sesi)s.")
                % {
                    "sesi": "; ".join(
                        f"{s.tempat.nama}, {date_format(s.tanggal, 'D j M')} "
                        + _("sesi %(n)s") % {"n": s.slot + 1}
                        for s in sesi_list
                    )
                },
            )
        return self._back(kabkota, kecamatan)


class GelombangDokumenView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kabkota: str, kecamatan: str, fmt: str) -> HttpResponse:
        if fmt not in ("pdf", "xlsx"):
            raise NotAccessible(_("Dokumen tidak ditemukan."))
        rencana, wilayah = _kecamatan(request, kabkota, kecamatan)
        judul = _("Gelombang bimtek KPPS Kecamatan %(k)s") % {"k": wilayah.nama}
        waves = selectors.gelombang_list(rencana=rencana, kecamatan_kode=kecamatan)
        if fmt == "pdf":
            body, ctype = (
                dokumen.gelombang_pdf(judul=judul, gelombang_list=waves, jam=rencana.jam_slot),
                PDF,
            )
        else:
            body, ctype = (
                dokumen.gelombang_xlsx(judul=judul, gelombang_list=waves, jam=rencana.jam_slot),
                XLSX,
            )
        response = HttpResponse(body, content_type=ctype)
        response["Content-Disposition"] = f'attachment; filename="gelombang-{kecamatan}.{fmt}"'
        return response


def _sesi(request: HttpRequest, sesi_id: int) -> SesiBimtek:
    return access.sesi_get_for_actor(actor=_actor(request), sesi_id=sesi_id)


def _runnable(request: HttpRequest, sesi_id: int) -> SesiBimtek:
    sesi = _sesi(request, sesi_id)
    access.sesi_check_runnable(actor=_actor(request), sesi=sesi)
    return sesi


class SesiView(LoginRequiredMixin, View):
    """One session on a phone: the trainees with a tick each, scores and the checklist."""

    def get(self, request: HttpRequest, sesi_id: int) -> HttpResponse:
        sesi = _sesi(request, sesi_id)
        try:
            access.sesi_check_runnable(actor=_actor(request), sesi=sesi)
            can_run = True
        except PermissionDenied:
            can_run = False
        peserta = selectors.sesi_peserta_list(sesi=sesi)
        if not can_run:
            # A KPPS or pengawas sees the session, and of the list only its own TPS.
            own = access.tps_kode_visible(actor=_actor(request), sesi=sesi)
            peserta = [p for p in peserta if p.tps_kode in own]
        return render(
            request,
            "bimtek/sesi.html",
            {
                "sesi": sesi,
                "peserta_list": peserta,
                "hadir": sum(1 for p in peserta if p.hadir),
                "can_run": can_run,
                "modul_list": ModulBimtek.objects.filter(rencana=sesi.rencana).order_by("urutan"),
                "checklist": [
                    (k, label, sesi.checklist.get(k, False))
                    for k, label in services.CHECKLIST_SIMULASI
                ],
            },
        )


def _anggota_of(sesi: SesiBimtek, raw: str | None) -> AnggotaKPPS:
    if not raw or not raw.isdigit():
        raise InvalidInput(_("Pilih peserta."))
    anggota = AnggotaKPPS.objects.filter(pk=int(raw)).first()
    if anggota is None:
        raise NotAccessible(_("Peserta tidak ditemukan."))
    return anggota


class HadirView(LoginRequiredMixin, View):
    """Tick (or untick) a member as present."""

    def post(self, request: HttpRequest, sesi_id: int) -> HttpResponse:
        sesi = _runnable(request, sesi_id)
        anggota = _anggota_of(sesi, request.POST.get("anggota"))
        if request.POST.get("hadir") == "0":
            services.kehadiran_cancel(sesi=sesi, anggota=anggota, actor=_actor(request))
        else:
            services.kehadiran_record(
                sesi=sesi, anggota=anggota, cara="centang", actor=_actor(request)
            )
        return redirect(reverse("bimtek:sesi", args=[sesi.pk]) + f"#a{anggota.pk}")


class HadirQRView(LoginRequiredMixin, View):
    """What a trainee's QR opens on the trainer's phone: confirm, and the check-in is stored."""

    def _read(self, request: HttpRequest, token: str) -> tuple[SesiBimtek, AnggotaKPPS]:
        ids = dokumen.hadir_token_read(token)
        if ids is None:
            raise NotAccessible(_("Kode QR tidak dikenal."))
        sesi = _runnable(request, ids[0])
        return sesi, _anggota_of(sesi, str(ids[1]))

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        sesi, anggota = self._read(request, token)
        return render(
            request, "bimtek/hadir_qr.html", {"sesi": sesi, "anggota": anggota, "token": token}
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        sesi, anggota = self._read(request, token)
        services.kehadiran_record(sesi=sesi, anggota=anggota, cara="qr", actor=_actor(request))
        flash.success(request, _("%(nama)s tercatat hadir.") % {"nama": anggota.pendaftar.nama})
        return redirect("bimtek:sesi", sesi_id=sesi.pk)


class NilaiView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, sesi_id: int) -> HttpResponse:
        sesi = _runnable(request, sesi_id)
        anggota = _anggota_of(sesi, request.POST.get("anggota"))
        modul = ModulBimtek.objects.filter(
            rencana=sesi.rencana, pk=request.POST.get("modul") or 0
        ).first()
        if modul is None:
            raise NotAccessible(_("Modul tidak ditemukan."))
        try:
            pre = int(request.POST["pre"]) if request.POST.get("pre") else None
            post = int(request.POST["post"]) if request.POST.get("post") else None
            services.nilai_record(
                sesi=sesi, anggota=anggota, modul=modul, pre=pre, post=post, actor=_actor(request)
            )
        except ValueError:
            flash.error(request, _("Nilai harus angka 0-100."))
        except (InvalidInput, services.CheckInRefused) as exc:
            flash.error(request, exc.message)
        else:
            flash.success(request, _("Nilai %(nama)s disimpan.") % {"nama": anggota.pendaftar.nama})
        return redirect("bimtek:sesi", sesi_id=sesi.pk)


class ChecklistView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, sesi_id: int) -> HttpResponse:
        sesi = _runnable(request, sesi_id)
        services.checklist_update(
            sesi=sesi, selesai=request.POST.getlist("butir"), actor=_actor(request)
        )
        return redirect("bimtek:sesi", sesi_id=sesi.pk)


class TutupView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, sesi_id: int) -> HttpResponse:
        sesi = _runnable(request, sesi_id)
        services.sesi_close(sesi=sesi, actor=_actor(request))
        flash.success(request, _("Sesi ditutup; yang belum hadir masuk daftar susulan."))
        return redirect("bimtek:sesi", sesi_id=sesi.pk)


class SesiDokumenView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, sesi_id: int, jenis: str) -> HttpResponse:
        if jenis not in ("undangan", "daftar-hadir"):
            raise NotAccessible(_("Dokumen tidak ditemukan."))
        sesi = _runnable(request, sesi_id)
        body = dokumen.sesi_pdf(
            sesi=sesi,
            peserta_list=selectors.sesi_peserta_list(sesi=sesi),
            daftar_hadir=jenis == "daftar-hadir",
            hadir_url=lambda token: request.build_absolute_uri(
                reverse("bimtek:hadir_qr", args=[token])
            ),
        )
        response = HttpResponse(body, content_type=PDF)
        response["Content-Disposition"] = f'attachment; filename="{jenis}-sesi-{sesi.pk}.pdf"'
        return response
