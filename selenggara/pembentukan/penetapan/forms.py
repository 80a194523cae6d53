"""Forms of the appointment half: input shape only; the rules live in penetapan.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from selenggara.pembentukan.domain.nik import JenisKelamin
from selenggara.pembentukan.domain.penetapan import PETUGAS_KETERTIBAN_PER_TPS, AlasanPAW
from selenggara.pembentukan.penetapan.services import DataPetugas

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_JENIS_KELAMIN = [("L", _("Laki-laki")), ("P", _("Perempuan"))]


class SKForm(forms.Form):
    nomor = forms.CharField(label=_("Nomor SK"), max_length=100)
    tanggal = forms.DateField(label=_("Tanggal SK"), widget=_DATE)


class PelantikanForm(forms.Form):
    waktu = forms.DateTimeField(
        label=_("Waktu pelantikan"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    tempat = forms.CharField(label=_("Tempat pelantikan"), max_length=200)


class PAWForm(forms.Form):
    alasan = forms.ChoiceField(
        label=_("Alasan (PKPU 8/2022 Pasal 43)"),
        choices=[(a.value, a.label) for a in AlasanPAW],
    )
    keterangan = forms.CharField(label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 3}))
    tanggal = forms.DateField(label=_("Tanggal"), widget=_DATE)
    bukti = forms.FileField(label=_("Bukti (PDF, JPEG atau PNG, paling besar 2 MB)"))


class KetertibanForm(forms.Form):
    """Two people, entered side by side (PETUGAS_KETERTIBAN_PER_TPS)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for i in range(1, PETUGAS_KETERTIBAN_PER_TPS + 1):
            self.fields[f"nama_{i}"] = forms.CharField(
                label=_("Nama petugas %(i)d") % {"i": i}, max_length=150
            )
            self.fields[f"nik_{i}"] = forms.CharField(
                label=_("NIK petugas %(i)d") % {"i": i},
                max_length=16,
                min_length=16,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            )
            self.fields[f"jenis_kelamin_{i}"] = forms.ChoiceField(
                label=_("Jenis kelamin petugas %(i)d") % {"i": i}, choices=_JENIS_KELAMIN
            )
            self.fields[f"telepon_{i}"] = forms.CharField(
                label=_("Telepon petugas %(i)d") % {"i": i}, max_length=20, required=False
            )

    def petugas(self) -> list[DataPetugas]:
        data = self.cleaned_data
        return [
            DataPetugas(
                nama=data[f"nama_{i}"],
                nik=data[f"nik_{i}"],
                jenis_kelamin=JenisKelamin(data[f"jenis_kelamin_{i}"]),
                telepon=data.get(f"telepon_{i}", ""),
            )
            for i in range(1, PETUGAS_KETERTIBAN_PER_TPS + 1)
        ]
