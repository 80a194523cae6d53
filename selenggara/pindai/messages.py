"""What the reader tells people, in Indonesian (English in the locale files)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from selenggara.pindai.baca import BERKAS_HILANG, TOLAK, Catatan
from selenggara.pindai.domain.dekode import Sebab
from selenggara.pindai.registrasi import Penolakan
from selenggara.tungsura.messages import label

# What the KPPS is told when a photo cannot be read, with what to do about it.
PESAN_TOLAK = {
    Penolakan.BUKAN_C_HASIL: _(
        "Foto ini bukan halaman formulir C.Hasil yang dikenal: kode di pojok kanan atas tidak "
        "terbaca. Foto ulang halaman C.Hasil dengan kode halaman terlihat jelas."
    ),
    Penolakan.HALAMAN_SALAH: _(
        "Ini halaman lain dari yang diminta. Foto halaman yang benar (lihat tulisan "
        '"Halaman ... dari ..." di pojok kanan atas).'
    ),
    Penolakan.JENIS_SALAH: _(
        "Ini formulir pemilihan lain dari yang diminta. Foto C.Hasil pemilihan yang benar."
    ),
    Penolakan.BURAM: _(
        "Foto terlalu buram. Pegang ponsel dengan tenang dan sejajar kertas, tunggu fokus, lalu "
        "foto ulang."
    ),
    Penolakan.GELAP: _(
        "Foto terlalu gelap. Pindah ke tempat yang lebih terang atau nyalakan lampu, lalu foto "
        "ulang."
    ),
    Penolakan.TERPOTONG: _(
        "Keempat penanda sudut tidak terlihat. Foto ulang dengan seluruh halaman masuk bingkai "
        "dan keempat penanda hitam di sudut terlihat."
    ),
    Penolakan.KECIL: _(
        "Foto terlalu kecil untuk dibaca. Foto ulang lebih dekat, halaman memenuhi layar."
    ),
    Penolakan.RUSAK: _("Berkas ini bukan gambar yang dapat dibuka. Foto ulang halaman."),
}

# Why a number goes to review (``dekode.Sebab``); %(kotak)s is a box, %(identitas)s a sum.
PESAN_SEBAB = {
    Sebab.BULATAN_TIDAK_JELAS: _("bulatan tidak jelas pada kotak %(kotak)s"),
    Sebab.DIGIT_BULATAN_BEDA: _("digit dan bulatan tidak cocok pada kotak %(kotak)s"),
    Sebab.TIDAK_TERBACA: _("angka tidak terbaca"),
    Sebab.DIPILIH: _("dipilih agar jumlah cocok, perlu dikonfirmasi"),
    Sebab.JUMLAH_GAGAL: _("jumlah tidak cocok: %(identitas)s"),
    Sebab.KEYAKINAN_RENDAH: _("keyakinan rendah"),
    Sebab.HANYA_PILIHAN: _("jumlah cocok hanya dengan angka pilihan: %(identitas)s"),
    Sebab.TANPA_BUKTI: _("tidak ada bukti kedua (bulatan atau jumlah yang cocok)"),
}
PESAN_SEBAB_ANGKA = {  # the same cause for the number as a whole (no box named)
    Sebab.DIGIT_BULATAN_BEDA: _("digit dan bulatan tidak cocok"),
}
NAMA_KOTAK = {
    "ratusan": pgettext_lazy("kotak digit", "ratusan"),
    "puluhan": pgettext_lazy("kotak digit", "puluhan"),
    "satuan": pgettext_lazy("kotak digit", "satuan"),
}


def identitas_label(nama: str, nama_peserta: Mapping[str, str] | None = None) -> str:
    """An identity of the form ("calon_1 + calon_2 = suara_sah") in the paper's labels."""
    return " ".join(label(w, nama_peserta) if "_" in w else w for w in nama.split())


def alasan_teks(
    item: Catatan | Mapping[str, str] | str, nama_peserta: Mapping[str, str] | None = None
) -> str:
    """One stored reason worded in the active language: a ``Catatan``, its JSON, or a plain
    text (readings stored before reasons were kept as causes are shown as they were)."""
    if isinstance(item, str):
        return item
    c = item if isinstance(item, Catatan) else Catatan(**item)
    if c.sebab == TOLAK:
        return str(PESAN_TOLAK[Penolakan(c.rincian)])
    if c.sebab == BERKAS_HILANG:
        return gettext("Berkas %(berkas)s tidak dapat dibaca.") % {"berkas": c.rincian}
    sebab = Sebab(c.sebab)
    template = PESAN_SEBAB_ANGKA.get(sebab) if not c.rincian else None
    text = str(template or PESAN_SEBAB[sebab]) % {
        "kotak": str(NAMA_KOTAK.get(c.rincian, c.rincian)),
        "identitas": identitas_label(c.rincian, nama_peserta),
    }
    return f"{label(c.kunci, nama_peserta)}: {text}" if c.kunci else text
