"""Forms of incidents and objections: input shape only; the rules live in kejadian.services.

The photos are read from ``request.FILES.getlist("foto")`` (a camera input may give several).
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from selenggara.pemilihan.domain.pemilihan import JenisKontestasi
from selenggara.tungsura.domain.kejadian import JenisCatatan, Kategori, Pengaju
from selenggara.tungsura.logistik.selectors import kontestasi_label

JENIS_LABEL: dict[str, Promise] = {
    JenisCatatan.KEJADIAN_KHUSUS: _("Kejadian khusus"),
    JenisCatatan.KEBERATAN: _("Keberatan"),
}
KATEGORI_LABEL: dict[str, Promise] = {
    Kategori.PEMILIH: _("Pemilih"),
    Kategori.SURAT_SUARA: _("Surat suara"),
    Kategori.PROSEDUR: _("Prosedur"),
    Kategori.PENGHITUNGAN: _("Penghitungan suara"),
    Kategori.KEAMANAN: _("Keamanan dan ketertiban"),
    Kategori.BENCANA: _("Cuaca, bencana, listrik"),
    Kategori.LAINNYA: _("Lainnya"),
}
PENGAJU_LABEL: dict[str, Promise] = {
    Pengaju.KPPS: _("KPPS"),
    Pengaju.SAKSI: _("Saksi peserta pemilu"),
    Pengaju.PENGAWAS_TPS: _("Pengawas TPS"),
    Pengaju.PEMILIH: _("Pemilih"),
    Pengaju.PEMANTAU: _("Pemantau"),
}


class KejadianForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Jenis"),
        choices=list(JENIS_LABEL.items()),
        widget=forms.RadioSelect,
        initial=JenisCatatan.KEJADIAN_KHUSUS,
    )
    kontestasi = forms.ChoiceField(label=_("Kontestasi"), required=False)
    kategori = forms.ChoiceField(label=_("Kategori"), choices=list(KATEGORI_LABEL.items()))
    uraian = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 5}))
    pengaju = forms.ChoiceField(label=_("Diajukan oleh"), choices=list(PENGAJU_LABEL.items()))
    nama_pengaju = forms.CharField(
        label=_("Nama pengaju"),
        required=False,
        max_length=200,
        help_text=_("Wajib untuk saksi (sebutkan juga pasangan/partai), Pengawas TPS, pemantau."),
    )

    def __init__(self, *args: object, kontestasi: Sequence[JenisKontestasi], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["kontestasi"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", _("Seluruh TPS (semua kontestasi)"))] + [
            (j.value, kontestasi_label(j)) for j in kontestasi
        ]
