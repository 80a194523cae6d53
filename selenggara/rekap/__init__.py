"""Rekap: the tiered recapitulation (PPK -> KPU Kab/Kota -> Provinsi -> RI) and the recap engine."""
