"""No personal data in any public page or published file.

Walks every page reachable from /hasil/ (and the photos it links), and every file of a
publication, looking for: anything shaped like a NIK (16 digits), every account's username,
e-mail and name (officers' usernames count as personal here), an incident's raiser and text,
and a TPS's street address.
"""

import re
from collections import deque
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from selenggara.accounts.domain.peran import Peran
from selenggara.accounts.models import User
from selenggara.portal.tests.world import NAMA_LUAR, TPS_A1
from selenggara.publik.terbitkan import publikasi_terbitkan
from selenggara.publik.tests.world import image_bytes
from selenggara.tungsura.kejadian.services import kejadian_record
from selenggara.tungsura.models import CHasilFoto, KejadianKhususFoto

pytestmark = pytest.mark.django_db

NIK = re.compile(r"(?<![0-9a-f])\d{16}(?![0-9a-f])")
RAHASIA_PENGAJU = "Saksi Rahasiawati Binti Contoh"
RAHASIA_URAIAN = "Pemilih bernama Sutarjo Rahasiadi membawa undangan orang lain"


@pytest.fixture
def rahasia(hw):
    world = hw.world
    world.user(Peran.PPK).email = "ppk.rahasia@contoh.id"
    world.user(Peran.PPK).save(update_fields=["email"])
    kejadian_record(
        tps=world.tps[TPS_A1],
        jenis="keberatan",
        kontestasi="ppwp",
        kategori="penghitungan",
        uraian=RAHASIA_URAIAN,
        pengaju="saksi",
        nama_pengaju=RAHASIA_PENGAJU,
        foto_list=[SimpleUploadedFile("k.jpg", image_bytes("red"), "image/jpeg")],
        actor=world.user(Peran.KPPS_KETUA),
    )
    needles = [RAHASIA_PENGAJU, RAHASIA_URAIAN, NAMA_LUAR[4]]
    for user in User.objects.all():
        needles += [v for v in (user.username, user.email, user.first_name, user.last_name) if v]
    return needles


def _check(where: str, text: str, needles: list[str]) -> None:
    assert not NIK.search(text), f"{where}: NIK-like number {NIK.search(text)}"
    for needle in needles:
        # Whole-word match: a username such as "ppk" is a common word inside others.
        assert not re.search(rf"(?<![\w.-]){re.escape(needle)}(?![\w-])", text), (
            f"{where}: {needle}"
        )


def test_no_personal_data_on_any_public_page(hw, rahasia):
    client = Client()
    seen: set[str] = set()
    queue = deque(["/hasil/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if url.startswith("/hasil/foto/"):
            continue
        text = unescape(response.content.decode())
        _check(url, text, rahasia)
        for link in re.findall(r'(?:href|src)="(/hasil/[^"#?]*)"', text):
            queue.append(link)
    assert any("/tps/" in u for u in seen)
    assert any(u.startswith("/hasil/foto/") for u in seen)
    assert len(seen) > 40


def test_no_personal_data_in_any_published_file(hw, rahasia, kunci_dir, tmp_path):
    out = tmp_path / "pub"
    publikasi_terbitkan(pemilihan=hw.world.pemilihan, out=out, alasan="uji privasi")

    files = [
        f
        for f in out.rglob("*")
        if f.is_file() and not f.name.endswith((".jpg", ".parquet", ".gz"))
    ]
    assert len(files) > 100
    for f in files:
        _check(str(f.relative_to(out)), f.read_bytes().decode("utf-8"), rahasia)
    import polars as pl

    for f in out.rglob("*.parquet"):
        _check(f.name, pl.read_parquet(f).write_csv(), rahasia)
    # Only C.Hasil page photos are published: incident photos never are.
    published = {f.stem for f in (out / "foto").iterdir()}
    assert published == set(CHasilFoto.objects.values_list("sha256", flat=True))
    assert not published & set(KejadianKhususFoto.objects.values_list("sha256", flat=True))
