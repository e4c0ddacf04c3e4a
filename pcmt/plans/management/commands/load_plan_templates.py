"""`manage.py load_plan_templates`: the plans named in the sources, as ready templates."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pcmt.geo.models import AdminUnit, UnitLevel
from pcmt.plans.seeds import plan_templates_load


class Command(BaseCommand):
    help = "Load the plans named in the sources (Plan 45, 3220, 174, …) for a province, once."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--province", default="01", help="2025 province code (default 01).")

    def handle(self, *args: Any, **options: Any) -> None:
        province = AdminUnit.objects.filter(
            code=options["province"], level=UnitLevel.PROVINCE
        ).first()
        if province is None:
            raise CommandError(f"No province with code {options['province']}: load units first.")
        loaded = plan_templates_load(province=province)
        self.stdout.write(f"Plan templates loaded: {loaded}")
