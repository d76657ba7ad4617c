"""Screening engines beyond this machine's process pool, and Parquet output.

- ``dask_engine``: ``chemref screen --engine dask``, the pure ``screen_batch`` mapped over
  partitions on a Dask cluster (``pip install 'chemref[dask]'``);
- ``parquet``: writing screening rows as Parquet (pyarrow).

Nothing here imports Dask or pyarrow at module level: ``chemref`` start-up never pays for them.
"""

from __future__ import annotations


class EngineError(Exception):
    """The engine cannot run: Dask is not installed, the scheduler cannot be reached, a partition kept failing."""
