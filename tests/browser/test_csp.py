"""No page breaks its own Content-Security-Policy: a real browser reports no violation while
the key pages load and run their scripts (htmx, the C.Hasil live sums)."""

from __future__ import annotations

import re

import pytest

from selenggara.accounts.domain.peran import Peran
from selenggara.portal.tests.world import PASSWORD, TPS_A1, user_with_peran
from selenggara.tungsura.tests.world import tungsura_world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collect every violation the browser reports, from the first script of each page on.
_LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile);
});
"""


def _violations(page) -> list[str]:
    return list(page.evaluate("window.__csp || []"))


def test_key_pages_load_and_run_without_a_csp_violation(phone, live_server):
    from playwright.sync_api import expect

    world = tungsura_world_build(with_users=False)
    user_with_peran(world, Peran.KPPS_KETUA, username="kpps_kedungbenda_1")
    console: list[str] = []
    phone.on("console", lambda msg: console.append(msg.text))
    phone.add_init_script(_LISTEN)
    seen: dict[str, list[str]] = {}

    for path in ("/akun/masuk/", "/daftar-kpps/", "/verifikasi/"):
        response = phone.goto(f"{live_server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        phone.wait_for_load_state("networkidle")
        seen[path] = _violations(phone)

    phone.goto(f"{live_server.url}/akun/masuk/")
    phone.fill("input[name=username]", "kpps_kedungbenda_1")
    phone.fill("input[name=password]", PASSWORD)
    phone.click("main button[type=submit]")
    phone.goto(f"{live_server.url}/tungsura/tps/{TPS_A1}/c-hasil/ppwp/isi/")
    phone.fill("input[name=dpt_l]", "120")
    # The page's own script ran (the live sums), so scripts are allowed where they should be.
    expect(phone.locator("input[name=dpt_l]")).to_have_value("120")
    phone.click("button[value=periksa]")
    phone.wait_for_load_state("networkidle")
    seen["c-hasil"] = _violations(phone)
    phone.goto(f"{live_server.url}/")
    phone.wait_for_load_state("networkidle")
    seen["dashboard"] = _violations(phone)

    assert seen == {path: [] for path in seen}
    assert not [line for line in console if re.search(r"Content.Security.Policy", line)]
