"""The screening of KPPS applicants: the automatic checks (one applicant, a desa, or the
nation through the Polars screening), the officer's MS/TMS verdicts, the public announcements
and the public responses.

It shares the models, the pure ``domain``, the access selectors and the messages of the
``pembentukan`` package with the intake (``pendaftaran``) and the appointment (``penetapan``).
"""
