"""Forms of TPS logistics: input shape only; the rules live in logistik.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from selenggara.tungsura.logistik.services import CATATAN_MAX, NOMOR_SEGEL_MAX
from selenggara.tungsura.models import KotakSuara


class KotakSuaraForm(forms.Form):
    jenis = forms.CharField(widget=forms.HiddenInput)
    nomor_segel = forms.CharField(label=_("Nomor segel"), max_length=NOMOR_SEGEL_MAX)
    kondisi_segel = forms.ChoiceField(
        label=_("Kondisi segel"),
        choices=KotakSuara.Kondisi.choices,
        widget=forms.RadioSelect,
        initial=KotakSuara.Kondisi.UTUH,
    )
    surat_suara_diterima = forms.IntegerField(
        label=_("Surat suara diterima (lembar)"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    diterima_pada = forms.DateTimeField(
        label=_("Waktu diterima"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    catatan = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=CATATAN_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
