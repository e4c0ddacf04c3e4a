"""Benchmark: wall time and peak memory of linking N records (default 1,000,000) on 2 threads.

    .venv/bin/python bench/linkage_scale.py --records 1000000

The synthetic lists of `bench/linkage_synth.py` are generated first, in a separate process and
untimed (cached under <temp>/linkbench/scale-N). The timed part is what `census_link` does: read
the CSV, normalise, resolve addresses, score with Splink on DuckDB (2 threads, memory limit
6 GB), cluster, write the output CSV. Peak memory is the process's maximum resident set size,
DuckDB included. Pairwise precision, recall and F1 against the known persons are printed too.
"""

import argparse
import csv
import itertools
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import linkage_synth as synth  # noqa: E402

# Agency records per true person in the generated lists (measured: 36,297 for 20,000).
RECORDS_PER_PERSON = 1.80


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="6GB")
    parser.add_argument("--database", default=synth.DEFAULT_DB)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    folder = synth.SCRATCH / f"scale-{args.records}"
    if not (folder / "records.csv").exists():
        persons = round(args.records / RECORDS_PER_PERSON)
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "linkage_synth.py"),
                *("--persons", str(persons), "--seed", str(args.seed)),
                *("--out", str(folder), "--database", args.database),
            ],
            check=True,
        )
        print(f"generated in {time.perf_counter() - started:.0f} s (not timed)")
    synth.setup_units(args.database)
    from pcmt.linkage.csvio import read_records, write_clusters
    from pcmt.linkage.engine import LinkSettings, link

    started = time.perf_counter()
    # The generated lists are shuffled: the first N rows are a random subset of the copies.
    records = list(itertools.islice(read_records(folder / "records.csv"), args.records))
    settings = LinkSettings(
        threads=args.threads,
        memory_limit=args.memory_limit,
        temp_directory=str(synth.SCRATCH / "duckdb"),
    )
    result = link(records, settings=settings)
    write_clusters(folder / "clusters.csv", result)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    bands: dict[str, int] = {}
    for pair in result.pairs:
        bands[pair.band] = bands.get(pair.band, 0) + 1
    with (folder / "truth.csv").open(encoding="utf-8") as handle:
        truth = {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}
    truth = {rid: person for rid, person in truth.items() if rid in result.clusters}
    precision, recall, f1 = synth.pairs_scores(truth, result.clusters)
    print(f"records: {len(records):,}; clusters: {len(set(result.clusters.values())):,}")
    print(f"pairs reported: {len(result.pairs):,} {bands}")
    timings = result.timings
    stages = ("prepare", "frequencies", "prior", "estimate", "predict", "cluster")
    print(
        "stages, wall/CPU s: "
        + ", ".join(
            f"{s} {timings[s]:.0f}/{timings[s + '_cpu']:.0f}" for s in stages if s in timings
        )
    )
    print(f"distinct addresses resolved: {timings['addresses_resolved']:.0f}")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"wall time: {elapsed:.0f} s; CPU time: {usage.ru_utime + usage.ru_stime:.0f} s; "
        f"peak RSS: {peak:.2f} GiB; load average at the end: {os.getloadavg()[0]:.1f}"
    )
    print(f"precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}")


if __name__ == "__main__":
    main()
