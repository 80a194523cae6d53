import datetime as dt

import pytest
from django.test import RequestFactory

from selenggara.core.errors import NotAccessible
from selenggara.pemilihan.models import Pemilihan
from selenggara.pemilihan.selectors import pemilihan_pick
from selenggara.pemilihan.services import pemilihan_create
from selenggara.pemilihan.web import SESSION_PEMILIHAN, pemilihan_from_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilkada(wilayah_tree):
    return pemilihan_create(
        kode="pilkada-2024",
        nama="Pilkada 2024",
        jenis="pilkada",
        hari_pemungutan=dt.date(2024, 11, 27),
        versi_wilayah=wilayah_tree.versi,
        actor=None,
    )


class TestPemilihanPick:
    def test_newest_polling_day_by_default(self, pemilihan, pilkada):
        assert pemilihan_pick(requested=None, remembered=None) == pilkada

    def test_requested_wins_over_remembered(self, pemilihan, pilkada):
        assert pemilihan_pick(requested="pemilu-2024", remembered="pilkada-2024") == pemilihan

    def test_remembered_is_used_without_a_request(self, pemilihan, pilkada):
        assert pemilihan_pick(requested=None, remembered="pemilu-2024") == pemilihan

    def test_unknown_requested_code_is_not_found_never_another_election(self, pemilihan):
        with pytest.raises(NotAccessible):
            pemilihan_pick(requested="tidak-ada", remembered="pemilu-2024")

    def test_stale_remembered_code_falls_back_to_the_newest(self, pemilihan, pilkada):
        assert pemilihan_pick(requested=None, remembered="sudah-dihapus") == pilkada

    def test_preferred_elections_win_the_default(self, pemilihan, pilkada):
        prefer = Pemilihan.objects.filter(kode="pemilu-2024")

        assert pemilihan_pick(requested=None, remembered=None, prefer=prefer) == pemilihan

    def test_empty_preference_falls_back_to_the_newest(self, pemilihan, pilkada):
        prefer = Pemilihan.objects.none()

        assert pemilihan_pick(requested=None, remembered=None, prefer=prefer) == pilkada

    def test_no_election_at_all_gives_none(self, db):
        assert pemilihan_pick(requested=None, remembered=None) is None


class TestPemilihanFromRequest:
    def _request(self, query: str = "", session: dict[str, str] | None = None):
        request = RequestFactory().get(f"/{query}")
        request.session = dict(session or {})  # type: ignore[assignment]
        return request

    def test_choice_is_remembered(self, pemilihan, pilkada):
        request = self._request("?pemilihan=pemilu-2024")

        assert pemilihan_from_request(request) == pemilihan
        assert request.session[SESSION_PEMILIHAN] == "pemilu-2024"

    def test_public_pages_leave_the_session_alone(self, pemilihan, pilkada):
        request = self._request("?pemilihan=pemilu-2024")

        assert pemilihan_from_request(request, remember=False) == pemilihan
        assert SESSION_PEMILIHAN not in request.session

    def test_remembered_choice_is_used(self, pemilihan, pilkada):
        request = self._request(session={SESSION_PEMILIHAN: "pemilu-2024"})

        assert pemilihan_from_request(request) == pemilihan
