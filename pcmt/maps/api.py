"""REST API behind the map page: commune outlines, a measure's values and classes, the
hot-spot analysis and the marker layers, all within the jurisdiction scope."""

import io
import json
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.core.errors import DomainError, NotFound
from pcmt.core.tabular import write_csv, write_xlsx
from pcmt.jobs.models import JobStatus
from pcmt.maps import answers, selectors
from pcmt.maps.analysis import LEVELS
from pcmt.maps.classify import SCHEMES
from pcmt.maps.layers import MapAccess, marker_layers_for
from pcmt.maps.periods import PERIOD_KINDS, Period, period_parse

PERIOD_PARAMS = [
    OpenApiParameter("period", str, enum=list(PERIOD_KINDS), description="default: quarter"),
    OpenApiParameter("start", OpenApiTypes.DATE, description="a day in the period (ISO date)"),
    OpenApiParameter("end", OpenApiTypes.DATE, description="last day of a custom period"),
]
MEASURE_PARAM = OpenApiParameter("measure", str, description="a measure key, default: persons")


def _access(request: Request) -> MapAccess:
    access = selectors.map_access(request.user)
    if not access.scope.can_read_aggregates:
        raise NotFound()
    return access


def _period(request: Request) -> Period:
    return period_parse(request.query_params.dict(), today=timezone.localdate())


_period_json = answers.period_json


def _number(value: float | None) -> float | int | None:
    """A count as a whole number (2, not 2.0); rates keep their decimals."""
    return int(value) if value is not None and value.is_integer() else value


def _codes(access: MapAccess) -> dict[int, str]:
    return dict(selectors.jurisdiction_communes(access.scope).values_list("pk", "code"))


