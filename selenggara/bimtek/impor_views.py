"""Pages that load a plan's data from files: venues, distances and trainers (KPU Kab/Kota),
the question bank of each module (read by those who train, written by the KPU), and a
session's test scores (by who runs it). A bad file names every bad row and field and
stores nothing (the services are all-or-nothing)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.contrib import messages as flash
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from selenggara.bimtek import access, services
from selenggara.bimtek.models import ModulBimtek, PelatihBimtek, RencanaBimtek, TempatBimtek
from selenggara.bimtek.views import _actor, _can_set_rules, _rencana, _runnable
from selenggara.core.errors import InvalidInput, RowError
from selenggara.core.tabular import upload_saved
from selenggara.wilayah.models import Wilayah


@dataclass(frozen=True, slots=True)
class JenisImpor:
    kode: str
    judul: str | Promise
    kolom: str | Promise
    run: Callable[..., services.ImportSummary]


JENIS: Sequence[JenisImpor] = (
    JenisImpor(
        "tempat",
        gettext_lazy("Tempat bimtek"),
        gettext_lazy(
            "desa_kode, nama, kapasitas; opsional alamat, tanggal (YYYY-MM-DD;...), sesi (1;2)"
        ),
        services.tempat_import,
    ),
    JenisImpor(
        "jarak",
        gettext_lazy("Jarak desa ke tempat"),
        gettext_lazy("desa_kode, tempat, km; opsional kecamatan_tempat"),
        services.jarak_import,
    ),
    JenisImpor(
        "pelatih",
        gettext_lazy("Pelatih dan narasumber"),
        gettext_lazy(
            "kecamatan_kode, nama, jenis (ppk, pps, kpu, polisi, jaksa, lainnya); opsional "
            "tanggal (YYYY-MM-DD;...) dan sesi (1;2) saat ia bisa mengajar"
        ),
        services.pelatih_import,
    ),
)


def _upload(request: HttpRequest) -> UploadedFile:
    upload = request.FILES.get("berkas")
    if upload is None:
        raise InvalidInput(
            _("Pilih berkas CSV atau XLSX."),
            errors=[RowError(row=None, field="berkas", message=_("Pilih berkas CSV atau XLSX."))],
        )
    return upload


def _imported(request: HttpRequest, run: Callable[[Path], services.ImportSummary]) -> int:
    """Save the request's file and import it; the count imported."""
    with upload_saved(_upload(request)) as path:
        return run(path).jumlah


class ImporView(LoginRequiredMixin, View):
    """Venues, distances and trainers of the plan: what is there, and an upload per kind."""

    def _page(
        self,
        request: HttpRequest,
        rencana: RencanaBimtek,
        *,
        jenis: str = "",
        pesan: str = "",
        errors: Sequence[RowError] = (),
        status: int = 200,
    ) -> HttpResponse:
        nama = dict(
            Wilayah.objects.filter(
                versi_id=rencana.pemilihan.versi_wilayah_id, induk_kode=rencana.kabkota_kode
            ).values_list("kode", "nama")
        )
        tempat = TempatBimtek.objects.filter(rencana=rencana).order_by("kecamatan_kode", "nama")
        pelatih = PelatihBimtek.objects.filter(rencana=rencana).order_by("kecamatan_kode", "nama")
        return render(
            request,
            "bimtek/impor.html",
            {
                "rencana": rencana,
                "jenis_list": JENIS,
                "jenis": jenis,
                "pesan": pesan,
                "errors": errors,
                "tempat_list": [(nama.get(t.kecamatan_kode, t.kecamatan_kode), t) for t in tempat],
                "pelatih_list": [
                    (nama.get(p.kecamatan_kode, p.kecamatan_kode), p) for p in pelatih
                ],
            },
            status=status,
        )

    def _writable(self, request: HttpRequest, kabkota: str) -> RencanaBimtek:
        rencana = _rencana(request, kabkota)
        access.rencana_check_plannable(
            actor=_actor(request), rencana=rencana, wilayah_kode=rencana.kabkota_kode
        )
        return rencana

    def get(self, request: HttpRequest, kabkota: str) -> HttpResponse:
        return self._page(request, self._writable(request, kabkota))

    def post(self, request: HttpRequest, kabkota: str) -> HttpResponse:
        rencana = self._writable(request, kabkota)
        jenis = next((j for j in JENIS if j.kode == request.POST.get("jenis")), None)
        if jenis is None:
            return self._page(request, rencana, pesan=_("Jenis impor tidak dikenal."), status=422)
        try:
            jumlah = _imported(
                request, lambda path: jenis.run(rencana=rencana, path=path, actor=_actor(request))
            )
        except InvalidInput as exc:
            return self._page(
                request,
                rencana,
                jenis=jenis.kode,
                pesan=exc.message,
                errors=exc.errors,
                status=422,
            )
        flash.success(
            request,
            _("%(n)s baris %(jenis)s diimpor; rencanakan ulang agar jadwal memakainya.")
            % {"n": jumlah, "jenis": str(jenis.judul).lower()},
        )
        return redirect("bimtek:impor", kabkota=rencana.kabkota_kode)


