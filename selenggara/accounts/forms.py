"""Shape checks for the account pages; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Username and password, with Indonesian labels and phone-friendly inputs."""

    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."
        ),
        "inactive": _("Akun ini tidak aktif."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Nama pengguna")
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "autocorrect": "off", "autocomplete": "username"}
        )
        self.fields["password"].label = _("Kata sandi")


class TOTPCodeForm(forms.Form):
    """The six-digit code from the authenticator app."""

    kode = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label=_("Kode 6 angka"),
        error_messages={"invalid": _("Masukkan 6 angka dari aplikasi autentikator.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": r"\d{6}",
                "maxlength": "6",
                "autofocus": True,
            }
        ),
    )


class ApiTokenCreateForm(forms.Form):
    nama = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Untuk apa token ini, mis. \u201cskrip rekap kecamatan\u201d."),
    )
    berlaku_hari = forms.TypedChoiceField(
        label=_("Berlaku"),
        coerce=int,
        initial=90,
        required=False,
        empty_value=None,
        choices=[
            (7, _("7 hari")),
            (30, _("30 hari")),
            (90, _("90 hari")),
            (365, _("1 tahun")),
        ],
        help_text=_("Sesudah itu token ditolak; buat token baru bila masih perlu."),
    )
