"""Errors of a screening engine (the Dask engine, the Parquet sink)."""

from __future__ import annotations


class EngineError(Exception):
    """The engine cannot run: Dask is not installed, the scheduler cannot be reached, a partition kept failing."""
