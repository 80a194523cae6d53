"""The C.Hasil web form and the paper's layout, shared by entry, detail, salinan and verification.

``lembar_tata_letak`` lays any set of numbers out as sections I-V of the paper form, each row
with its label and boxes; a box carries either a form field (entry) or a number (reading), and
whether it is flagged, confirmed or changed since the previous version. The templates render
that structure only, so the entry page and the witnesses' copy always look like the paper and
like each other.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from selenggara.tungsura.domain import lembar as kunci
from selenggara.tungsura.domain.lembar import ANGKA_MAKS_INPUT, SusunanSuara
from selenggara.tungsura.domain.pemeriksaan import identitas_list
from selenggara.tungsura.messages import ALASAN_ISIAN, label

# --- The layout of the paper -----------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Kotak:
    """One number on the paper: its key, label and value, or its form field when entering."""

    kunci: str
    label: str
    nilai: int | None = None
    field: forms.BoundField | None = None
    ditandai: bool = False
    dikonfirmasi: bool = False
    sebelumnya: int | None = None  # the previous version's number when it changed
    jumlah_dari: str = ""  # keys whose sum this box must equal (for the live sums in JS)

    @property
    def berubah(self) -> bool:
        return self.sebelumnya is not None

    @property
    def digit(self) -> list[str]:
        """The number as written in the three digit boxes (more boxes if it does not fit)."""
        if self.nilai is None:
            return [" ", " ", " "]
        return list(str(self.nilai).rjust(3))


@dataclass(slots=True, kw_only=True)
class Baris:
    nomor: str
    uraian: str
    kotak: list[Kotak]
    nama: str = ""  # pair or candidate names printed on the form
    kelas: str = ""  # "partai", "calon" or "jumlah" in party blocks
    judul_blok: str = ""  # the party heading above the first row of its block


@dataclass(slots=True, kw_only=True)
class Bagian:
    kode: str
    judul: str
    kolom: list[str]
    baris: list[Baris]


_BAGIAN_I: tuple[tuple[str, Promise, tuple[str, str, str]], ...] = (
    ("A", _("Jumlah pemilih dalam Daftar Pemilih Tetap (DPT)"), kunci.DPT),
    ("B.1", _("Jumlah pengguna hak pilih dalam DPT"), kunci.PENGGUNA_DPT),
    (
        "B.2",
        _("Jumlah pengguna hak pilih dalam Daftar Pemilih Tambahan (DPTb)"),
        kunci.PENGGUNA_DPTB,
    ),
    ("B.3", _("Jumlah pengguna hak pilih dalam Daftar Pemilih Khusus (DPK)"), kunci.PENGGUNA_DPK),
    ("B.4", _("Jumlah pengguna hak pilih (B.1 + B.2 + B.3)"), kunci.PENGGUNA_TOTAL),
)
_BAGIAN_II = (
    ("1", _("Jumlah surat suara yang diterima, termasuk surat suara cadangan")),
    ("2", _("Jumlah surat suara yang digunakan")),
    ("3", _("Jumlah surat suara yang dikembalikan oleh pemilih (rusak atau keliru coblos)")),
    ("4", _("Jumlah surat suara yang tidak digunakan, termasuk sisa surat suara cadangan")),
)
_BAGIAN_V = (
    ("A", _("Jumlah seluruh suara sah")),
    ("B", _("Jumlah suara tidak sah")),
    ("C", _("Jumlah seluruh suara sah dan tidak sah")),
)


@dataclass(slots=True, kw_only=True)
class _Isi:
    """What fills the boxes: numbers, or a bound form, and the marks on them."""

    angka: Mapping[str, int]
    form: forms.Form | None
    nama_peserta: Mapping[str, str]
    ditandai: Collection[str]
    dikonfirmasi: Collection[str]
    sebelumnya: Mapping[str, int] | None
    jumlah_dari: Mapping[str, str]

    def kotak(self, key: str) -> Kotak:
        before = self.sebelumnya.get(key) if self.sebelumnya is not None else None
        value = self.angka.get(key)
        return Kotak(
            kunci=key,
            label=label(key, self.nama_peserta),
            nilai=value,
            field=self.form[key] if self.form is not None else None,
            ditandai=key in self.ditandai,
            dikonfirmasi=key in self.dikonfirmasi,
            sebelumnya=before if before is not None and before != value else None,
            jumlah_dari=self.jumlah_dari.get(key, ""),
        )


def _suara_ppwp(isi: _Isi, susunan: SusunanSuara) -> list[Baris]:
    return [
        Baris(
            nomor=str(n),
            uraian=gettext("Nomor urut %(nomor)s") % {"nomor": n},
            nama=isi.nama_peserta.get(kunci.kunci_calon(n), ""),
            kotak=[isi.kotak(kunci.kunci_calon(n))],
        )
        for n in susunan.calon
    ]


def _suara_partai(isi: _Isi, susunan: SusunanSuara) -> list[Baris]:
    rows: list[Baris] = []
    for blok in susunan.partai:
        partai_key = kunci.kunci_partai(blok.nomor)
        rows.append(
            Baris(
                nomor=str(blok.nomor),
                uraian=gettext("Suara sah partai politik saja"),
                kelas="partai",
                kotak=[isi.kotak(partai_key)],
                judul_blok=gettext("Partai nomor %(nomor)s %(nama)s")
                % {"nomor": blok.nomor, "nama": isi.nama_peserta.get(partai_key, "")},
            )
        )
        for c in blok.calon:
            key = kunci.kunci_partai_calon(blok.nomor, c)
            rows.append(
                Baris(
                    nomor=f"{blok.nomor}.{c}",
                    uraian=gettext("Calon nomor %(nomor)s") % {"nomor": c},
                    nama=isi.nama_peserta.get(key, ""),
                    kelas="calon",
                    kotak=[isi.kotak(key)],
                )
            )
        rows.append(
            Baris(
                nomor="",
                uraian=gettext("Jumlah suara sah partai politik dan calon"),
                kelas="jumlah",
                kotak=[isi.kotak(kunci.kunci_partai_jumlah(blok.nomor))],
            )
        )
    return rows


def _jumlah_dari(susunan: SusunanSuara) -> dict[str, str]:
    """For each total on the form, the keys it sums (the first equality that names it)."""
    result: dict[str, str] = {}
    for item in identitas_list(susunan):
        result.setdefault(item.jumlah, " ".join(item.bagian))
    return result


def lembar_tata_letak(
    *,
    susunan: SusunanSuara,
    nama_peserta: Mapping[str, str],
    angka: Mapping[str, int] | None = None,
    form: forms.Form | None = None,
    ditandai: Collection[str] = (),
    dikonfirmasi: Collection[str] = (),
    sebelumnya: Mapping[str, int] | None = None,
) -> list[Bagian]:
    """Return sections I-V of the paper form filled with ``angka`` or with ``form``'s fields."""
    isi = _Isi(
        angka=angka or {},
        form=form,
        nama_peserta=nama_peserta,
        ditandai=ditandai,
        dikonfirmasi=dikonfirmasi,
        sebelumnya=sebelumnya,
        jumlah_dari=_jumlah_dari(susunan),
    )
    lpj = [gettext("Laki-laki (L)"), gettext("Perempuan (P)"), gettext("Jumlah (L+P)")]
    bagian_i = Bagian(
        kode="I",
        judul=gettext("Data pemilih dan pengguna hak pilih"),
        kolom=lpj,
        baris=[
            Baris(nomor=n, uraian=str(u), kotak=[isi.kotak(k) for k in keys])
            for n, u, keys in _BAGIAN_I
        ],
    )
    bagian_ii = Bagian(
        kode="II",
        judul=gettext("Data penggunaan surat suara"),
        kolom=[gettext("Jumlah")],
        baris=[
            Baris(nomor=n, uraian=str(u), kotak=[isi.kotak(k)])
            for (n, u), k in zip(_BAGIAN_II, kunci.SURAT_SUARA, strict=True)
        ],
    )
    bagian_iii = Bagian(
        kode="III",
        judul=gettext("Data pemilih disabilitas"),
        kolom=lpj,
        baris=[
            Baris(
                nomor="",
                uraian=gettext("Jumlah seluruh pemilih disabilitas yang menggunakan hak pilih"),
                kotak=[isi.kotak(k) for k in kunci.DISABILITAS],
            )
        ],
    )
    if susunan.berpartai:
        rows = _suara_partai(isi, susunan)
        judul = gettext("Rincian perolehan suara sah partai politik dan calon")
    else:
        rows = _suara_ppwp(isi, susunan)
        judul = gettext("Perolehan suara sah")
    bagian_iv = Bagian(kode="IV", judul=judul, kolom=[gettext("Suara sah")], baris=rows)
    bagian_v = Bagian(
        kode="V",
        judul=gettext("Data suara sah dan tidak sah"),
        kolom=[gettext("Jumlah")],
        baris=[
            Baris(nomor=n, uraian=str(u), kotak=[isi.kotak(k)])
            for (n, u), k in zip(_BAGIAN_V, kunci.SUARA, strict=True)
        ],
    )
    return [bagian_i, bagian_ii, bagian_iii, bagian_iv, bagian_v]


