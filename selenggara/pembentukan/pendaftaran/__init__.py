"""The intake of KPPS formation: the schedule, registration (the public form, the PPS desk and
the Excel import) and the applicants' documents.

It shares the models, the pure ``domain``, the access selectors and the messages of the
``pembentukan`` package with the screening (``penelitian``) and the appointment (``penetapan``).
"""
