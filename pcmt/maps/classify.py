"""Choropleth classes by quantiles or natural breaks (mapclassify); "no data" kept apart."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

SCHEMES: dict[str, Any] = {
    "quantiles": _("Quantiles"),
    "natural_breaks": _("Natural breaks (Fisher-Jenks)"),
}
DEFAULT_CLASSES = 5


@dataclass
class Classes:
    scheme: str
    breaks: list[float] = field(default_factory=list)  # upper bounds, one per class
    by_id: dict[int, int | None] = field(default_factory=dict)  # None: no data
    counts: list[int] = field(default_factory=list)
    no_data: int = 0


def classify(values: dict[int, float | None], *, scheme: str, k: int = DEFAULT_CLASSES) -> Classes:
    """Class of each unit (0 = lowest) by `scheme`; units with value None have no class.

    Fewer distinct values than classes reduce the number of classes to the distinct values
    (ties would otherwise make empty classes)."""
    import numpy as np

    known = {unit: float(v) for unit, v in values.items() if v is not None}
    result = Classes(scheme=scheme, no_data=len(values) - len(known))
    result.by_id = dict.fromkeys(values)
    if not known:
        return result
    data = np.array(list(known.values()), dtype=float)
    distinct = sorted(set(data.tolist()))
    k = max(1, min(k, len(distinct)))
    if k == len(distinct):
        breaks = distinct
    else:
        import warnings

        import mapclassify

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if scheme == "natural_breaks":
                found = mapclassify.FisherJenks(data, k=k)
            else:
                found = mapclassify.Quantiles(data, k=k)
        breaks = sorted({float(b) for b in found.bins})
    result.breaks = [float(b) for b in breaks]
    result.counts = [0] * len(breaks)
    for unit, value in known.items():
        index = next((i for i, b in enumerate(breaks) if value <= b), len(breaks) - 1)
        result.by_id[unit] = index
        result.counts[index] += 1
    return result
