"""Placeholder."""


def address_index_clear() -> None:
    """Forget the cached name index."""
