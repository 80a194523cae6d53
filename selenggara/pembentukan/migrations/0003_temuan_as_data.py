"""Stored findings take the project's one shape (``core.domain.temuan.Temuan.as_dict()``).

Before, a finding was stored as ``{"code", "severity": "error"|"warning", "message_id", "field",
"catatan_petugas", "params", "syarat"}`` with its Indonesian text; now it is data only:
``{"kode", "tingkat": "galat"|"peringatan", "kunci", "params", "params_petugas", "syarat"}``,
worded by ``pembentukan.messages``. The old text is kept as ``pesan`` (the fallback when the
params do not fit a template) and the old officers' note as ``params_petugas.catatan``.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

_TINGKAT = {"error": "galat", "warning": "peringatan"}
_SEVERITY = {v: k for k, v in _TINGKAT.items()}


def _forward_one(t: dict[str, Any]) -> dict[str, Any]:
    if "kode" in t:
        return t
    new: dict[str, Any] = {
        "kode": t.get("code", ""),
        "tingkat": _TINGKAT.get(str(t.get("severity")), "galat"),
        "kunci": [t["field"]] if t.get("field") else [],
        "params": t.get("params") or {},
        "params_petugas": {"catatan": t["catatan_petugas"]} if t.get("catatan_petugas") else {},
        "syarat": t.get("syarat", ""),
    }
    if t.get("message_id"):
        new["pesan"] = t["message_id"]
    return new


def _backward_one(t: dict[str, Any]) -> dict[str, Any]:
    if "code" in t:
        return t
    kunci = t.get("kunci") or []
    return {
        "code": t.get("kode", ""),
        "severity": _SEVERITY.get(str(t.get("tingkat")), "error"),
        "message_id": t.get("pesan") or t.get("kode", ""),
        "params": t.get("params") or {},
        "field": kunci[0] if kunci else "",
        "catatan_petugas": "; ".join(str(v) for v in (t.get("params_petugas") or {}).values()),
        "syarat": t.get("syarat", ""),
    }


def _convert(apps: Any, one: Any) -> None:
    hasil_model = apps.get_model("pembentukan", "HasilPenelitian")
    batch = []
    for row in hasil_model.objects.exclude(temuan=[]).only("pk", "temuan").iterator(2000):
        row.temuan = [one(t) for t in row.temuan]
        batch.append(row)
        if len(batch) >= 2000:
            hasil_model.objects.bulk_update(batch, ["temuan"])
            batch = []
    hasil_model.objects.bulk_update(batch, ["temuan"])


def forward(apps: Any, schema_editor: Any) -> None:
    _convert(apps, _forward_one)


def backward(apps: Any, schema_editor: Any) -> None:
    _convert(apps, _backward_one)


class Migration(migrations.Migration):
    dependencies = [("pembentukan", "0002_penetapan")]

    operations = [migrations.RunPython(forward, backward)]
