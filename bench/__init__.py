"""Benchmarks for Namida: the engine at today's size and 1,000 times larger, end to end
through Discord's protocol, and what it costs to start and to keep in memory.

Run ``python -m bench`` from the repository root (``--quick`` for a short run,
``--json`` for machine-readable output); see bench/README.md for the latest results.
"""
