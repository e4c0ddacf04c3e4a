"""Benchmark: linkage quality of PCMT against a plain Splink configuration, same data, same run.

    .venv/bin/python bench/linkage_quality.py --persons 20000 --seed 7

Generates the synthetic multi-agency lists of `bench/linkage_synth.py` (rates stated there),
links them with PCMT (`pcmt.linkage.engine.link`, the registry as reference) with its
pretrained parameters and with parameters estimated on the data, and with a plain, competent
Splink model (accents stripped by DuckDB, first/last word as surname/given name, Jaro-Winkler
and Levenshtein levels, term frequencies, EM), then prints pairwise precision, recall and F1.

    .venv/bin/python bench/linkage_quality.py --persons 20000 --seed 11 --train

estimates the model on seed-11 data and writes the pretrained parameters
(pcmt/linkage/parameters.json); the benchmark itself uses another seed.
"""

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import linkage_synth as synth  # noqa: E402


def _records(rows: list[dict[str, str]]) -> list[Any]:
    from pcmt.linkage.engine import LinkRecord

    return [LinkRecord(**row) for row in rows]


def run_pcmt(bench: synth.Benchmark, estimation: str, threads: int) -> tuple[dict[str, str], Any]:
    from pcmt.linkage.engine import LinkSettings, link

    settings = LinkSettings(estimation=estimation, threads=threads)  # type: ignore[arg-type]
    result = link(_records(bench.records), reference=_records(bench.reference), settings=settings)
    return result.clusters, result


PLAIN_PREPARE = """
CREATE TABLE plain_input AS
SELECT
    record_id AS unique_id,
    nullif(lower(strip_accents(trim(full_name))), '') AS full_name_clean,
    nullif(string_split(lower(strip_accents(trim(full_name))), ' ')[1], '') AS surname,
    nullif(string_split(lower(strip_accents(trim(full_name))), ' ')[-1], '') AS given,
    coalesce(
        strftime(try_strptime(dob, '%d/%m/%Y'), '%Y-%m-%d'),
        strftime(try_strptime(dob, '%Y-%m-%d'), '%Y-%m-%d'),
        nullif(dob, '')
    ) AS dob_iso,
    try_cast(substr(coalesce(
        strftime(try_strptime(dob, '%d/%m/%Y'), '%Y'), nullif(dob, '')), 1, 4) AS INTEGER)
        AS birth_year,
    nullif(lower(gender), '') AS gender,
    nullif(regexp_replace(id_number, '[^0-9]', '', 'g'), '') AS id_clean,
    nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '') AS phone_clean,
    nullif(lower(strip_accents(trim(address))), '') AS address_clean
FROM plain_raw
"""


def run_plain(bench: synth.Benchmark, threshold: float, threads: int) -> tuple[dict[str, str], Any]:
    """A plain Splink 5 model as a competent user would write it for these columns."""
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from pcmt.linkage.engine import clusters_from_pairs

    rows = bench.records + bench.reference
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    raw = pa.table({field: [row[field] for row in rows] for field in synth.FIELDS})
    con.register("plain_raw", raw)
    con.execute(PLAIN_PREPARE)
    db_api = DuckDBAPI(con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("given", "surname"),
            cl.LevenshteinAtThresholds("dob_iso", [1, 2]),
            cl.ExactMatch("gender"),
            cl.LevenshteinAtThresholds("id_clean", [1]),
            cl.LevenshteinAtThresholds("phone_clean", [1]),
            cl.JaroWinklerAtThresholds("address_clean", [0.95, 0.88]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("id_clean"),
            block_on("phone_clean"),
            block_on("surname", "given", "birth_year"),
            block_on("given", "birth_year"),
            block_on("full_name_clean"),
        ],
        retain_matching_columns=False,
    )
    linker = Linker(db_api.register("plain_input"), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [
            "l.id_clean = r.id_clean",
            "l.full_name_clean = r.full_name_clean AND l.dob_iso = r.dob_iso",
        ],
        recall=0.7,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("id_clean"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("surname", "given", "birth_year")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.05)
    scored = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability FROM {predictions.physical_name}"
    ).fetchall()
    ids = [row["record_id"] for row in rows]
    linked = [(left, right) for left, right, p in scored if p >= threshold]
    return clusters_from_pairs(ids, linked), scored


