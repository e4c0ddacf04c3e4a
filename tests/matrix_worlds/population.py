"""Population figures are aggregates: read by everyone in the jurisdiction, not by person."""

import datetime

from pcmt.population.models import PopulationFigure


def build(context):
    figure = PopulationFigure.objects.create(
        commune=context["commune"],
        year=2025,
        residents=65000,
        as_of=datetime.date(2025, 12, 31),
        source="Thống kê",
    )
    return {"figure_pk": figure.pk}
