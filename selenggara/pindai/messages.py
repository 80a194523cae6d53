"""What the reader tells people, in Indonesian (English in the locale files)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from selenggara.pindai.registrasi import Penolakan

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