def _soal_page(
    request: HttpRequest,
    rencana: RencanaBimtek,
    *,
    modul_kode: str = "",
    pesan: str = "",
    errors: Sequence[RowError] = (),
    status: int = 200,
) -> HttpResponse:
    can_edit = _can_set_rules(_actor(request), rencana)
    return render(
        request,
        "bimtek/soal.html",
        {
            "rencana": rencana,
            "modul_list": ModulBimtek.objects.filter(rencana=rencana)
            .prefetch_related("soal_set")
            .order_by("urutan"),
            "can_edit": can_edit,
            "modul_kode": modul_kode,
            "pesan": pesan,
            "errors": errors,
            # What was typed, kept when a question is refused.
            "pertanyaan": request.POST.get("pertanyaan", ""),
            "isian": [(k, request.POST.get(k, "")) for k in services.PILIHAN],
        },
        status=status,
    )


class SoalView(LoginRequiredMixin, View):
    """The question bank per module; the KPU adds a question or imports a module's bank."""

    def _readable(self, request: HttpRequest, kabkota: str) -> RencanaBimtek:
        rencana = _rencana(request, kabkota)
        access.soal_check_readable(actor=_actor(request), rencana=rencana)
        return rencana

    def get(self, request: HttpRequest, kabkota: str) -> HttpResponse:
        return _soal_page(request, self._readable(request, kabkota))

    def post(self, request: HttpRequest, kabkota: str) -> HttpResponse:
        rencana = self._readable(request, kabkota)
        actor = _actor(request)
        access.rencana_check_plannable(
            actor=actor, rencana=rencana, wilayah_kode=rencana.kabkota_kode
        )
        post = request.POST
        modul = ModulBimtek.objects.filter(rencana=rencana, kode=post.get("modul", "")).first()
        if modul is None:
            return _soal_page(request, rencana, pesan=_("Pilih modul."), status=422)
        try:
            if post.get("aksi") == "impor":
                jumlah = _imported(
                    request, lambda path: services.soal_import(modul=modul, path=path, actor=actor)
                )
                text = _("%(n)s soal diimpor ke modul %(modul)s; bank lama diganti.")
            else:
                services.soal_create(
                    modul=modul,
                    pertanyaan=post.get("pertanyaan", ""),
                    pilihan={k: post.get(k, "") for k in services.PILIHAN},
                    kunci=post.get("kunci", ""),
                    actor=actor,
                )
                jumlah, text = 1, _("Soal ditambahkan ke modul %(modul)s.")
        except InvalidInput as exc:
            return _soal_page(
                request,
                rencana,
                modul_kode=modul.kode,
                pesan=exc.message,
                errors=exc.errors,
                status=422,
            )
        flash.success(request, text % {"n": jumlah, "modul": modul.nama})
        return redirect(f"{request.path}#modul-{modul.kode}")


class NilaiImporView(LoginRequiredMixin, View):
    """A session's pre/post-test scores from a file (the attendance sheet's TPS and seat)."""

    def post(self, request: HttpRequest, sesi_id: int) -> HttpResponse:
        sesi = _runnable(request, sesi_id)
        actor = _actor(request)
        try:
            jumlah = _imported(
                request, lambda path: services.nilai_import(sesi=sesi, path=path, actor=actor)
            )
        except InvalidInput as exc:
            flash.error(request, exc.message)
            for e in exc.errors:
                flash.error(request, str(e))
        else:
            flash.success(request, _("%(n)s nilai diimpor.") % {"n": jumlah})
        return redirect("bimtek:sesi", sesi_id=sesi.pk)
