"""Kernel density on a grid: densest where the points are, coarser cells for a large box."""

from pcmt.maps.density import kernel_density

BOX = (21.0, 105.8, 21.1, 105.9)  # about 11 × 10 km


def test_the_densest_cell_is_where_the_points_gather():
    points = [(21.05, 105.85)] * 20 + [(21.01, 105.81)]
    grid = kernel_density(points, BOX)
    top = max(grid.cells, key=lambda f: f["properties"]["density"])
    (ring,) = top["geometry"]["coordinates"]
    lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert min(lats) <= 21.05 <= max(lats) and min(lngs) <= 105.85 <= max(lngs)
    assert top["properties"]["level"] == 5
    # 20 points with a 1 km Gaussian kernel: about 20 / (2π · 1 km²) ≈ 3 per km² at the peak.
    assert 2 < grid.maximum < 4


def test_no_point_gives_no_cell_and_a_large_box_coarser_cells():
    assert kernel_density([], BOX).cells == []
    grid = kernel_density([(21.5, 106.0)], (20.0, 105.0, 23.0, 107.0), max_cells=10_000)
    assert grid.cell_m > 500
    assert grid.cells
