"""Leaves with SystemExit(4) while being imported."""
raise SystemExit(4)
