from datetime import timedelta

import pytest

from selenggara.accounts.templatetags.akun import menit


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(timedelta(minutes=30), 30, id="whole-minutes"),
        pytest.param(timedelta(seconds=61), 2, id="rounds-up"),
        pytest.param(timedelta(seconds=1), 1, id="at-least-one"),
        pytest.param(None, 0, id="none"),
    ],
)
def test_menit(value, expected):
    assert menit(value) == expected
