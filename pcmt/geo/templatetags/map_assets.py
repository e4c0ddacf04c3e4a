"""`{% load map_assets %}{% map_assets %}`: the map library's styles and scripts for a page.

The files are copied from npm packages into `static/vendor/` by `make install`; nothing is
loaded from a CDN.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

# Static paths in load order (Leaflet before its plugins).
MAP_STYLES = [
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet.markercluster/MarkerCluster.css",
    "vendor/leaflet.markercluster/MarkerCluster.Default.css",
]
MAP_SCRIPTS = [
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet.markercluster/leaflet.markercluster.js",
]


@register.simple_tag
def map_assets() -> SafeString:
    """<link> and <script> tags for Leaflet and marker clustering."""
    styles = format_html_join(
        "\n", '<link rel="stylesheet" href="{}">', ((static(p),) for p in MAP_STYLES)
    )
    scripts = format_html_join(
        "\n", '<script src="{}"></script>', ((static(p),) for p in MAP_SCRIPTS)
    )
    return format_html("{}\n{}", styles, scripts)
