"""Finding, reading and typing the registry files.

Layout of a registry directory::

    chemicals/<id>.yml      one chemical per file, file name = id
    readings/<id>.yml       one dated reading of a whole list per file, file name = id
    jurisdictions.yml       key -> Jurisdiction
    regimes.yml             key -> Regime (legal lists and schedules)
    instruments.yml         key -> Instrument
    sources.yml             key -> Source
    settings.yml            registry-level settings (optional)
    changelog.yml           the data changelog: dated corrections and additions (optional)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from chemref.registry import compiled
from chemref.registry.models import VOCABULARIES, Change, Chemical, ListReading, Registry, Settings
from chemref.registry.paths import (
    CHANGELOG_FILE,
    CHEMICALS_DIR,
    READINGS_DIR,
    SETTINGS_FILE,
    file_names,
    resolve_path,
)
from chemref.registry.problems import Problem, RegistryError

# A registry file is hand-written YAML of a few kilobytes; a larger one is refused before it is parsed,
# so that one bad file cannot stall every command.
MAX_FILE_BYTES = 1024 * 1024


class RegistryNotFound(ValueError):
    """Files given to validate lie in no registry, or in more than one."""


def is_registry(path: Path) -> bool:
    return (path / "regimes.yml").is_file() and (path / CHEMICALS_DIR).is_dir()


def containing_registry(files: list[Path]) -> Path:
    """The one registry directory that holds every file given."""
    roots: set[Path] = set()
    for file in files:
        found = next((p for p in [file.resolve(), *file.resolve().parents] if is_registry(p)), None)
        if found is None:
            raise RegistryNotFound(f"{file} is not inside a registry directory (one holding regimes.yml)")
        roots.add(found)
    if len(roots) > 1:
        raise RegistryNotFound(f"the files lie in {len(roots)} registries: {', '.join(sorted(map(str, roots)))}")
    return roots.pop()


def is_installed(path: Path) -> bool:
    """Whether ``path`` is the copy shipped inside the installed package (read-only data)."""
    installed = Path(__file__).resolve().parents[1] / "_registry"
    return path.resolve() == installed or "site-packages" in path.resolve().parts


@dataclass
class RegistryFiles:
    """The raw text and parsed YAML of every registry file, keyed by path relative to the root."""

    root: Path
    texts: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def chemical_files(self) -> list[str]:
        return sorted(name for name in self.data if name.startswith(f"{CHEMICALS_DIR}/"))

    def reading_files(self) -> list[str]:
        return sorted(name for name in self.data if name.startswith(f"{READINGS_DIR}/"))

    def line(self, file: str, path: tuple[str | int, ...]) -> int | None:
        from chemref.registry import yamlio

        text = self.texts.get(file)
        return None if text is None else yamlio.line_of(text, path)


def read_texts(root: Path) -> RegistryFiles:
    """Read every registry file's text, without parsing it."""
    files = RegistryFiles(root=root)
    if not root.is_dir():
        files.problems.append(Problem("registry-missing", str(root), "registry directory not found"))
        return files
    for name in file_names(root):
        path = root / name
        if not path.is_file():
            files.problems.append(Problem("file-missing", name, "required registry file is missing"))
            continue
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                files.problems.append(
                    Problem("file-too-large", name, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
                )
                continue
            files.texts[name] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            files.problems.append(Problem("unreadable", name, f"cannot read file: {exc}"))
    return files


def read_files(root: Path) -> RegistryFiles:
    """Read and parse every registry file; YAML syntax errors become problems, not exceptions."""
    return parse(read_texts(root))


def parse(files: RegistryFiles) -> RegistryFiles:
    """Parse the texts read by ``read_texts``."""
    import yaml

    from chemref.registry import yamlio  # YAML is only needed when the cache cannot answer

    for name, text in files.texts.items():
        try:
            files.data[name] = yamlio.load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            reason = getattr(exc, "problem", None) or str(exc)
            files.problems.append(Problem("yaml-syntax", name, f"not valid YAML: {reason}", line=line))
    return files


def _schema_problems(
    files: RegistryFiles, name: str, exc: ValidationError, prefix: tuple[str | int, ...]
) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = prefix + tuple(error["loc"])
        path = ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in loc).replace(".[", "[")
        rule = "unknown-key" if error["type"] == "extra_forbidden" else "schema"
        message = "unknown key (not in the schema)" if rule == "unknown-key" else error["msg"]
        problems.append(Problem(rule, name, message, path=path, line=files.line(name, loc)))
    return problems


