"""Forms of the intake: the registration form (public and PPS desk), the import, a document
upload and the applicant's status lookup.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.syarat import JenisDokumen, Pendidikan
from selenggara.pembentukan.pendaftaran.services import PendaftarInput
from selenggara.pemilihan.models import TPS
from selenggara.wilayah.models import Wilayah

DOMISILI_LUAR = "luar"


PERNYATAAN_LABELS = {
    "pernyataan_setia_pancasila": _(
        "Saya setia kepada Pancasila, UUD 1945, NKRI dan Bhinneka Tunggal Ika."
    ),
    "pernyataan_bukan_anggota_partai": _(
        "Saya bukan anggota partai politik (atau sudah keluar paling singkat 5 tahun)."
    ),
    "pernyataan_tidak_terikat_perkawinan": _(
        "Saya tidak terikat perkawinan dengan sesama penyelenggara Pemilu."
    ),
    "pernyataan_sehat_jasmani_rohani": _(
        "Saya mampu secara jasmani dan rohani serta bebas penyalahgunaan narkotika."
    ),
    "pernyataan_tidak_dipidana": _(
        "Saya tidak pernah dipidana penjara 5 tahun atau lebih berdasarkan putusan berkekuatan "
        "hukum tetap."
    ),
    "pernyataan_bukan_tim_kampanye": _(
        "Saya bukan tim kampanye, tim pemenangan atau saksi peserta pemilu dalam 5 tahun terakhir."
    ),
}


def dokumen_field_name(jenis: JenisDokumen) -> str:
    return f"dokumen_{jenis.value}"


class TPSChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: TPS) -> str:
        return f"TPS {obj.nomor:03d}"


class PendaftarForm(forms.Form):
    """The applicant's identity, declarations and documents (public form and PPS walk-in)."""

    nama = forms.CharField(label=_("Nama lengkap sesuai e-KTP"), max_length=150)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=16,
        min_length=16,
        help_text=_("16 angka, sesuai e-KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tanggal_lahir = forms.DateField(
        label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"})
    )
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=[(JenisKelamin.L.value, _("Laki-laki")), (JenisKelamin.P.value, _("Perempuan"))],
        widget=forms.RadioSelect,
    )
    alamat = forms.CharField(
        label=_("Alamat sesuai e-KTP"), widget=forms.Textarea(attrs={"rows": 2})
    )
    domisili = forms.ChoiceField(label=_("Desa/kelurahan domisili"))
    pendidikan = forms.ChoiceField(
        label=_("Pendidikan terakhir"), choices=[(p.value, p.label) for p in Pendidikan]
    )
    telepon = forms.CharField(
        label=_("Nomor telepon/WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    tps_preferensi = TPSChoiceField(
        label=_("TPS yang dipilih"),
        queryset=TPS.objects.none(),
        required=False,
        empty_label=_("Tidak memilih TPS tertentu"),
    )

    def __init__(
        self,
        *args: Any,
        desa: Wilayah,
        desa_sekecamatan: list[Wilayah],
        tps_qs: QuerySet[TPS],
        with_dokumen: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.desa = desa
        self._kecamatan_kode = desa.induk_kode
        cast("forms.ChoiceField", self.fields["domisili"]).choices = [
            *((w.kode, w.nama) for w in desa_sekecamatan),
            (DOMISILI_LUAR, _("Di luar kecamatan ini")),
        ]
        self.fields["domisili"].initial = desa.kode
        tps_field = cast("TPSChoiceField", self.fields["tps_preferensi"])
        tps_field.queryset = tps_qs
        for name, label in PERNYATAAN_LABELS.items():
            self.fields[name] = forms.BooleanField(label=label, required=False)
        if with_dokumen:
            for jenis in JenisDokumen:
                self.fields[dokumen_field_name(jenis)] = forms.FileField(
                    label=capfirst(jenis.label),  # keeps e-KTP, SMA as written
                    required=False,
                    widget=forms.ClearableFileInput(
                        attrs={
                            "accept": "image/jpeg,image/png"
                            if jenis is JenisDokumen.PAS_FOTO
                            else "application/pdf,image/jpeg,image/png"
                        }
                    ),
                )

    def pendaftar_input(self) -> PendaftarInput:
        data = self.cleaned_data
        domisili = data["domisili"]
        return PendaftarInput(
            nama=data["nama"],
            nik=data["nik"],
            tanggal_lahir=data["tanggal_lahir"],
            jenis_kelamin=JenisKelamin(data["jenis_kelamin"]),
            alamat=data["alamat"],
            domisili_desa_kode=self._kecamatan_kode if domisili == DOMISILI_LUAR else domisili,
            pendidikan=Pendidikan(data["pendidikan"]),
            telepon=data["telepon"],
            email=data["email"],
            tps_preferensi=data["tps_preferensi"],
            pernyataan={name: bool(data[name]) for name in PERNYATAAN_LABELS},
        )

    def dokumen(self) -> dict[JenisDokumen, UploadedFile]:
        return {
            jenis: self.cleaned_data[dokumen_field_name(jenis)]
            for jenis in JenisDokumen
            if self.cleaned_data.get(dokumen_field_name(jenis))
        }

    def pernyataan_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PERNYATAAN_LABELS]

    def dokumen_fields(self) -> list[forms.BoundField]:
        return [
            self[dokumen_field_name(j)]
            for j in JenisDokumen
            if dokumen_field_name(j) in self.fields
        ]

    def identitas_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in (
                "nama",
                "nik",
                "tanggal_lahir",
                "jenis_kelamin",
                "alamat",
                "domisili",
                "pendidikan",
                "telepon",
                "email",
                "tps_preferensi",
            )
        ]


class ImportForm(forms.Form):
    berkas = forms.FileField(label=_("Berkas Excel (.xlsx) sesuai templat"))


class DokumenUploadForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Jenis dokumen"), choices=[(j.value, j.label) for j in JenisDokumen]
    )
    berkas = forms.FileField(label=_("Berkas (PDF, JPEG atau PNG, paling besar 2 MB)"))


class StatusLookupForm(forms.Form):
    nomor = forms.CharField(label=_("Nomor pendaftaran"), max_length=32)
    token = forms.CharField(label=_("Kode akses"), max_length=64)