def _best_threshold(
    bench: synth.Benchmark, ids: list[str], scored: list[tuple[str, str, float]]
) -> tuple[float, tuple[float, float, float]]:
    from pcmt.linkage.engine import clusters_from_pairs

    best = (0.0, (0.0, 0.0, 0.0))
    for threshold in (0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999):
        clusters = clusters_from_pairs(ids, [(a, b) for a, b, p in scored if p >= threshold])
        scores = synth.pairs_scores(bench.truth, clusters)
        if scores[2] > best[1][2]:
            best = (threshold, scores)
    return best


def _errors(bench: synth.Benchmark, result: Any, limit: int) -> None:
    rows = {row["record_id"]: row for row in bench.records + bench.reference}
    truth = bench.truth
    wrong_links = [
        p
        for p in result.pairs
        if p.band == "linked" and truth[p.record_id_l] != truth[p.record_id_r]
    ]
    print(f"\nfalse links: {len(wrong_links)}")
    for pair in wrong_links[:limit]:
        print(result.explain(pair))
        for rid in (pair.record_id_l, pair.record_id_r):
            print("   ", list(rows[rid].values()))
    clusters = result.clusters
    by_person: dict[str, list[str]] = {}
    for rid, person in truth.items():
        by_person.setdefault(person, []).append(rid)
    scored = {(p.record_id_l, p.record_id_r): p for p in result.pairs}
    scored.update({(p.record_id_r, p.record_id_l): p for p in result.pairs})
    missed = Counter()
    shown = 0
    for rids in by_person.values():
        for i, a in enumerate(rids):
            for b in rids[i + 1 :]:
                if clusters[a] == clusters[b]:
                    continue
                pair = scored.get((a, b))
                missed[pair.band if pair else "not scored"] += 1
                if shown < limit and pair is not None:
                    shown += 1
                    print(result.explain(pair))
                    for rid in (a, b):
                        print("   ", list(rows[rid].values()))
    print(f"missed pairs by band: {dict(missed)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--database", default=synth.DEFAULT_DB)
    parser.add_argument("--train", action="store_true", help="write pcmt/linkage/parameters.json")
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong pairs")
    parser.add_argument("--skip-plain", action="store_true")
    args = parser.parse_args()
    synth.setup_units(args.database)
    started = time.perf_counter()
    bench = synth.generate(persons=args.persons, seed=args.seed)
    print(
        f"{args.persons} persons, {len(bench.records)} agency records, "
        f"{len(bench.reference)} registry records, seed {args.seed} "
        f"(generated in {time.perf_counter() - started:.1f} s)"
    )
    if args.train:
        from pcmt.linkage.engine import PARAMETERS_PATH

        _, result = run_pcmt(bench, "data", args.threads)
        parameters = dict(result.parameters)
        # The prior of the model is the one estimated on the training lists.
        parameters["probability_two_random_records_match"] = parameters.pop(
            "probability_two_random_records_match_of_data"
        )
        PARAMETERS_PATH.write_text(
            json.dumps(parameters, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"wrote {PARAMETERS_PATH}")
        return
    table = []
    for label, estimation in (
        ("PCMT, pretrained parameters", "pretrained"),
        ("PCMT, parameters estimated on the data", "data"),
    ):
        started = time.perf_counter()
        clusters, result = run_pcmt(bench, estimation, args.threads)
        elapsed = time.perf_counter() - started
        table.append((label, *synth.pairs_scores(bench.truth, clusters), elapsed))
        if args.errors and estimation == "pretrained":
            _errors(bench, result, args.errors)
    if not args.skip_plain:
        started = time.perf_counter()
        clusters, scored = run_plain(bench, 0.9, args.threads)
        elapsed = time.perf_counter() - started
        scores = synth.pairs_scores(bench.truth, clusters)
        table.append(("plain Splink, threshold 0.9", *scores, elapsed))
        ids = [row["record_id"] for row in bench.records + bench.reference]
        threshold, scores = _best_threshold(bench, ids, scored)
        table.append((f"plain Splink, best threshold in hindsight ({threshold})", *scores, elapsed))
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(bench.truth.values()).values())
    print(f"\ntrue pairs: {true_pairs}")
    print("| model | precision | recall | F1 | time (s) |")
    print("|---|---:|---:|---:|---:|")
    for label, precision, recall, f1, elapsed in table:
        print(f"| {label} | {precision:.4f} | {recall:.4f} | {f1:.4f} | {elapsed:.0f} |")


if __name__ == "__main__":
    main()
