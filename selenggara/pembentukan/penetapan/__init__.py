"""The appointment of KPPS: choosing the 7 and the reserves of each TPS, the SK, the
inauguration, replacement (PAW), Petugas Ketertiban, honoraria and the progress dashboard.

It shares the models, the pure ``domain``, the access selectors and the messages of the
``pembentukan`` package with the intake (``pendaftaran``) and the screening (``penelitian``).
"""
