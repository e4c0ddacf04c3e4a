"""Each demo persona follows every link of its menu, at desktop and at phone width, in Chromium:
every page opens, none shows English or a raw code, none is wider than a phone's screen.

Screenshots of every page go to var/screenshots/ (kept by CI as artefacts, never committed).
"""

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from pcmt.core.text import fold
from pcmt.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_load
from pcmt.geo.models import AdminUnit, DivisionType, UnitLevel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1366, 768), "phone": (375, 740)}
SCREENSHOTS = settings.VAR_DIR / "screenshots"

# Words and phrases an untranslated Vietnamese page gives away; none is a Vietnamese word.
ENGLISH = re.compile(
    r"\b(the|and|of|with|from|this|these|is|are|not|no results|search|save|cancel|submit|"
    r"home|persons|log out|login|next|previous|required|total|status|filter|export|edit|"
    r"delete|none|true|false|page|show|download|report|date|name|yes|choose|select|field|"
    r"add|open|close|back|unknown|invalid|error)\b",
    re.IGNORECASE,
)
# A raw code (law_120_2025, name_required, id_format, drug_user): a word joined by underscores.
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
# Codes a page may show while they wait to be named in words, page by page (none now): listed
# one by one, so that any other code still fails the walk.
ELSEWHERE: dict[str, set[str]] = {}
# Text that is not the interface's: the language picker names each language in itself.
NOT_INTERFACE = ("English",)


def _unit(code: str, name: str, kind: str, parent: AdminUnit | None = None) -> AdminUnit:
    return AdminUnit.objects.create(
        code=code,
        level=UnitLevel.COMMUNE if parent else UnitLevel.PROVINCE,
        division_type=kind,
        name=name,
        name_folded=fold(name),
        parent=parent,
        province_code=parent.code if parent else code,
    )


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    """A small Hà Nội with the demo accounts and a few dozen persons."""
    # The demo resets six passwords; the default hasher would dominate the test's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    province = _unit("01", "Hà Nội", DivisionType.MUNICIPALITY)
    _unit("00004", "Ba Đình", DivisionType.WARD, province)
    _unit("00008", "Ngọc Hà", DivisionType.WARD, province)
    _unit("08980", "Sóc Sơn", DivisionType.COMMUNE, province)
    demo_load(province_code="01", persons=60, seed=2026, today=datetime.date(2026, 3, 1))


@pytest.fixture(scope="module", params=list(WIDTHS))
def context(request: Any, browser: Any) -> Iterator[Any]:
    """One browser context per width, shared by the personas (each logs in and out)."""
    width, height = WIDTHS[request.param]
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    context.width_name = request.param
    yield context
    context.close()


def _visible_text(page: Any) -> str:
    text = page.evaluate(
        """() => {
          const skipped = [...document.querySelectorAll(
            'select[name=language], .leaflet-control-attribution')];
          skipped.forEach(e => e.hidden = true);
          const text = document.body.innerText;
          skipped.forEach(e => e.hidden = false);
          return text;
        }"""
    )
    for word in NOT_INTERFACE:
        text = text.replace(word, "")
    return text


def _around(text: str, match: re.Match[str]) -> str:
    """The word with a little of its line, to find it on the page."""
    return " ".join(text[max(match.start() - 25, 0) : match.end() + 25].split())


def _too_wide(page: Any) -> str:
    """What sticks out of the screen, if anything (tables may scroll inside their box)."""
    return page.evaluate(
        """() => {
          const width = window.innerWidth;
          if (document.documentElement.scrollWidth <= width) return '';
          const wide = [...document.querySelectorAll('body *')].filter(e => {
            const r = e.getBoundingClientRect();
            return r.right > width + 1 && getComputedStyle(e).position !== 'fixed';
          }).slice(0, 3).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className);
          return document.documentElement.scrollWidth + 'px: ' + wide.join(', ');
        }"""
    )


@pytest.mark.parametrize("username", [a.username for a in DEMO_ACCOUNTS])
def test_the_persona_walks_its_menu_without_a_dead_end(live_server, demo, context, username):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    links = page.eval_on_selector_all(
        "header nav a", "links => links.map(a => [a.id, a.getAttribute('href')])"
    )
    assert links, f"{username} sees no menu"
    if context.width_name == "desktop":
        # The menu's groups keep it on one line; a group opens to show its entries.
        lines = page.eval_on_selector(
            "header nav",
            "nav => new Set([...nav.children]"
            ".map(e => Math.round(e.getBoundingClientRect().top))).size",
        )
        assert lines == 1, f"{username}: the menu takes {lines} lines at desktop width"
        groups = page.locator("header nav details.menu-group")
        if groups.count():
            first = groups.first
            first.locator("summary").click()
            assert first.locator(".menu-items a").first.is_visible()
            page.keyboard.press("Escape")
            assert not first.locator(".menu-items a").first.is_visible()
    problems = []
    for key, href in links:
        response = page.goto(f"{live_server.url}{href}")
        shot = SCREENSHOTS / f"{username}-{context.width_name}-{key.removeprefix('nav-')}.png"
        page.screenshot(path=str(shot), full_page=True)
        if response is None or response.status != 200:
            problems.append(f"{href}: answers {response.status if response else 'nothing'}")
            continue
        text = _visible_text(page)
        english = sorted({_around(text, m) for m in ENGLISH.finditer(text)})
        codes = sorted({m.group(0) for m in RAW_CODE.finditer(text)} - ELSEWHERE.get(href, set()))
        if english:
            problems.append(f"{href}: English {english}")
        if codes:
            problems.append(f"{href}: raw codes {codes}")
        if context.width_name == "phone" and (wide := _too_wide(page)):
            problems.append(f"{href}: wider than the screen, {wide}")
    page.close()
    assert not problems, f"{username} at {context.width_name}:\n" + "\n".join(problems)
