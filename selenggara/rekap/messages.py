"""The plain-Indonesian reason of each recap flag (the codes are in domain/tanda.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from selenggara.rekap.domain.tanda import KodeTanda, Tanda

_ALASAN = {
    KodeTanda.BELUM_MASUK: _("C.Hasil TPS ini belum masuk."),
    KodeTanda.ARITMETIKA: _(
        "Angka C.Hasil tidak sesuai hitungan formulir itu sendiri atau melebihi batas TPS."
    ),
    KodeTanda.DITAHAN: _(
        "Ditahan dari penjumlahan di semua tingkat sampai dikoreksi atau dikonfirmasi dengan "
        "alasan."
    ),
    KodeTanda.DIKOREKSI: _("Sudah dikoreksi; yang dipakai versi %(versi)s."),
    KodeTanda.KEBERATAN: _("Ada %(jumlah)s keberatan saksi atau pengawas untuk TPS ini."),
    KodeTanda.PARTISIPASI_LEBIH: _(
        "Pengguna hak pilih (%(pengguna)s) melebihi DPT TPS ini (%(dpt)s)."
    ),
    KodeTanda.MELEBIHI_BATAS: _(
        "Jumlah suara (%(suara)s) melebihi batas pemilih per TPS ditambah cadangan (%(batas)s)."
    ),
    KodeTanda.MENYIMPANG: _(
        "Perolehan %(kunci)s di TPS ini %(persen)s%% dari suara sah, jauh dari TPS lain di "
        "desanya (median %(median)s%%; skor-z termodifikasi %(skor)s, batas 3,5)."
    ),
    KodeTanda.ANGKA_KEMBAR: _("Angkanya persis sama dengan C.Hasil TPS %(tps)s."),
    KodeTanda.FOTO_KEMBAR: _("Foto C.Hasil-nya sama dengan foto TPS %(tps)s."),
}


def tanda_alasan(tanda: Tanda) -> str:
    """Return the reason of ``tanda`` in words a PPK member or a voter can read."""
    others = tanda.params.get("tps_lain", [])
    tps = ", ".join(str(k) for k in others) if isinstance(others, list) else ""
    return str(_ALASAN[tanda.kode]) % {**tanda.params, "tps": tps}
