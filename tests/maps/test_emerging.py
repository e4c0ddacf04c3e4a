"""Esri's emerging hot-spot categories on constructed series, and on a synthetic grid."""

import pytest

from pcmt.maps.analysis import emerging_hot_spots, emerging_pattern, mann_kendall
from tests.maps.test_analysis import SIZE, queen_grid

RISING = [float(i) for i in range(1, 11)]
FALLING = RISING[::-1]


def series(steps: str, z: list[float] | None = None) -> tuple[list[float], list[bool], list[bool]]:
    """'H' a significant hot step, 'C' cold, '.' neither; z ±3 or 0 unless given."""
    hot = [s == "H" for s in steps]
    cold = [s == "C" for s in steps]
    if z is None:
        z = [3.0 if h else -3.0 if c else 0.0 for h, c in zip(hot, cold, strict=True)]
    return z, hot, cold


def flip(z: list[float]) -> list[float]:
    return [-v for v in z]


@pytest.mark.parametrize(
    ("steps", "z", "expected"),
    [
        (".........H", None, "new_hot_spot"),
        (".......HHH", None, "consecutive_hot_spot"),
        ("HHHHHHHHHH", RISING, "intensifying_hot_spot"),
        ("HHHHHHHHHH", [3.0, 4.0] * 5, "persistent_hot_spot"),
        (".HHHHHHHHH", [3.0, 4.0] * 5, "persistent_hot_spot"),  # 90 % of the steps
        ("HHHHHHHHHH", FALLING, "diminishing_hot_spot"),
        ("H.H..H...H", None, "sporadic_hot_spot"),
        ("HH...H..HH", None, "sporadic_hot_spot"),  # a final run, but hot before it
        ("C....H...H", None, "oscillating_hot_spot"),
        ("C........H", None, "oscillating_hot_spot"),  # a cold past: not new
        ("HHHHHHHHH.", None, "historical_hot_spot"),
        (".........C", None, "new_cold_spot"),
        ("........CC", None, "consecutive_cold_spot"),
        ("CCCCCCCCCC", flip(RISING), "intensifying_cold_spot"),
        ("CCCCCCCCCC", [-3.0, -4.0] * 5, "persistent_cold_spot"),
        ("CCCCCCCCCC", flip(FALLING), "diminishing_cold_spot"),
        ("C..C.C...C", None, "sporadic_cold_spot"),
        ("H...C....C", None, "oscillating_cold_spot"),
        ("CCCCCCCCC.", None, "historical_cold_spot"),
        ("..........", None, "no_pattern"),
        ("HHHHH.....", None, "no_pattern"),  # hot once, half the time, not lately
        ("HHHHHHHH..", None, "no_pattern"),  # 80 %: not historical
    ],
)
def test_each_category_on_a_constructed_series(steps, z, expected):
    values, hot, cold = series(steps, z)
    assert emerging_pattern(values, hot, cold) == expected


def test_mann_kendall_sees_a_monotonic_trend_and_not_a_flat_one():
    z, p = mann_kendall(RISING)
    assert z > 0 and p < 0.001
    z, p = mann_kendall(FALLING)
    assert z < 0 and p < 0.001
    assert mann_kendall([1.0] * 10) == (0.0, 1.0)
    assert mann_kendall([3.0, 4.0] * 5)[1] > 0.5


def test_fewer_than_four_steps_names_no_pattern():
    result = emerging_hot_spots([{0: 1.0}] * 3, {0: []})
    assert not result.ran
    assert "4" in result.reason


def test_a_cluster_present_every_quarter_is_persistent_and_noise_has_no_pattern():
    block = {row * SIZE + col for row in range(2, 5) for col in range(2, 5)}
    steps = []
    for step in range(8):
        steps.append(
            {
                cell: 20.0 if cell in block else float((cell * 7 + step * 3) % 4)
                for cell in range(SIZE * SIZE)
            }
        )
    result = emerging_hot_spots(steps, queen_grid(), permutations=99)
    assert result.ran
    assert result.units[3 * SIZE + 3].pattern == "persistent_hot_spot"
    assert result.units[9 * SIZE + 9].pattern in ("no_pattern", "persistent_cold_spot")
    hot_far = [
        c
        for c, unit in result.units.items()
        if unit.pattern.endswith("hot_spot") and c // SIZE > 6 and c % SIZE > 6
    ]
    assert hot_far == []


def test_a_cluster_that_appears_in_the_last_quarter_is_new():
    block = {row * SIZE + col for row in range(5, 8) for col in range(5, 8)}
    steps = [
        {cell: float((cell * 7 + step * 3) % 4) for cell in range(SIZE * SIZE)} for step in range(5)
    ]
    steps[-1] = {cell: 25.0 if cell in block else 1.0 for cell in range(SIZE * SIZE)}
    result = emerging_hot_spots(steps, queen_grid(), permutations=99)
    assert result.units[6 * SIZE + 6].pattern == "new_hot_spot"
