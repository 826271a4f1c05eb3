"""Percentiles and a one-line summary of timings."""

from __future__ import annotations

import statistics


def percentile(samples: list[float], fraction: float) -> float:
    """The value below which `fraction` of the samples fall (nearest rank)."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[rank]


def summary(name: str, seconds: list[float], unit: float = 1e6, label: str = "µs") -> str:
    """`name: median X, p99 Y` in the given unit."""
    return (
        f"{name}: median {statistics.median(seconds) * unit:.1f} {label},"
        f" p99 {percentile(seconds, 0.99) * unit:.1f} {label} (n={len(seconds)})"
    )
