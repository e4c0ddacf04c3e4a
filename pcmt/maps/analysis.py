"""Getis-Ord Gi* hot-spot analysis over units with their neighbours (pure: no database).

As Esri's Optimized Hot Spot Analysis: Gi* (the unit itself counts among its neighbours),
binary weights, two-sided tests, False Discovery Rate correction, and bins ±3/±2/±1 for
hot/cold spots at 99/95/90 % confidence. z and p come from conditional permutations (PySAL
esda: the z-score of the observed Gi* among the permuted ones) with a fixed seed, so a run
is reproducible; esda's permuted ids are drawn for blocks of units at once, which gives
`G_Local`'s numbers (tested) in a fraction of its time without numba.

Emerging hot-spot analysis (Esri): Gi* at every time step, the Mann-Kendall trend of each
unit's z-scores, and the categories new, consecutive, intensifying, persistent,
diminishing, sporadic, oscillating and historical hot (or cold) spots, or no pattern.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MIN_UNITS = 30
PERMUTATIONS = 999
SEED = 0
# Confidence levels of the bins, strictest first: (bin magnitude, alpha).
LEVELS = ((3, 0.01), (2, 0.05), (1, 0.10))
# How far a long analysis got: (units done, units in all); a background job shows it.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class UnitResult:
    z: float
    p: float
    bin: int  # -3…3 after FDR; 0 not significant


@dataclass
class HotSpotResult:
    ran: bool
    reason: str = ""
    units: dict[int, UnitResult] = field(default_factory=dict)
    islands: list[int] = field(default_factory=list)  # units without neighbours: left out
    permutations: int = PERMUTATIONS
    seed: int = SEED
    cutoffs: dict[int, float] = field(default_factory=dict)  # bin magnitude → p cut-off


def _fdr_cutoff(p_values: Sequence[float], alpha: float) -> float:
    """Benjamini-Hochberg: the largest p(i) with p(i) ≤ i/n·alpha (0 when none)."""
    ordered = sorted(p_values)
    n = len(ordered)
    cutoff = 0.0
    for rank, p in enumerate(ordered, start=1):
        if p <= rank / n * alpha:
            cutoff = p
    return cutoff


# Units whose permutations are drawn at once (memory: units × permutations × neighbours).
BLOCK = 512


def _conditional_z(
    y: Sequence[float],
    links: Sequence[Sequence[int]],
    *,
    permutations: int,
    seed: int,
    progress: Progress | None = None,
) -> tuple[list[float], list[float]]:
    """z and two-sided p of each unit's Gi* (binary weights, itself included) against
    conditional permutations, the same numbers as esda's `G_Local(..., transform="B",
    star=True).z_sim` and `2 × p_z_sim`: the same permuted ids (`esda.crand.
    vec_permutations` with the seed), drawn for a block of units at once instead of one unit
    at a time. The unit's own value and the total are fixed in every permutation, so the
    z-score of Gi* is that of the neighbours' sum."""
    import numpy as np
    from esda.crand import vec_permutations
    from scipy.stats import norm

    values = np.asarray(y, dtype=float)
    n = len(values)
    cardinality = np.array([len(found) for found in links])
    ids = vec_permutations(int(cardinality.max()), n, permutations, seed)
    flat = np.fromiter((j for found in links for j in found), dtype=np.int64)
    owner = np.repeat(np.arange(n), cardinality)
    observed = np.bincount(owner, weights=values[flat], minlength=n)
    z = np.zeros(n)
    done = 0
    for k in np.unique(cardinality):
        units = np.nonzero(cardinality == k)[0]
        drawn = ids[:, :k]
        for start in range(0, len(units), BLOCK):
            block = units[start : start + BLOCK]
            # Permuted ids index the values without the unit itself: skip over it.
            chosen = drawn[None, :, :] + (drawn[None, :, :] >= block[:, None, None])
            sums = values[chosen].sum(axis=2)
            spread = sums.std(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                found = (observed[block] - sums.mean(axis=1)) / spread
            z[block] = np.where(spread > 0, found, 0.0)
            done += len(block)
            if progress is not None:
                progress(done, n)
    p = np.minimum(1.0, 2 * norm.sf(np.abs(z)))
    return [float(v) for v in z], [float(v) for v in p]


def gi_star(
    values: Mapping[int, float],
    neighbours: Mapping[int, Sequence[int]],
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    min_units: int = MIN_UNITS,
    progress: Progress | None = None,
) -> HotSpotResult:
    """Gi* of each unit's value among its neighbours (queen contiguity), binned after FDR.

    Units without a neighbour among `values` are left out: alone, their permutation p-value
    sits at its floor and would paint noise as significant. Fewer than `min_units` units
    or no variance: nothing runs, and the reason says why."""
    ids = [u for u in values if any(n in values and n != u for n in neighbours.get(u, ()))]
    kept = set(ids)
    islands = [u for u in values if u not in kept]
    result = HotSpotResult(ran=False, islands=islands, permutations=permutations, seed=seed)
    if len(ids) < min_units:
        result.reason = _(
            "Hot-spot analysis needs at least %(min)d communes with neighbours; there are %(n)d."
        ) % {"min": min_units, "n": len(ids)}
        return result
    y = [float(values[u]) for u in ids]
    if max(y) == min(y):
        result.reason = _("All communes have the same value: there is nothing to compare.")
        return result

    position = {u: i for i, u in enumerate(ids)}
    links = [[position[n] for n in neighbours.get(u, ()) if n in position and n != u] for u in ids]
    # The permutations' normal approximation: no floor at 1/(permutations+1), which would
    # keep any unit from 99 % after FDR.
    z, p = _conditional_z(y, links, permutations=permutations, seed=seed, progress=progress)
    result.cutoffs = {level: _fdr_cutoff(p, alpha) for level, alpha in LEVELS}
    for unit, z_i, p_i in zip(ids, z, p, strict=True):
        magnitude = next((level for level, _alpha in LEVELS if p_i <= result.cutoffs[level]), 0)
        sign = 1 if z_i > 0 else -1
        result.units[unit] = UnitResult(z=round(z_i, 4), p=round(p_i, 4), bin=sign * magnitude)
    result.ran = True
    return result


# Emerging hot-spot analysis --------------------------------------------------------------

MIN_STEPS = 4  # fewer time steps: no pattern is named (as Esri, which needs ten for a trend)
TREND_ALPHA = 0.05
# Share of steps that makes a spot persistent, intensifying, diminishing or historical.
MOST_STEPS = 0.9

PATTERNS = (
    "new",
    "consecutive",
    "intensifying",
    "persistent",
    "diminishing",
    "sporadic",
    "oscillating",
    "historical",
)
NO_PATTERN = "no_pattern"
# What each category means (Esri, "How Emerging Hot Spot Analysis works"), shown on the page;
# cold spots mirror hot spots.
PATTERN_TEXT = {
    "new": gettext_lazy("Significant in the final time step and never significant before."),
    "consecutive": gettext_lazy(
        "One unbroken run of at least two significant steps at the end, never significant "
        "before the run, and less than 90 percent of the steps significant."
    ),
    "intensifying": gettext_lazy(
        "Significant in at least 90 percent of the steps, including the final one, and the "
        "clustering grows stronger over time (significant Mann-Kendall trend)."
    ),
    "persistent": gettext_lazy(
        "Significant in at least 90 percent of the steps, with no significant trend."
    ),
    "diminishing": gettext_lazy(
        "Significant in at least 90 percent of the steps, including the final one, and the "
        "clustering grows weaker over time (significant Mann-Kendall trend)."
    ),
    "sporadic": gettext_lazy(
        "Significant in the final step, on and off before, less than 90 percent of the steps "
        "significant, and never of the opposite kind."
    ),
    "oscillating": gettext_lazy(
        "Significant in the final step, of the opposite kind in some earlier step, and less "
        "than 90 percent of the steps significant."
    ),
    "historical": gettext_lazy(
        "Not significant in the final step, but significant in at least 90 percent of the steps."
    ),
}
PATTERN_LABELS = {
    "new_hot_spot": gettext_lazy("New hot spot"),
    "consecutive_hot_spot": gettext_lazy("Consecutive hot spot"),
    "intensifying_hot_spot": gettext_lazy("Intensifying hot spot"),
    "persistent_hot_spot": gettext_lazy("Persistent hot spot"),
    "diminishing_hot_spot": gettext_lazy("Diminishing hot spot"),
    "sporadic_hot_spot": gettext_lazy("Sporadic hot spot"),
    "oscillating_hot_spot": gettext_lazy("Oscillating hot spot"),
    "historical_hot_spot": gettext_lazy("Historical hot spot"),
    "new_cold_spot": gettext_lazy("New cold spot"),
    "consecutive_cold_spot": gettext_lazy("Consecutive cold spot"),
    "intensifying_cold_spot": gettext_lazy("Intensifying cold spot"),
    "persistent_cold_spot": gettext_lazy("Persistent cold spot"),
    "diminishing_cold_spot": gettext_lazy("Diminishing cold spot"),
    "sporadic_cold_spot": gettext_lazy("Sporadic cold spot"),
    "oscillating_cold_spot": gettext_lazy("Oscillating cold spot"),
    "historical_cold_spot": gettext_lazy("Historical cold spot"),
    NO_PATTERN: gettext_lazy("No pattern detected"),
}


def mann_kendall(series: Sequence[float]) -> tuple[float, float]:
    """Mann-Kendall trend test: (z, two-sided p), with the variance corrected for ties."""
    import math

    n = len(series)
    if n < 3:
        return 0.0, 1.0
    s = 0
    for i in range(n - 1):
        for j in range(i + 1, n):
            diff = series[j] - series[i]
            s += (diff > 0) - (diff < 0)
    ties: dict[float, int] = {}
    for value in series:
        ties[value] = ties.get(value, 0) + 1
    variance = (
        n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties.values())
    ) / 18
    if variance <= 0 or s == 0:
        return 0.0, 1.0
    z = (s - 1) / math.sqrt(variance) if s > 0 else (s + 1) / math.sqrt(variance)
    return z, math.erfc(abs(z) / math.sqrt(2))


def _most(flags: Sequence[bool]) -> bool:
    return sum(flags) * 10 >= len(flags) * MOST_STEPS * 10


def _final_run(flags: Sequence[bool]) -> int:
    run = 0
    for flag in reversed(flags):
        if not flag:
            break
        run += 1
    return run


def _significant_last(
    spot: Sequence[bool], opposite: Sequence[bool], trend: float, trend_p: float, alpha: float
) -> str:
    """The pattern of a unit significant (hot, or cold) in the final step; `trend` is signed
    so that positive means intensifying (rising z for hot, falling z for cold)."""
    if _most(spot):
        if trend_p <= alpha:
            return "intensifying" if trend > 0 else "diminishing"
        return "persistent"
    if any(opposite[:-1]):
        return "oscillating"
    if sum(spot) == 1:
        return "new"
    run = _final_run(spot)
    if run >= 2 and run == sum(spot):
        return "consecutive"
    return "sporadic"


def emerging_pattern(
    z: Sequence[float], hot: Sequence[bool], cold: Sequence[bool], *, alpha: float = TREND_ALPHA
) -> str:
    """Esri's emerging hot-spot category of one unit from its per-step Gi* z-scores and the
    steps where it was a significant hot or cold spot (snake case, e.g.
    `intensifying_hot_spot`, or `no_pattern`); the trend is Mann-Kendall on the z-scores.

    The final step decides the family: hot in it → new, consecutive, intensifying,
    persistent, diminishing, sporadic or oscillating hot spot (cold likewise); significant in
    neither → historical when ≥ 90 % of the steps were hot (or cold), else no pattern. Where
    Esri's definitions overlap, a cold history makes a final hot spot oscillating rather than
    new, and ≥ 90 % of hot steps wins over the run rules."""
    trend, trend_p = mann_kendall(z)
    if hot[-1]:
        return _significant_last(hot, cold, trend, trend_p, alpha) + "_hot_spot"
    if cold[-1]:
        return _significant_last(cold, hot, -trend, trend_p, alpha) + "_cold_spot"
    if _most(hot):
        return "historical_hot_spot"
    if _most(cold):
        return "historical_cold_spot"
    return NO_PATTERN


@dataclass(frozen=True)
class UnitTrend:
    pattern: str
    trend_z: float
    trend_p: float
    z: list[float]
    bins: list[int]


@dataclass
class EmergingResult:
    ran: bool
    reason: str = ""
    steps: int = 0
    units: dict[int, UnitTrend] = field(default_factory=dict)
    alpha: float = TREND_ALPHA
    permutations: int = PERMUTATIONS


def emerging_hot_spots(
    steps: Sequence[Mapping[int, float]],
    neighbours: Mapping[int, Sequence[int]],
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    alpha: float = TREND_ALPHA,
    min_units: int = MIN_UNITS,
    progress: Progress | None = None,
) -> EmergingResult:
    """Gi* of every unit at every time step, the Mann-Kendall trend of its z-scores, and its
    category. A step is hot (cold) for a unit when its Gi* is significant at `alpha` after
    FDR across the units of that step; a step without variance (all zero) is significant
    nowhere and counts z = 0. Units are those of the first step (a zero where a step lacks
    one). `progress` hears (steps analysed, steps)."""
    result = EmergingResult(ran=False, steps=len(steps), alpha=alpha, permutations=permutations)
    if len(steps) < MIN_STEPS:
        result.reason = _(
            "Emerging hot-spot analysis needs at least %(min)d time steps; there are %(n)d."
        ) % {"min": MIN_STEPS, "n": len(steps)}
        return result
    units = list(steps[0])
    z_by_unit: dict[int, list[float]] = {u: [] for u in units}
    hot: dict[int, list[bool]] = {u: [] for u in units}
    cold: dict[int, list[bool]] = {u: [] for u in units}
    bins: dict[int, list[int]] = {u: [] for u in units}
    analysed: set[int] = set()
    for index, step in enumerate(steps):
        if progress is not None:
            progress(index, len(steps))
        values = {u: float(step.get(u, 0)) for u in units}
        found = gi_star(
            values, neighbours, permutations=permutations, seed=seed, min_units=min_units
        )
        if not found.ran and len(values) - len(found.islands) < min_units:
            result.reason = found.reason
            return result
        cutoff = _fdr_cutoff([r.p for r in found.units.values()], alpha) if found.ran else 0.0
        analysed.update(found.units)
        for u in units:
            unit = found.units.get(u)
            significant = unit is not None and unit.p <= cutoff
            z_by_unit[u].append(unit.z if unit else 0.0)
            bins[u].append(unit.bin if unit else 0)
            hot[u].append(significant and unit is not None and unit.z > 0)
            cold[u].append(significant and unit is not None and unit.z < 0)
    if progress is not None:
        progress(len(steps), len(steps))
    for u in units:
        if u not in analysed:
            continue
        trend, trend_p = mann_kendall(z_by_unit[u])
        result.units[u] = UnitTrend(
            pattern=emerging_pattern(z_by_unit[u], hot[u], cold[u], alpha=alpha),
            trend_z=round(trend, 4),
            trend_p=round(trend_p, 4),
            z=z_by_unit[u],
            bins=bins[u],
        )
    result.ran = True
    return result
