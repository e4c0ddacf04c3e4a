"""The main pages pass axe-core's WCAG 2 A and AA rules (labels, contrast, landmarks), and the
keyboard reaches the content first through a skip link, in Chromium."""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page whose Content-Security-Policy lets the checker be injected (no page loads it)."""
    context = browser.new_context(locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _violations(page) -> list[str]:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core is not installed at {AXE}: run `make install`")
        pytest.skip("axe-core is not installed: run `make install`")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
          });
          return {
            passes: result.passes.length,
            violations: result.violations.map(v =>
              v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')),
          };
        }"""
    )
    assert found["passes"] > 10, "the checker did not run its rules"
    return list(found["violations"])


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_the_main_pages_pass_the_accessibility_rules(live_server, page, alice, person_a):
    page.goto(f"{live_server.url}/login/")
    problems = {"/login/": _violations(page)}
    _log_in(page, live_server.url, "alice")
    for path in ("/", "/persons/", f"/persons/{person_a.pk}/", "/moves/", "/account/"):
        page.goto(f"{live_server.url}{path}")
        problems[path] = _violations(page)
    problems = {path: found for path, found in problems.items() if found}
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())


def test_the_first_tab_offers_to_skip_to_the_content(live_server, page, alice):
    _log_in(page, live_server.url, "alice")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
