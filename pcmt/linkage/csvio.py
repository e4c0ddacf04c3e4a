"""CSV in and out for batch linkage: the `census_link` command and the benchmarks."""

import csv
from collections.abc import Iterator
from pathlib import Path

from pcmt.core.tabular import write_csv
from pcmt.linkage import model
from pcmt.linkage.engine import LinkRecord, LinkResult, Pair

INPUT_COLUMNS = (
    "record_id",
    "source",
    "full_name",
    "dob",
    "gender",
    "id_number",
    "address",
    "phone",
)


class InputError(ValueError):
    """The input file cannot be read as linkage records."""


def read_records(path: Path) -> Iterator[LinkRecord]:
    """LinkRecords from a CSV with the input columns (UTF-8, with or without BOM)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        missing = [c for c in INPUT_COLUMNS if c not in header]
        if missing:
            raise InputError(f"{path}: missing column(s): {', '.join(missing)}")
        at = [header.index(c) for c in INPUT_COLUMNS]
        width = max(at) + 1
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) < width:
                row += [""] * (width - len(row))
            values = [row[i].strip() for i in at]
            if not values[0]:
                raise InputError(f"{path}, line {line}: empty record_id")
            yield LinkRecord(*values)


def write_clusters(path: Path, result: LinkResult) -> int:
    with path.open("w", newline="", encoding="utf-8") as handle:
        return write_csv(handle, ["record_id", "cluster_id"], result.clusters.items())


def write_explanations(path: Path, result: LinkResult) -> int:
    """One row per reported pair: probability, band, then each comparison's level and weight."""
    names = [spec.name for spec in model.COMPARISONS]
    header = ["record_id_l", "record_id_r", "match_probability", "match_weight", "band"]
    header += ["prior_weight"]
    for name in names:
        header += [name, f"{name}_weight"]
    header += ["name_frequency_weight", "commune_size_weight"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        return write_csv(handle, header, (_explanation(pair, names) for pair in result.pairs))


def _explanation(pair: Pair, names: list[str]) -> list[object]:
    lines = {c.comparison: c for c in pair.explanation}
    row: list[object] = [
        pair.record_id_l,
        pair.record_id_r,
        f"{pair.match_probability:.6f}",
        f"{pair.match_weight:.3f}",
        pair.band,
        f"{lines['prior'].weight:.3f}",
    ]
    for name in names:
        row += [lines[name].level, f"{lines[name].weight:.3f}"]
    for extra in ("name frequency", "commune size"):
        line = lines.get(extra)
        row.append(f"{line.weight:.3f}" if line else "0.000")
    return row
