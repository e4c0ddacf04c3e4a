"""Benchmark: Gi* and the emerging hot-spot analysis over a province's H3 hexagons (no database).

Generates incidents over a box the size of Hà Nội (0.55° × 0.55°, about 3,500 km²): a share
in a few dense clusters (markets, bus stations), the rest scattered, spread over the
quarters. Builds the cells (those holding a point and their neighbours) as
`manage.py hotspot_analysis` does, then times:

- Gi* with 999 permutations over all the cells (target ≤ 5 s for 20,000 incidents);
- the emerging analysis over 12 quarters, 999 permutations each (target ≤ 30 s).

Usage:

    .venv/bin/python bench/map_analysis.py --incidents 20000 --quarters 12 --resolution 8
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcmt.settings")


def points(n: int, quarters: int, seed: int) -> list:
    from pcmt.maps.hexagons import Point

    rng = random.Random(seed)
    south, west = 20.55, 105.3
    centres = [(south + rng.random() * 0.55, west + rng.random() * 0.55) for _ in range(12)]
    start = datetime.date(2023, 1, 1)
    found = []
    for i in range(n):
        day = start + datetime.timedelta(days=rng.randrange(quarters * 91))
        if rng.random() < 0.4:
            lat, lon = rng.choice(centres)
            lat, lon = lat + rng.gauss(0, 0.01), lon + rng.gauss(0, 0.01)
        else:
            lat, lon = south + rng.random() * 0.55, west + rng.random() * 0.55
        found.append(Point(str(i), lat, lon, day))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=20000)
    parser.add_argument("--quarters", type=int, default=12)
    parser.add_argument("--resolution", type=int, default=8)
    parser.add_argument("--permutations", type=int, default=999)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import django

    django.setup()
    from collections import Counter

    import h3

    from pcmt.maps.analysis import emerging_hot_spots, gi_star

    # Imports (esda, scipy) before the clocks start: a server process has them loaded.
    gi_star({0: 1.0, 1: 2.0}, {0: [1], 1: [0]}, min_units=2, permutations=9)
    from pcmt.maps.periods import period_containing

    data = points(args.incidents, args.quarters, args.seed)
    began = time.perf_counter()
    located = [(h3.latlng_to_cell(p.lat, p.lon, args.resolution), p) for p in data]
    counts = Counter(cell for cell, _p in located)
    cells = set(counts)
    for cell in list(counts):
        cells.update(h3.grid_disk(cell, 1))
    ordered = sorted(cells)
    ids = {cell: i for i, cell in enumerate(ordered)}
    neighbours = {
        ids[c]: [ids[n] for n in h3.grid_disk(c, 1) if n in ids and n != c] for c in ordered
    }
    totals = {ids[c]: float(counts.get(c, 0)) for c in ordered}
    starts = sorted({period_containing("quarter", p.day).start for p in data})
    per_step = [Counter() for _s in starts]
    for cell, point in located:
        per_step[starts.index(period_containing("quarter", point.day).start)][ids[cell]] += 1
    steps = [{i: float(c.get(i, 0)) for i in totals} for c in per_step]
    built = time.perf_counter() - began
    print(
        f"{args.incidents} incidents, {len(ordered)} cells (res {args.resolution}), "
        f"{len(starts)} quarters; cells built in {built:.2f} s"
    )

    began, cpu = time.perf_counter(), time.process_time()
    result = gi_star(totals, neighbours, permutations=args.permutations)
    gi, gi_cpu = time.perf_counter() - began, time.process_time() - cpu
    significant = sum(1 for u in result.units.values() if u.bin != 0)
    print(
        f"Gi*, {args.permutations} permutations: {gi:.2f} s wall, {gi_cpu:.2f} s CPU "
        f"({significant} cells significant)"
    )

    began, cpu = time.perf_counter(), time.process_time()
    emerging = emerging_hot_spots(steps, neighbours, permutations=args.permutations)
    took, took_cpu = time.perf_counter() - began, time.process_time() - cpu
    patterns = Counter(u.pattern for u in emerging.units.values())
    print(
        f"Emerging, {len(steps)} quarters × {args.permutations} permutations: "
        f"{took:.2f} s wall, {took_cpu:.2f} s CPU"
    )
    print(", ".join(f"{k}: {v}" for k, v in patterns.most_common()))


if __name__ == "__main__":
    main()
