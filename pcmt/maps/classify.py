"""Choropleth classes by quantiles or natural breaks; "no data" kept apart.

The breaks are mapclassify's (`Quantiles`, `FisherJenks`), computed here with numpy alone:
importing mapclassify pulls in scipy.stats and scikit-learn (about 2 s), which the first map a
server process draws would wait for. A test compares both on many samples.
"""

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


def quantile_breaks(data: Any, k: int) -> list[float]:
    """Upper bounds of k quantile classes, as `mapclassify.Quantiles` (percentiles by linear
    interpolation, as `scipy.stats.scoreatpercentile`; repeated bounds collapse)."""
    import numpy as np

    ordered = np.sort(np.asarray(data, dtype=float))
    width = 100.0 / k
    percents = np.arange(width, 100 + width, width)
    percents[-1] = min(percents[-1], 100.0)
    found = []
    for percent in percents[:k]:
        index = percent / 100.0 * (len(ordered) - 1)
        low = int(np.floor(index))
        high = min(low + 1, len(ordered) - 1)
        found.append(float(ordered[low] + (ordered[high] - ordered[low]) * (index - low)))
    return sorted(set(found))


def fisher_jenks_breaks(data: Any, k: int) -> list[float]:
    """Upper bounds of the k classes with the least sum of squared deviations (Fisher's exact
    optimisation, "natural breaks"), as `mapclassify.FisherJenks`: the same recurrence over
    the sorted values in single precision, the same tie rule (the class starting earliest
    wins), so that near-ties fall the same way."""
    import numpy as np

    values = np.sort(np.asarray(data, dtype=float))
    single = values.astype(np.float32)
    n = len(values)
    # cost[l, j]: least deviation of the first l values in j classes; start[l, j]: the
    # 1-based position where the last of those classes starts.
    cost = np.zeros((n + 1, k + 1), dtype=np.float32)
    cost[2:, 1:] = np.inf
    start = np.zeros((n + 1, k + 1), dtype=int)
    start[1, 1:] = 1
    for last in range(2, n + 1):
        # The last class holding the m last values, m = 1…last (sums added from the end).
        backwards = single[:last][::-1]
        total = np.cumsum(backwards, dtype=np.float32)
        squares = np.cumsum(backwards * backwards, dtype=np.float32)
        width = np.arange(1, last + 1, dtype=np.float32)
        deviation = squares - (total * total) / width
        first = last - np.arange(1, last + 1) + 1  # where that class starts
        for j in range(2, k + 1):
            candidates = deviation[:-1] + cost[first[:-1] - 1, j - 1]
            best = len(candidates) - 1 - int(np.argmin(candidates[::-1]))  # the last minimum
            if cost[last, j] >= candidates[best]:
                cost[last, j] = candidates[best]
                start[last, j] = first[best]
        start[last, 1] = 1
        cost[last, 1] = deviation[-1]
    breaks = [0.0] * k
    breaks[k - 1] = float(values[-1])
    position = n
    for j in range(k, 1, -1):
        pivot = int(start[position, j])
        breaks[j - 2] = float(values[pivot - 2])
        position = pivot - 1
    return breaks


def classify(values: dict[int, float | None], *, scheme: str, k: int = DEFAULT_CLASSES) -> Classes:
    """Class of each unit (0 = lowest) by `scheme`; units with value None have no class.

    Fewer distinct values than classes reduce the number of classes to the distinct values
    (ties would otherwise make empty classes)."""
    known = {unit: float(v) for unit, v in values.items() if v is not None}
    result = Classes(scheme=scheme, no_data=len(values) - len(known))
    result.by_id = dict.fromkeys(values)
    if not known:
        return result
    data = list(known.values())
    distinct = sorted(set(data))
    k = max(1, min(k, len(distinct)))
    if k == len(distinct):
        breaks = distinct
    elif scheme == "natural_breaks":
        breaks = sorted(set(fisher_jenks_breaks(data, k)))
    else:
        breaks = quantile_breaks(data, k)
    result.breaks = [float(b) for b in breaks]
    result.counts = [0] * len(breaks)
    for unit, value in known.items():
        index = next((i for i, b in enumerate(breaks) if value <= b), len(breaks) - 1)
        result.by_id[unit] = index
        result.counts[index] += 1
    return result
