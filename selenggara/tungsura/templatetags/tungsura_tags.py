"""Template helpers of the C.Hasil pages."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def get(mapping: Mapping[str, object], key: str) -> object:
    """``{{ labels|get:key }}``: a dict lookup with a variable key ("" when absent)."""
    return mapping.get(key, "")
