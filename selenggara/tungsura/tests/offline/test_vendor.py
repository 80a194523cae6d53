"""The offline app's vendored scripts are the exact files their record names (VENDOR.md)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import selenggara.tungsura

VENDOR = Path(selenggara.tungsura.__file__).parent / "static/tungsura/offline/vendor"
ROW = re.compile(
    r"^\| (?P<file>[\w.-]+) \| (?P<package>[^|]+) \| (?P<version>[\d.]+) \| (?P<licence>[^|]+) "
    r"\| (?P<integrity>sha512-[A-Za-z0-9+/=]+) \| (?P<sha256>[0-9a-f]{64}) \|$"
)


def _records() -> list[re.Match[str]]:
    text = (VENDOR / "VENDOR.md").read_text(encoding="utf-8")
    return [m for line in text.splitlines() if (m := ROW.match(line))]


def test_every_vendored_file_has_a_record_and_matches_its_digest():
    records = _records()
    files = sorted(p.name for p in VENDOR.iterdir() if p.name != "VENDOR.md")
    assert sorted(r["file"] for r in records) == files == ["qrcode.js"]
    for record in records:
        data = (VENDOR / record["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == record["sha256"], record["file"]


def test_the_qr_encoder_is_the_recorded_release_with_its_licence_header():
    (record,) = _records()
    assert (record["package"].split()[0], record["version"]) == ("qrcode-generator", "2.0.4")
    assert "MIT" in record["licence"]
    head = (VENDOR / "qrcode.js").read_text(encoding="utf-8")[:600]
    assert "Copyright (c) 2009 Kazuhiko Arase" in head
    assert "Licensed under the MIT license" in head
