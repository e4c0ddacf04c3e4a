"""Getis-Ord Gi* hot-spot analysis over units with their neighbours (pure: no database).

As Esri's Optimized Hot Spot Analysis: Gi* (the unit itself counts among its neighbours),
binary weights, two-sided tests, False Discovery Rate correction, and bins ±3/±2/±1 for
hot/cold spots at 99/95/90 % confidence. z and p come from conditional permutations (PySAL
esda: the z-score of the observed Gi* among the permuted ones) with a fixed seed, so a run
is reproducible.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MIN_UNITS = 30
PERMUTATIONS = 999
SEED = 0
# Confidence levels of the bins, strictest first: (bin magnitude, alpha).
LEVELS = ((3, 0.01), (2, 0.05), (1, 0.10))


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


def gi_star(
    values: Mapping[int, float],
    neighbours: Mapping[int, Sequence[int]],
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    min_units: int = MIN_UNITS,
) -> HotSpotResult:
    """Gi* of each unit's value among its neighbours (queen contiguity), binned after FDR.

    Units without a neighbour among `values` are left out: alone, their permutation p-value
    sits at its floor and would paint noise as significant. Fewer than `min_units` units
    or no variance: nothing runs, and the reason says why."""
    ids = [u for u in values if any(n in values and n != u for n in neighbours.get(u, ()))]
    islands = [u for u in values if u not in set(ids)]
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

    import warnings

    import numpy as np
    from esda.getisord import G_Local
    from libpysal.weights import W

    index = set(ids)
    w = W(
        {u: [n for n in neighbours.get(u, ()) if n in index and n != u] for u in ids},
        id_order=ids,
        silence_warnings=True,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = G_Local(
            np.array(y),
            w,
            transform="B",
            permutations=permutations,
            star=True,
            seed=seed,
            n_jobs=1,
            alternative="two-sided",
            keep_simulations=True,
        )
    # The permutations' normal approximation: no floor at 1/(permutations+1), which would
    # keep any unit from 99 % after FDR; `p_z_sim` is one-sided, so doubled.
    z = [float(v) for v in g.z_sim]
    p = [min(1.0, 2 * float(v)) for v in g.p_z_sim]
    result.cutoffs = {level: _fdr_cutoff(p, alpha) for level, alpha in LEVELS}
    for unit, z_i, p_i in zip(ids, z, p, strict=True):
        magnitude = next((level for level, _alpha in LEVELS if p_i <= result.cutoffs[level]), 0)
        sign = 1 if z_i > 0 else -1
        result.units[unit] = UnitResult(z=round(z_i, 4), p=round(p_i, 4), bin=sign * magnitude)
    result.ran = True
    return result
