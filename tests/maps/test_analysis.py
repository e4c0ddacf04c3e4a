"""Gi* on synthetic grids: the planted cluster is found, noise gives next to nothing."""

import random

from pcmt.maps.analysis import MIN_UNITS, gi_star

SIZE = 10


def queen_grid(size: int = SIZE) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {}
    for cell in range(size * size):
        row, col = divmod(cell, size)
        links[cell] = [
            (row + dr) * size + col + dc
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            if (dr or dc) and 0 <= row + dr < size and 0 <= col + dc < size
        ]
    return links


def planted(seed: int = 1) -> tuple[dict[int, float], set[int]]:
    rng = random.Random(seed)
    values = {cell: float(rng.randint(0, 5)) for cell in range(SIZE * SIZE)}
    block = {row * SIZE + col for row in range(2, 5) for col in range(2, 5)}
    for cell in block:
        values[cell] = 30.0
    return values, block


def test_it_finds_the_planted_hot_cluster_at_99_percent():
    values, block = planted()
    result = gi_star(values, queen_grid())
    assert result.ran
    assert result.units[3 * SIZE + 3].bin == 3  # the centre of the block
    assert all(result.units[cell].bin > 0 for cell in block)
    ring = {cell for b in block for cell in queen_grid()[b]}
    significant = {cell for cell, unit in result.units.items() if unit.bin >= 2}
    assert significant <= block | ring
    assert result.units[9 * SIZE + 9].bin <= 0  # the far corner is not hot


def test_pure_noise_gives_next_to_nothing_after_fdr():
    for seed in range(5):
        rng = random.Random(100 + seed)
        values = {cell: float(rng.randint(0, 10)) for cell in range(SIZE * SIZE)}
        result = gi_star(values, queen_grid())
        assert result.ran
        assert sum(1 for unit in result.units.values() if unit.bin != 0) <= 2


def test_the_same_seed_gives_the_same_result():
    values, _block = planted()
    first = gi_star(values, queen_grid(), seed=7)
    second = gi_star(values, queen_grid(), seed=7)
    assert first.units == second.units


def test_fewer_than_30_units_runs_nothing_and_says_why():
    values = {cell: float(cell) for cell in range(25)}
    result = gi_star(values, queen_grid(5))
    assert not result.ran
    assert result.units == {}
    assert str(MIN_UNITS) in result.reason


def test_no_variance_runs_nothing():
    result = gi_star(dict.fromkeys(range(SIZE * SIZE), 4.0), queen_grid())
    assert not result.ran
    assert result.reason


def test_units_without_neighbours_are_left_out_not_painted():
    values, _block = planted()
    links = queen_grid()
    values[999] = 0.0  # an island: no neighbour in the data
    result = gi_star(values, links)
    assert 999 in result.islands
    assert 999 not in result.units


def test_the_block_permutations_give_esdas_g_local_numbers():
    import warnings

    import numpy as np
    from esda.getisord import G_Local
    from libpysal.weights import W

    values, _block = planted()
    grid = queen_grid()
    ids = list(range(SIZE * SIZE))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = G_Local(
            np.array([values[i] for i in ids]),
            W(grid, id_order=ids, silence_warnings=True),
            transform="B",
            permutations=99,
            star=True,
            seed=3,
            n_jobs=1,
            keep_simulations=True,
        )
    result = gi_star(values, grid, permutations=99, seed=3)
    assert [result.units[i].z for i in ids] == [round(float(z), 4) for z in reference.z_sim]
