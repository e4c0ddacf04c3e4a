"""The main menu: one table of the pages a user can reach, each shown only to those who may open it.

The menu is the top layer's, like the URL table: it knows every app's pages. Each entry's
`visible` predicate repeats the access rule of the page it links to, so no link leads a user
to a page that answers 404 for him (checked by tests/test_menu.py for every persona).

Entries are shown in a few groups (records, the area, direction and reports, administration),
each a disclosure that opens without scripts. An entry names its group, or takes the group of
its page's address (`GROUP_BY_PREFIX`); an entry in neither stands on its own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import DataRole
from pcmt.accounts.scope import Scope, scope_for
from pcmt.maps.selectors import map_can_open
from pcmt.places.selectors import hotspot_can_count, hotspot_can_read
from pcmt.plans.selectors import dashboard_can_open
from pcmt.population.selectors import population_can_read
from pcmt.reports.selectors import report_access
from pcmt.security.emergency import may_review
from pcmt.security.unusual import may_read_unusual_access


@dataclass(frozen=True)
class MenuGroup:
    key: str
    label: str | Promise


RECORDS = MenuGroup("records", _("Case files"))
AREA = MenuGroup("area", _("Area"))
DIRECTION = MenuGroup("direction", _("Direction & reports"))
ADMINISTRATION = MenuGroup("administration", _("Administration"))
GROUPS = [RECORDS, AREA, DIRECTION, ADMINISTRATION]

# The group of an entry that names none, by the start of its page's URL name.
GROUP_BY_PREFIX: list[tuple[str, MenuGroup]] = [
    ("person_", RECORDS),
    ("move_", RECORDS),
    ("population_", RECORDS),
    ("emergency_open", RECORDS),
    ("rehab", RECORDS),
    ("support", RECORDS),
    ("unit_", AREA),
    ("hotspot_", AREA),
    ("incident_", AREA),
    ("key_area_", AREA),
    ("business_", AREA),
    ("drug_free_", AREA),
    ("place_", AREA),
    ("outreach_", AREA),
    ("map", AREA),
    ("round_", DIRECTION),
    ("indicator_", DIRECTION),
    ("dashboard", DIRECTION),
    ("plan_", DIRECTION),
    ("report_", DIRECTION),
    ("calendar_", ADMINISTRATION),
    ("emergency_review", ADMINISTRATION),
    ("unusual_", ADMINISTRATION),
    ("audit_", ADMINISTRATION),
    ("privilege_", ADMINISTRATION),
    ("api_", ADMINISTRATION),
    ("admin:", ADMINISTRATION),
]


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str | Promise
    url_name: str
    visible: Callable[[Any, Scope], bool]
    # None: the group of `url_name` (GROUP_BY_PREFIX); an entry in no group stands alone.
    group: MenuGroup | None = None

    @property
    def menu_group(self) -> MenuGroup | None:
        if self.group is not None:
            return self.group
        for prefix, group in GROUP_BY_PREFIX:
            if self.url_name.startswith(prefix):
                return group
        return None


def _everyone(user: Any, scope: Scope) -> bool:
    return True


def _reads_persons(user: Any, scope: Scope) -> bool:
    return scope.can_read_persons


def _reads_aggregates(user: Any, scope: Scope) -> bool:
    return scope.can_read_aggregates


def _takes_part_in_rounds(user: Any, scope: Scope) -> bool:
    return not scope.is_empty and scope.role != DataRole.NONE


def _reads_population(user: Any, scope: Scope) -> bool:
    return population_can_read(user)


def _reads_hotspots(user: Any, scope: Scope) -> bool:
    return hotspot_can_read(user)


def _counts_hotspots(user: Any, scope: Scope) -> bool:
    return hotspot_can_count(user)


def _reviews_emergencies(user: Any, scope: Scope) -> bool:
    return may_review(user)


def _watches_access(user: Any, scope: Scope) -> bool:
    return may_read_unusual_access(user)


def _opens_map(user: Any, scope: Scope) -> bool:
    return map_can_open(user)


def _opens_dashboard(user: Any, scope: Scope) -> bool:
    return dashboard_can_open(user)


def _reads_reports(user: Any, scope: Scope) -> bool:
    return report_access(user).reads


def _administers(user: Any, scope: Scope) -> bool:
    return bool(user.is_staff or user.is_superuser)


MENU: list[MenuItem] = [
    MenuItem("home", _("Home"), "home", _everyone),
    MenuItem("persons", _("Persons"), "person_list", _reads_persons),
    MenuItem("units", _("Administrative units"), "unit_list", _everyone),
    MenuItem("moves", _("Moves of residence"), "move_list", _reads_persons),
    MenuItem("rounds", _("Review rounds"), "round_list", _takes_part_in_rounds),
    MenuItem("indicators", _("Indicators"), "indicator_services", _reads_aggregates),
    MenuItem("dashboard", _("Dashboard"), "dashboard", _opens_dashboard),
    MenuItem("plans", _("Plans"), "plan_list", _opens_dashboard),
    MenuItem("gaps", _("Gaps in management"), "plan_gaps", _opens_dashboard),
    MenuItem("causes", _("Causes of new cases"), "plan_causes", _opens_dashboard),
    MenuItem("hotspots", _("Hotspots"), "hotspot_list", _reads_hotspots),
    MenuItem("hotspot-counts", _("Hotspot counts"), "hotspot_counts", _counts_hotspots),
    MenuItem("incidents", _("Incidents"), "incident_list", _reads_hotspots),
    MenuItem("key-areas", _("Key areas"), "key_area_list", _reads_hotspots),
    MenuItem(
        "key-area-classification",
        _("Key area classification"),
        "key_area_classification",
        _counts_hotspots,
    ),
    MenuItem("businesses", _("Conditional businesses"), "business_list", _reads_hotspots),
    MenuItem("drug-free", _("Drug-free units"), "drug_free_list", _reads_hotspots),
    MenuItem("outreach", _("Outreach"), "outreach_list", _reads_hotspots),
    MenuItem("place-counts", _("Place counts"), "place_counts", _counts_hotspots),
    MenuItem("reports", _("Periodic reports"), "report_list", _reads_reports),
    MenuItem("map", _("Map"), "map", _opens_map),
    MenuItem("population", _("Population"), "population_list", _reads_population),
    MenuItem("notifications", _("Notifications"), "notification_list", _everyone),
    MenuItem("calendar", _("Working-day calendar"), "calendar_year_list", _administers),
    MenuItem("emergency", _("Emergency access"), "emergency_open", _reads_persons),
    MenuItem(
        "emergency-review", _("Emergency reviews"), "emergency_review_list", _reviews_emergencies
    ),
    MenuItem("unusual-access", _("Unusual access"), "unusual_access", _watches_access),
    MenuItem("audit", _("Audit log"), "audit_log", _administers),
    MenuItem("privilege-requests", _("Privilege requests"), "privilege_request_list", _administers),
    MenuItem("api", _("API"), "api_docs", _administers),
    MenuItem("admin", _("Administration"), "admin:index", _administers),
]


def menu_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The entries the signed-in user may open, with the current one marked."""
    user = request.user
    if not user.is_authenticated:
        return []
    scope = scope_for(user)
    items = []
    for item in MENU:
        if not item.visible(user, scope):
            continue
        url = reverse(item.url_name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        group = item.menu_group
        items.append(
            {
                "key": item.key,
                "label": item.label,
                "url": url,
                "current": current,
                "group": group.key if group else "",
            }
        )
    return items


def menu_groups(request: HttpRequest) -> list[dict[str, Any]]:
    """The menu as shown: entries and groups in the order of their first entry.

    A group holding one entry shows that entry alone; the group holding the current page is
    marked.
    """
    items = menu_for(request)
    labels = {group.key: group.label for group in GROUPS}
    shown: list[dict[str, Any]] = []
    placed: dict[str, dict[str, Any]] = {}
    for item in items:
        if not item["group"]:
            shown.append({"key": item["key"], "items": [item]})
        elif item["group"] in placed:
            placed[item["group"]]["items"].append(item)
        else:
            placed[item["group"]] = {
                "key": item["group"],
                "label": labels[item["group"]],
                "items": [item],
            }
            shown.append(placed[item["group"]])
    for entry in shown:
        entry["current"] = any(item["current"] for item in entry["items"])
        if len(entry["items"]) == 1:
            entry.pop("label", None)
            entry["key"] = entry["items"][0]["key"]
    return shown


def menu(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `menu` (entries) and `menu_groups`, evaluated only when rendered."""
    return {"menu": lambda: menu_for(request), "menu_groups": lambda: menu_groups(request)}
