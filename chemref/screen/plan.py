"""What one screening run is asked to do, checked before anything is read or written.

``ScreenPlan.from_options`` takes the command line's options and makes every cross-check
(``PlanError`` for a combination that cannot run: exit 2), so the command stays a few lines and each
rule can be tested without a process. ``chemref.screen.run.execute`` then runs it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from chemref.registry.models import Registry
from chemref.screen.inputs import InputFormat, Reader, ReaderOptions
from chemref.screen.sidecar import sidecar_path

OutFormat = Literal["csv", "jsonl", "parquet"]
Engine = Literal["local", "dask"]
IdKind = Literal["cas", "name", "inchikey", "inchi", "auto"]

_SUFFIXES: dict[str, OutFormat] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


class PlanError(ValueError):
    """Options that cannot run together, or an output that would destroy an input (exit 2)."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@dataclass(frozen=True)
class ScreenPlan:
    """A checked screening run: input, output, what to screen for, and the engine."""

    input_path: str
    out: Path | None
    out_format: OutFormat
    input_format: InputFormat | None
    column: str | None
    id_column: str | None
    id_kind: IdKind | None
    delimiter: str | None
    day: dt.date
    jurisdictions: list[str] | None
    similar: float | None
    jobs: int
    resume: bool
    engine: Engine
    scheduler: str | None
    partition_size: int | None

    @classmethod
    def from_options(
        cls,
        input_path: str,
        day: dt.date,
        out: Path | None = None,
        out_format: str | None = None,
        input_format: str | None = None,
        structure_column: str | None = None,
        column: str | None = None,
        id_column: str | None = None,
        id_kind: str | None = None,
        delimiter: str | None = None,
        jurisdictions: list[str] | None = None,
        similar: float | None = None,
        jobs: int = 1,
        resume: bool = False,
        engine: str = "local",
        scheduler: str | None = None,
        partition_size: int | None = None,
    ) -> ScreenPlan:
        if engine == "local" and (scheduler is not None or partition_size is not None):
            raise PlanError("--scheduler and --partition-size need --engine dask")
        if out is not None and str(out) == "-":
            out = None  # standard output, as without --out
        if column is not None and structure_column is not None and column != structure_column:
            raise PlanError("give --column or --structure-column, not both")
        if delimiter is not None:
            delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
            if len(delimiter) != 1:
                raise PlanError("--delimiter takes one character (or 'tab')")
        chosen = cls._out_format(out, out_format)
        if chosen == "parquet" and out is None:
            raise PlanError("Parquet output needs --out FILE")
        if out is not None and out.is_dir():
            raise PlanError(f"--out {out} is a directory")
        if resume and out is None:
            raise PlanError("--resume needs --out (the sidecar OUT.summary.json says where the run stopped)")
        if resume and chosen == "parquet":
            raise PlanError(
                "--resume cannot continue a Parquet output (it cannot be cut back); write CSV or JSON Lines"
            )
        if id_kind is not None and similar is not None:
            raise PlanError("--similar applies to structures, not to --id-kind identifier lists")
        named_sdf = input_path.lower().removesuffix(".gz").endswith((".sdf", ".sd", ".mol"))
        if id_kind is not None and (input_format == "sdf" or (input_format is None and named_sdf)):
            raise PlanError("--id-kind reads identifiers from a CSV/TSV column or a list, not from an SDF")
        if jobs < 1:
            raise PlanError("--jobs must be at least 1")
        plan = cls(
            input_path=input_path,
            out=out,
            out_format=chosen,
            input_format=input_format,  # type: ignore[arg-type]
            column=column or structure_column,
            id_column=id_column,
            id_kind=id_kind,  # type: ignore[arg-type]
            delimiter=delimiter,
            day=day,
            jurisdictions=jurisdictions,
            similar=similar,
            jobs=jobs,
            resume=resume,
            engine=engine,  # type: ignore[arg-type]
            scheduler=scheduler,
            partition_size=partition_size,
        )
        plan.refuse_overwrite()
        return plan

    @staticmethod
    def _out_format(out: Path | None, given: str | None) -> OutFormat:
        if given is not None:
            return given  # type: ignore[return-value]
        if out is None:
            return "csv"
        suffix = out.suffix.lower()
        if suffix in _SUFFIXES:
            return _SUFFIXES[suffix]
        raise PlanError(
            f"cannot tell the output format from {out.name!r}: name it .csv, .jsonl or .parquet, or give --out-format"
        )

    def refuse_overwrite(self) -> None:
        """An output (or its sidecar) that is the input, through any symlink or hard link, would destroy it."""
        if self.out is None or self.input_path == "-":
            return
        source = Path(self.input_path)
        for target, what in ((self.out, "--out"), (sidecar_path(self.out), "the summary sidecar")):
            if _same_file(target, source):
                raise PlanError(
                    f"{what} {target} is the input {self.input_path}: writing it would destroy the input; "
                    "choose another --out"
                )

    @property
    def what(self) -> str:
        return "structure" if self.id_kind is None else "identifier"

    def reader(self) -> Reader:
        """The input reader (InputError for an input that cannot be opened)."""
        raw_smi = self.jobs > 1 or self.engine == "dask"  # workers then build records from raw SMILES lines
        if self.id_kind is None:
            options = ReaderOptions(self.column, self.id_column, self.delimiter, raw_smi=raw_smi)
            return Reader(self.input_path, self.input_format, options)
        from chemref.screen.identifiers import COLUMNS

        options = ReaderOptions(
            self.column,
            self.id_column,
            self.delimiter,
            column_defaults=COLUMNS[self.id_kind],
            column_what="identifier",
            whole_lines=True,
        )
        return Reader(self.input_path, self.input_format, options)

    def screening(self, registry: Registry) -> tuple[Callable[..., Any], Any]:
        """The pure screening function and the context every batch needs."""
        if self.id_kind is None:
            from chemref.screen.structures import ScreenContext, screen_batch

            return screen_batch, ScreenContext.build(registry, self.day, self.similar, self.jurisdictions)
        from chemref.screen.identifiers import IdentifierContext, screen_identifiers

        return screen_identifiers, IdentifierContext.build(registry, self.day, self.id_kind, self.jurisdictions)

    def settings(self, reader: Reader) -> dict[str, Any]:
        """What a --resume must repeat exactly."""
        return {
            "input_format": reader.format,
            "column": self.column,
            "id_column": self.id_column,
            "delimiter": reader.stats.delimiter,
            "id_kind": self.id_kind,
            "on": self.day.isoformat(),
            "jurisdiction": self.jurisdictions,
            "similar": self.similar,
            "out_format": self.out_format,
        }
