"""``{{ temuan|pesan }}``: a domain finding or shortage worded in the reader's language;
``{{ temuan|pesan_petugas }}``: its officers' note; ``{{ jenis|santunan_label }}``: a santunan
case likewise."""

from __future__ import annotations

from typing import Any

from django import template

from selenggara.pembentukan.domain.honorarium import JenisSantunan
from selenggara.pembentukan.messages import santunan_label as _santunan_label
from selenggara.pembentukan.messages import temuan_petugas_text, temuan_text

register = template.Library()


@register.filter
def pesan(temuan: Any) -> str:
    return temuan_text(temuan)


@register.filter
def pesan_petugas(temuan: Any) -> str:
    return temuan_petugas_text(temuan)


@register.filter
def santunan_label(jenis: JenisSantunan) -> str:
    return _santunan_label(jenis)
