"""Forms of the screening: the officer's MS/TMS verdicts and the public responses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from selenggara.pembentukan.domain.syarat import Syarat
from selenggara.pembentukan.models import PenilaianSyarat, TanggapanMasyarakat


class PenilaianForm(forms.Form):
    """One MS/TMS choice and a note per requirement."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for syarat in Syarat:
            self.fields[f"hasil_{syarat.value}"] = forms.ChoiceField(
                label=syarat.label,
                choices=PenilaianSyarat.Hasil.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"catatan_{syarat.value}"] = forms.CharField(
                label=_("Catatan"), required=False, widget=forms.TextInput()
            )

    def penilaian(self) -> dict[Syarat, tuple[str, str]]:
        return {
            syarat: (
                self.cleaned_data[f"hasil_{syarat.value}"],
                self.cleaned_data[f"catatan_{syarat.value}"],
            )
            for syarat in Syarat
            if self.cleaned_data.get(f"hasil_{syarat.value}")
        }


class TanggapanForm(forms.Form):
    isi = forms.CharField(
        label=_("Tanggapan atau masukan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    pengirim_nama = forms.CharField(label=_("Nama Anda"), max_length=150)
    pengirim_kontak = forms.CharField(label=_("Telepon atau email Anda"), max_length=150)


class TanggapanResolveForm(forms.Form):
    klarifikasi = forms.CharField(
        label=_("Klarifikasi PPS"), widget=forms.Textarea(attrs={"rows": 3})
    )
    hasil = forms.ChoiceField(
        label=_("Hasil"), choices=TanggapanMasyarakat.Hasil.choices, widget=forms.RadioSelect
    )
