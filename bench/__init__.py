"""Benchmarks: ``python -m bench`` runs them all and prints figures (never a timed test)."""
