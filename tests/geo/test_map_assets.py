"""The map library is installed from npm by `make install` and served from the static files."""

from django.contrib.staticfiles import finders
from django.template import Context, Template

from pcmt.geo.templatetags.map_assets import MAP_SCRIPTS, MAP_STYLES


def test_the_vendored_files_exist_after_install() -> None:
    for path in [*MAP_STYLES, *MAP_SCRIPTS, "vendor/leaflet/images/marker-icon.png"]:
        assert finders.find(path), f"{path} missing: run `make install`"


def test_the_tag_links_local_static_files_only() -> None:
    html = Template("{% load map_assets %}{% map_assets %}").render(Context())

    assert '<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">' in html
    assert '<script src="/static/vendor/leaflet/leaflet.js"></script>' in html
    assert html.index("leaflet/leaflet.js") < html.index("leaflet.markercluster.js")
    assert "http" not in html
