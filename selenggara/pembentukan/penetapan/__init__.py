"""The appointment half of KPPS formation: choosing the 7 and the reserves of each TPS, the SK,
the inauguration, replacement (PAW), Petugas Ketertiban, honoraria and the progress dashboard.

The intake half (registration, documents, checks, verdicts, announcements) sits at the top of
the ``pembentukan`` package; both share its models and its pure ``domain``.
"""
