"""`manage.py load_demo`: demo agencies, accounts, villages and synthetic persons."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pcmt.demo.loader import UnitsNotLoaded, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo agencies, accounts, villages and synthetic persons of one province. "
        "Running it again adds no persons; it only ensures the accounts."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--province", default="01", help="2025 province code (default 01).")
        parser.add_argument("--persons", type=int, default=2000, help="Persons to generate.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument("--batch-size", type=int, default=5000, help="Persons per batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["persons"] < 0:
            raise CommandError("--persons must not be negative.")
        try:
            report = demo_load(
                province_code=options["province"],
                persons=options["persons"],
                seed=options["seed"],
                batch_size=options["batch_size"],
            )
        except UnitsNotLoaded as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout
        out.write(f"Province: {report.province} ({report.communes} communes)")
        out.write(f"Demo communes: A = {report.commune_a}, B = {report.commune_b}")
        out.write(f"Agencies created: {report.agencies_created}")
        out.write(f"Villages / residential groups created: {report.villages_created}")
        out.write(f"Population figures created: {report.population_figures_created}")
        out.write(f"Accounts: {report.accounts_created} created, {report.accounts_updated} updated")
        places = report.places
        out.write(
            f"Places: {places.hotspots} hotspots, {places.incidents} incidents, "
            f"{places.businesses} businesses, {places.key_areas} key areas, "
            f"{places.drug_free} drug-free recognitions"
        )
        out.write(f"Plan templates loaded: {report.plans_loaded}")
        if report.persons_existing:
            out.write(f"Persons: {report.persons_existing} demo persons already exist; none added.")
        else:
            loaded = report.persons
            out.write(
                f"Persons: {loaded.persons} created with {loaded.category_periods} category "
                f"periods, {loaded.aliases} aliases and {loaded.events} events "
                f"in {loaded.seconds:.1f} s"
            )
        out.write(self.style.SUCCESS("Demo data ready. Logins: python manage.py print_demo_logins"))