def _typed(files: RegistryFiles, name: str, model: type[BaseModel], raw: Any, prefix: tuple[str | int, ...]) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        files.problems.extend(_schema_problems(files, name, exc, prefix))
        return None


def build(files: RegistryFiles) -> Registry | None:
    """Type every record; schema problems are appended to ``files.problems``."""
    vocab: dict[str, dict[str, Any]] = {}
    for key, model in VOCABULARIES.items():
        name = f"{key}.yml"
        raw = files.data.get(name)
        typed: dict[str, Any] = {}
        if name in files.data and not isinstance(raw, dict):
            files.problems.append(Problem("schema", name, "expected a mapping of key -> record", line=1))
        elif isinstance(raw, dict):
            for record_key, record in raw.items():
                value = _typed(files, name, model, record, (str(record_key),))
                if value is not None:
                    typed[str(record_key)] = value
        vocab[key] = typed
    chemicals: dict[str, Chemical] = {}
    owners: dict[str, str] = {}
    for name in files.chemical_files():
        raw = files.data.get(name)
        if not isinstance(raw, dict):
            files.problems.append(Problem("schema", name, "expected a mapping describing one chemical", line=1))
            continue
        chemical = _typed(files, name, Chemical, raw, ())
        if chemical is None:
            continue
        if chemical.id in chemicals:
            # Blame the file not named after the id; the other one is where the id belongs.
            first = owners[chemical.id]
            culprit, other = (first, name) if Path(name).stem == chemical.id else (name, first)
            files.problems.append(
                Problem("duplicate-id", culprit, f"id {chemical.id!r} is also used by {other}", "id", line=1)
            )
            continue
        chemicals[chemical.id] = chemical
        owners[chemical.id] = name
    readings: dict[str, ListReading] = {}
    for name in files.reading_files():
        raw = files.data.get(name)
        if not isinstance(raw, dict):
            files.problems.append(Problem("schema", name, "expected a mapping describing one list reading", line=1))
            continue
        reading = _typed(files, name, ListReading, raw, ())
        if reading is not None:
            if reading.id in readings:
                files.problems.append(Problem("duplicate-id", name, f"reading id {reading.id!r} is used twice", "id"))
                continue
            readings[reading.id] = reading
    settings = Settings()
    if SETTINGS_FILE in files.data:
        settings = _typed(files, SETTINGS_FILE, Settings, files.data[SETTINGS_FILE], ()) or settings
    changelog: list[Change] = []
    raw_log = files.data.get(CHANGELOG_FILE)
    if CHANGELOG_FILE in files.data and not isinstance(raw_log, list):
        files.problems.append(Problem("schema", CHANGELOG_FILE, "expected a list of changes", line=1))
    elif isinstance(raw_log, list):
        for index, entry in enumerate(raw_log):
            if (change := _typed(files, CHANGELOG_FILE, Change, entry, (index,))) is not None:
                changelog.append(change)
    if files.problems:
        return None
    return Registry(
        chemicals=chemicals,
        readings=readings,
        **vocab,
        settings=settings,
        changelog=changelog,
        content_hash=content_hash(files),
    )


def content_hash(files: RegistryFiles) -> str:
    """SHA-256 over every file's path and text, in path order: the registry's data version."""
    import hashlib

    digest = hashlib.sha256()
    for name in sorted(files.texts):
        digest.update(name.encode() + b"\0" + files.texts[name].encode() + b"\0")
    return digest.hexdigest()


def load(root: Path | None = None) -> Registry:
    """Load and type the registry at ``root`` (see ``resolve_path``); raise RegistryError if it is broken.

    A registry that typed cleanly once is kept as JSON in the cache directory under its content hash,
    and read back through the same models: data, never code, and never another version of the files.
    """
    path = resolve_path(root)
    files = read_texts(path)
    digest = content_hash(files) if not files.problems else None
    if digest is not None and digest in _LOADED:
        return _LOADED[digest]
    if digest is not None and (kept := compiled.read(digest)) is not None:
        _LOADED[digest] = kept
        return kept
    registry = build(parse(files))
    if registry is None:
        raise RegistryError(files.problems)
    compiled.write(registry)
    _LOADED[registry.content_hash] = registry
    return registry


# Registries typed in this process, by content hash: a long-running caller (a test suite, a server) types
# the same files once. The models are frozen, so sharing one is safe.
_LOADED: dict[str, Registry] = {}
