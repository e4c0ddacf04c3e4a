"""The reconciled results as an Excel workbook, with the tables of the results page."""

from typing import IO

from django.utils.translation import gettext as _

from pcmt.census.models import Round
from pcmt.core.tabular import xlsx_book
from pcmt.reconcile.selectors import (
    Comparison,
    ConsolidatedPerson,
    agency_combinations,
    count_table,
)


def results_write(
    target: IO[bytes],
    *,
    round_: Round,
    persons: list[ConsolidatedPerson],
    comparison: Comparison | None,
    with_names: bool,
) -> None:
    with xlsx_book(target) as book:
        table = count_table(round_, persons)
        sheet = book.sheet(
            _("Counts"),
            header_block=[[round_.name, round_.cutoff_date.strftime("%d/%m/%Y")]],
            headers=[_("Commune"), *table.category_labels, _("Total")],
        )
        for commune, counts, total in table.lines:
            sheet.append([commune.full_name if commune else _("Commune not known"), *counts, total])
        sheet.append([_("Total"), *table.totals, table.total])

        agencies = book.sheet(_("Agencies"), headers=[_("Reported by"), _("Persons")])
        for names, count in agency_combinations(persons):
            agencies.append([names, count])

        if with_names:
            listed = book.sheet(
                _("Persons"),
                headers=[
                    _("Full name"),
                    _("Birth"),
                    _("Commune"),
                    _("Category"),
                    _("Reported by"),
                    _("In the registry"),
                ],
            )
            for p in persons:
                listed.append(
                    [
                        p.name,
                        p.birth,
                        p.commune.full_name if p.commune else "",
                        p.category_label,
                        ", ".join(p.agencies),
                        _("yes") if p.person_id else _("no"),
                    ]
                )

        compared = book.sheet(_("Previous round"))
        if comparison is None:
            compared.append([_("No earlier round of the province has been linked.")])
            return
        compared.append([_("Previous round"), comparison.previous.name])
        compared.append([_("Persons then"), comparison.previous_total])
        compared.append([_("Persons now"), comparison.total])
        compared.append([_("New"), comparison.new])
        compared.append([_("Continuing"), comparison.continuing])
        compared.append([_("No longer found"), comparison.gone])
        compared.append([_("Growth a year"), comparison.annual_growth])
        compared.append([_("Target: growth a year below"), comparison.target])
        compared.append([])
        compared.append([_("Category"), _("Then"), _("Now")])
        for label, before, now in comparison.by_category:
            compared.append([label, before, now])
