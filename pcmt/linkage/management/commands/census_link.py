"""Link person records from a CSV file and write each record's cluster; no database writes."""

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pcmt.linkage.csvio import InputError, read_records, write_clusters, write_explanations
from pcmt.linkage.engine import LinkSettings, link


class Command(BaseCommand):
    help = (
        "Link the persons of a CSV file (record_id, source, full_name, dob, gender, id_number, "
        "address, phone) within and across sources, and optionally against a registry file; "
        "write record_id, cluster_id. Reads the administrative units, writes nothing to the "
        "database."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="records to link (CSV)")
        parser.add_argument("--output", required=True, type=Path, help="record_id, cluster_id")
        parser.add_argument(
            "--reference", type=Path, help="deduplicated registry records (CSV, same columns)"
        )
        parser.add_argument(
            "--explain", type=Path, help="write every reported pair with its levels and weights"
        )
        defaults = LinkSettings()
        parser.add_argument(
            "--link-threshold",
            type=float,
            default=defaults.link_threshold,
            help="match probability from which a pair is linked (default %(default)s)",
        )
        parser.add_argument(
            "--review-threshold",
            type=float,
            default=defaults.review_threshold,
            help="match probability from which a pair goes to review (default %(default)s)",
        )
        parser.add_argument(
            "--estimation",
            choices=["auto", "pretrained", "data"],
            default=defaults.estimation,
            help="pretrained parameters, or estimated on the input (auto: on large inputs)",
        )
        parser.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")

    def handle(self, *args: Any, **options: Any) -> None:
        review, linked = options["review_threshold"], options["link_threshold"]
        if not 0 < review <= linked <= 1:
            raise CommandError("Thresholds must satisfy 0 < review threshold ≤ link threshold ≤ 1.")
        paths = {
            key: Path(options[key]) if options[key] else None
            for key in ("input", "output", "reference", "explain")
        }
        for key in ("input", "reference"):
            path = paths[key]
            if path is not None and not path.is_file():
                raise CommandError(f"No such file: {path}")
        settings = LinkSettings(
            link_threshold=linked,
            review_threshold=review,
            report_floor=min(LinkSettings().report_floor, review),
            estimation=options["estimation"],
            threads=options["threads"],
        )
        started = time.perf_counter()
        try:
            records = list(read_records(paths["input"]))  # type: ignore[arg-type]
            reference = list(read_records(paths["reference"])) if paths["reference"] else None
            result = link(records, reference=reference, settings=settings)
        except (InputError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        written = write_clusters(paths["output"], result)  # type: ignore[arg-type]
        bands = {"linked": 0, "review": 0, "not_linked": 0}
        for pair in result.pairs:
            bands[pair.band] += 1
        if paths["explain"] is not None:
            write_explanations(paths["explain"], result)
        clusters = len(set(result.clusters.values()))
        self.stdout.write(
            f"{written} records in {clusters} clusters; pairs linked {bands['linked']}, "
            f"to review {bands['review']}, not linked {bands['not_linked']} "
            f"({time.perf_counter() - started:.1f} s)"
        )
