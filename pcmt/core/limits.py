"""Bounds on what a request may carry, so that odd input is a field error and never a 500."""

# The largest primary key either database holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1
# JSON bodies nested deeper than this are refused before they are read.
MAX_JSON_DEPTH = 32
