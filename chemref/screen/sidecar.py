"""Where a run with ``--out OUT`` records its progress and summary: ``OUT.summary.json``."""

from __future__ import annotations

from pathlib import Path

SIDECAR_SUFFIX = ".summary.json"


def sidecar_path(out: Path) -> Path:
    return out.with_name(out.name + SIDECAR_SUFFIX)
