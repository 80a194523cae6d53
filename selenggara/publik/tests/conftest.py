import pytest

from selenggara.publik.tests.world import HasilWorld, hasil_world_build


@pytest.fixture
def hw(db) -> HasilWorld:
    return hasil_world_build()


@pytest.fixture
def kunci_dir(settings, tmp_path):
    settings.PUBLIK_DIR = tmp_path / "publik"
    return settings.PUBLIK_DIR
