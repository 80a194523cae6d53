"""``{{ temuan|pesan }}``: a domain finding or shortage worded in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template

from selenggara.pembentukan.messages import temuan_text

register = template.Library()


@register.filter
def pesan(temuan: Any) -> str:
    return temuan_text(temuan)