# --- Forms -------------------------------------------------------------------------------------


class AngkaInput(forms.TextInput):
    """A big box for a number: the phone shows its digit keypad (``inputmode=numeric``)."""

    def __init__(self) -> None:
        super().__init__(
            attrs={
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autocomplete": "off",
                "maxlength": "5",
                "class": "angka",
            }
        )


class CHasilForm(forms.Form):
    """Every number of one TPS's C.Hasil for one contest, and what goes with a submission.

    The numbers are only checked for shape here (whole, 0..99,999; the same refusals as
    ``lembar.isian_check``); what they say is for ``c_hasil_check`` to flag, never to refuse.
    """

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    # The version current when the page was opened (0: none): a correction made on top of a
    # version that was replaced meanwhile is refused instead of silently overwriting it.
    versi_dasar = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=32767, required=False
    )
    konfirmasi = forms.MultipleChoiceField(required=False)
    alasan = forms.CharField(
        label=_("Alasan koreksi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib untuk koreksi: apa yang salah dan dari mana angka yang benar."),
    )

    def __init__(
        self,
        *args: Any,
        susunan: SusunanSuara,
        nama_peserta: Mapping[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kunci_list: Sequence[str] = susunan.kunci_semua()
        messages = {
            "required": str(ALASAN_ISIAN["tidak_diisi"]),
            "invalid": str(ALASAN_ISIAN["bukan_angka"]),
            "min_value": str(ALASAN_ISIAN["negatif"]),
            "max_value": str(ALASAN_ISIAN["terlalu_besar"]),
        }
        for key in self.kunci_list:
            self.fields[key] = forms.IntegerField(
                label=label(key, nama_peserta),
                min_value=0,
                max_value=ANGKA_MAKS_INPUT,
                widget=AngkaInput(),
                error_messages=messages,
            )
        konfirmasi = cast("forms.MultipleChoiceField", self.fields["konfirmasi"])
        konfirmasi.choices = [(key, key) for key in self.kunci_list]

    def angka(self) -> dict[str, int]:
        """The numbers of a valid form, in paper order."""
        return {key: int(self.cleaned_data[key]) for key in self.kunci_list}


class FotoForm(forms.Form):
    halaman = forms.IntegerField(label=_("Halaman"), min_value=1, max_value=99)
    dari = forms.IntegerField(label=_("dari"), min_value=1, max_value=99)
    foto = forms.FileField(
        label=_("Foto halaman"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )


class DigestForm(forms.Form):
    digest = forms.CharField(
        label=_("Kode digest (SHA-256)"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}
        ),
        help_text=_("64 huruf/angka dari salinan saksi; spasi dan tanda hubung boleh."),
    )
