"""Choropleth classes (no data apart from zero) and the map's periods."""

import datetime

import pytest

from pcmt.core.errors import DomainError
from pcmt.maps.classify import classify
from pcmt.maps.periods import period_parse

D = datetime.date


def test_no_data_has_no_class_while_zero_has_the_lowest():
    values = {1: 0.0, 2: None, 3: 5.0, 4: 10.0, 5: 20.0, 6: 40.0, 7: 80.0}
    classes = classify(values, scheme="quantiles", k=3)
    assert classes.by_id[2] is None
    assert classes.by_id[1] == 0
    assert classes.by_id[7] == len(classes.breaks) - 1
    assert classes.no_data == 1
    assert sum(classes.counts) == 6


def test_natural_breaks_keep_similar_values_together():
    values = dict(enumerate([1.0, 1.2, 1.1, 50.0, 51.0, 49.0, 100.0, 101.0, 99.0, 1.3]))
    classes = classify(values, scheme="natural_breaks", k=3)
    assert classes.breaks == [1.3, 51.0, 101.0]
    assert {classes.by_id[i] for i in (0, 1, 2, 9)} == {0}
    assert {classes.by_id[i] for i in (3, 4, 5)} == {1}


def test_ties_reduce_the_number_of_classes():
    classes = classify({1: 0.0, 2: 0.0, 3: 2.0}, scheme="quantiles", k=5)
    assert classes.breaks == [0.0, 2.0]


def test_nothing_known_gives_no_classes():
    classes = classify({1: None}, scheme="quantiles")
    assert classes.breaks == [] and classes.no_data == 1


@pytest.mark.parametrize(
    ("params", "start", "end"),
    [
        ({"period": "month", "start": "2025-02-14"}, D(2025, 2, 1), D(2025, 2, 28)),
        ({"period": "quarter", "start": "2025-08-02"}, D(2025, 7, 1), D(2025, 9, 30)),
        ({"period": "year", "start": "15/06/2024"}, D(2024, 1, 1), D(2024, 12, 31)),
        (
            {"period": "custom", "start": "2025-01-05", "end": "2025-03-07"},
            D(2025, 1, 5),
            D(2025, 3, 7),
        ),
        ({}, D(2025, 10, 1), D(2025, 12, 31)),
    ],
)
def test_periods(params, start, end):
    period = period_parse(params, today=D(2025, 11, 20))
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "params",
    [
        {"period": "decade"},
        {"period": "month", "start": "31/02/2025"},
        {"period": "custom", "start": "2025-03-01", "end": "2025-01-01"},
        {"period": "custom", "start": "2010-01-01", "end": "2025-01-01"},
    ],
)
def test_bad_periods_are_refused_with_a_code(params):
    with pytest.raises(DomainError) as error:
        period_parse(params, today=D(2025, 11, 20))
    assert error.value.code.startswith("map_period")


def _samples() -> list[tuple[list[float], int]]:
    import random

    rng = random.Random(7)
    found = []
    for trial in range(120):
        n = rng.randint(6, 170)
        if trial % 3 == 0:
            data = [rng.random() * 100 for _ in range(n)]
        elif trial % 3 == 1:
            data = [float(rng.randint(0, 12)) for _ in range(n)]  # counts: many ties
        else:
            data = [round(rng.lognormvariate(1, 1.2), 2) for _ in range(n)]  # skewed rates
        k = rng.randint(2, 7)
        if len(set(data)) > k:
            found.append((data, k))
    return found


def test_the_breaks_are_mapclassifys_without_importing_it():
    import warnings

    import mapclassify
    import numpy as np

    from pcmt.maps.classify import fisher_jenks_breaks, quantile_breaks

    for data, k in _samples():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantiles = mapclassify.Quantiles(np.array(data), k=k).bins
            jenks = mapclassify.FisherJenks(np.array(data), k=k).bins
        assert quantile_breaks(data, k) == pytest.approx(sorted({float(b) for b in quantiles}))
        assert fisher_jenks_breaks(data, k) == [float(b) for b in jenks]


def test_classifying_does_not_load_mapclassify_scipy_or_sklearn():
    import subprocess
    import sys

    code = (
        "import sys; from pcmt.maps.classify import classify; "
        "classify({i: float(i % 7) for i in range(50)}, scheme='natural_breaks'); "
        "classify({i: float(i % 7) for i in range(50)}, scheme='quantiles'); "
        "print(sorted(m for m in ('mapclassify', 'scipy', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603 (the test's own interpreter and code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