class MapCommunesView(APIView):
    """Outlines of the communes in your jurisdiction (GeoJSON, simplified, cached); a commune
    officer also gets his neighbours' outlines (`in_scope` false, no values)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response(selectors.communes_geojson(_access(request)))


class MapValuesView(APIView):
    """A measure per commune for a period, with its classes (quantiles or natural breaks);
    `value` null means no data (e.g. no population figure for a rate), unlike 0."""

    @extend_schema(
        parameters=[
            MEASURE_PARAM,
            OpenApiParameter("scheme", str, enum=list(SCHEMES)),
            *PERIOD_PARAMS,
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        access = _access(request)
        measure = selectors.measure_get(access, request.query_params.get("measure", "persons"))
        scheme = request.query_params.get("scheme", "quantiles")
        if scheme not in SCHEMES:
            scheme = "quantiles"
        result = selectors.measure_values(
            access, measure=measure, period=_period(request), scheme=scheme
        )
        classes = result.classes
        assert classes is not None
        codes = _codes(access)
        return Response(
            {
                "measure": measure.key,
                "label": str(measure.label),
                "unit": str(measure.unit),
                "period": _period_json(result.period),
                "scheme": scheme,
                "scheme_label": str(SCHEMES[scheme]),
                "breaks": classes.breaks,
                "class_counts": classes.counts,
                "no_data": classes.no_data,
                "values": {
                    codes[pk]: {"value": value, "class": classes.by_id.get(pk)}
                    for pk, value in result.values.items()
                },
            }
        )


class MapAnalysisView(APIView):
    """Getis-Ord Gi* hot-spot analysis of a measure over your communes (queen contiguity,
    binary weights, 999 permutations with a fixed seed, two-sided, FDR); `bin` −3…3 as
    Esri's Gi_Bin. Fewer than 30 communes or no variance: `ran` false and the reason."""

    @extend_schema(parameters=[MEASURE_PARAM, *PERIOD_PARAMS], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        access = _access(request)
        measure = selectors.measure_get(access, request.query_params.get("measure", "persons"))
        period = _period(request)
        result = selectors.hot_spot_analysis(access, measure=measure, period=period)
        codes = _codes(access)
        return Response(
            {
                "measure": measure.key,
                "period": _period_json(period),
                "ran": result.ran,
                "reason": result.reason,
                "method": {
                    "statistic": "Getis-Ord Gi*",
                    "weights": "queen contiguity, binary",
                    "permutations": result.permutations,
                    "seed": result.seed,
                    "alternative": "two-sided",
                    "correction": "false discovery rate (Benjamini-Hochberg)",
                    "levels": {str(level): alpha for level, alpha in LEVELS},
                    "p_cutoffs": {str(k): v for k, v in result.cutoffs.items()},
                },
                "left_out": [codes[pk] for pk in result.islands if pk in codes],
                "units": {
                    codes[pk]: {"z": unit.z, "p": unit.p, "bin": unit.bin}
                    for pk, unit in result.units.items()
                    if pk in codes
                },
            }
        )


class MapMarkersView(APIView):
    """Point layers you may see (hotspots for the police), as GeoJSON per layer. Persons'
    homes are never plotted."""

    @extend_schema(parameters=PERIOD_PARAMS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        access = _access(request)
        period = _period(request)
        return Response(
            {
                "period": _period_json(period),
                "layers": {
                    layer.key: {
                        "label": str(layer.label),
                        "type": "FeatureCollection",
                        "features": layer.features(access, period),
                    }
                    for layer in marker_layers_for(access)
                },
            }
        )


class MapExportView(APIView):
    """The data behind the map for a period: per commune its value, class and Gi* result, as
    GeoJSON (with the outlines), CSV or an Excel sheet."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "file", str, enum=["geojson", "csv", "xlsx"], description="default geojson"
            ),
            MEASURE_PARAM,
            OpenApiParameter("scheme", str, enum=list(SCHEMES)),
            *PERIOD_PARAMS,
        ],
        responses={200: OpenApiTypes.BINARY},
    )
    def get(self, request: Request) -> HttpResponse:
        access = _access(request)
        measure = selectors.measure_get(access, request.query_params.get("measure", "persons"))
        scheme = request.query_params.get("scheme", "quantiles")
        scheme = scheme if scheme in SCHEMES else "quantiles"
        period = _period(request)
        values, analysis, communes = selectors.export_rows(
            access, measure=measure, period=period, scheme=scheme
        )
        classes = values.classes
        assert classes is not None
        rows = []
        for commune in communes:
            gi = analysis.units.get(commune.pk)
            klass = classes.by_id.get(commune.pk)
            rows.append(
                {
                    "code": commune.code,
                    "name": commune.full_name,
                    "value": _number(values.values.get(commune.pk)),
                    "class": None if klass is None else klass + 1,
                    "gi_z": gi.z if gi else None,
                    "gi_p": gi.p if gi else None,
                    "gi_bin": gi.bin if gi else None,
                }
            )
        stem = f"ban-do-{measure.key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
        headers = [
            _("Code"),
            _("Commune"),
            str(measure.label),
            _("Class"),
            "Gi* z",
            "Gi* p",
            "Gi_Bin",
        ]
        if request.query_params.get("file") == "csv":
            text = io.StringIO()
            write_csv(text, headers, [list(row.values()) for row in rows])
            # With a byte-order mark, so that Excel opens the Vietnamese text as UTF-8.
            response = HttpResponse(
                "\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
            return response
        if request.query_params.get("file") == "xlsx":
            target = io.BytesIO()
            write_xlsx(target, headers, [list(row.values()) for row in rows])
            response = HttpResponse(
                target.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
            return response
        by_code = {row["code"]: row for row in rows}
        collection = selectors.communes_geojson(access)
        features = [
            {**f, "properties": {**f["properties"], **by_code[f["properties"]["code"]]}}
            for f in collection["features"]
            if f["properties"]["code"] in by_code
        ]
        body = {
            "type": "FeatureCollection",
            "measure": measure.key,
            "period": _period_json(period),
            "scheme": scheme,
            "breaks": classes.breaks,
            "features": features,
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False), content_type="application/geo+json"
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.geojson"'
        return response


class MapHeatView(APIView):
    """Kernel density of the located incidents of the period (Gaussian kernel, bandwidth
    `bandwidth_m`, on a grid of `cell_m`), as GeoJSON grid cells with their density per km²
    and level 1–5. Counts only: for the police and analysts, not health or social users."""

    @extend_schema(parameters=PERIOD_PARAMS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        access = _access(request)
        period = _period(request)
        grid = selectors.incident_density(access, period=period)
        return Response(
            {
                "period": _period_json(period),
                "points": grid.points,
                "cell_m": grid.cell_m,
                "bandwidth_m": grid.bandwidth_m,
                "maximum": grid.maximum,
                "type": "FeatureCollection",
                "features": grid.cells,
            }
        )


class MapEmergingView(APIView):
    """Emerging hot-spot analysis of a measure over your communes: Gi* at each of `steps`
    months or quarters ending with the one holding `start` (default: today), the
    Mann-Kendall trend of each commune's z-scores and Esri's category (`new_hot_spot`,
    `consecutive_hot_spot`, `intensifying_hot_spot`, `persistent_hot_spot`,
    `diminishing_hot_spot`, `sporadic_hot_spot`, `oscillating_hot_spot`,
    `historical_hot_spot`, the cold counterparts, or `no_pattern`)."""

    @extend_schema(
        parameters=[
            MEASURE_PARAM,
            OpenApiParameter("step", str, enum=["quarter", "month"]),
            OpenApiParameter("steps", int, description="4 to 24, default 12"),
            OpenApiParameter("start", OpenApiTypes.DATE, description="a day in the last step"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        access = _access(request)
        measure = selectors.measure_get(access, request.query_params.get("measure", "persons"))
        steps = selectors.emerging_steps(request.query_params.dict(), today=timezone.localdate())
        result = selectors.emerging_analysis(access, measure=measure, steps=steps)
        return Response(
            answers.emerging_answer(access, measure=measure, steps=steps, result=result)
        )


class MapHexagonsView(APIView):
    """Getis-Ord Gi* of the located incidents (or hotspots) of the period counted per H3
    hexagon (resolution from the points' spacing, 8 when they are too few; the cells holding
    a point and their six neighbours, binary weights, permutations with a fixed seed,
    two-sided, FDR), as
    `manage.py hotspot_analysis`: GeoJSON cell outlines with `count`, `z`, `p` and `bin`
    −3…3. Counts only, for the police and analysts, not health or social users. Fewer than
    30 cells or no variance: `ran` false, the reason, and no cell. More than 5,000 located
    points: `ran` false and `background` true, nothing computed; the map page then runs it as
    a background job (`/map/jobs/`)."""

    @extend_schema(
        parameters=[
            *PERIOD_PARAMS,
            OpenApiParameter(
                "points", str, enum=["incidents", "hotspots"], description="default incidents"
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        access = _access(request)
        period = _period(request)
        points = request.query_params.get("points") or "incidents"
        found = selectors.hexagon_points(access, period=period, points=points)
        if len(found) > selectors.HEX_IN_REQUEST_POINTS:
            # Too long for a request: the map page runs it as a background job.
            return Response(
                {
                    "period": _period_json(period),
                    "points": points,
                    "located": len(found),
                    "ran": False,
                    "background": True,
                    "reason": _("%(n)d located points: the analysis runs as a background job.")
                    % {"n": len(found)},
                    "type": "FeatureCollection",
                    "features": [],
                }
            )
        hexes = selectors.hexagon_analysis(access, period=period, points=points, found=found)
        return Response(answers.hexagons_answer(period=period, points=points, hexes=hexes))


class MapJobView(APIView):
    """A background analysis of the map (`map_emerging`, `map_hexagons`), started from the map
    page: its status and progress, and once done its result as the emerging or hexagon route
    answers it; `file=csv` downloads the result's rows. Visible only within the jurisdiction
    that launched it, to the roles that see that layer."""

    @extend_schema(
        parameters=[OpenApiParameter("file", str, enum=["csv"], description="the rows as CSV")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, map_job_pk: int) -> HttpResponse:
        job = selectors.map_job_get(request.user, map_job_pk)
        result: dict[str, Any] | None = None
        if job.status == JobStatus.DONE:
            result = job.result
            if job.kind == "map_hexagons":
                result = answers.with_outlines(result)
        if request.query_params.get("file") == "csv":
            if result is None:
                raise DomainError(
                    "map_job_not_done", _("The analysis has not finished yet."), "file"
                )
            return _job_csv(job.kind, job.pk, result)
        return Response(
            {
                "id": job.pk,
                "analysis": job.params.get("analysis"),
                "status": job.status,
                "percent": job.percent,
                "message": job.message,
                "result": result,
            }
        )


def _job_csv(kind: str, pk: int, result: dict[str, Any]) -> HttpResponse:
    text = io.StringIO()
    if kind == "map_hexagons":
        headers = ["cell", "count", "z", "p", "bin"]
        rows = [[f["properties"][h] for h in headers] for f in result.get("features", [])]
    else:
        steps = [s["label"] for s in result.get("steps", [])]
        headers = ["code", "pattern", "trend_z", "trend_p", *(f"z {label}" for label in steps)]
        rows = [
            [code, unit["pattern"], unit["trend_z"], unit["trend_p"], *unit["z"]]
            for code, unit in sorted(result.get("units", {}).items())
        ]
    write_csv(text, headers, rows)
    response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ban-do-phan-tich-{pk}.csv"'
    return response
