"""Finding a registered chemical by id, name, synonym, CAS RN or InChIKey (no RDKit here)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chemref.registry.cas import canonical_cas, cas_problem, looks_like_cas

if TYPE_CHECKING:  # only annotations: callers hold the registry, this module never builds one
    from chemref.registry.models import Chemical, Form, Registry


class QueryError(Exception):
    """The query itself is malformed (exit code 2)."""


def normalize(text: str) -> str:
    """Case- and punctuation-insensitive form: 'N-Phenyl-4-piperidinamine' -> 'nphenyl4piperidinamine'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum())


def query_key(query: str) -> str:
    """The index key a query looks up: a CAS RN in its canonical form, normalized. QueryError when
    the query is malformed (empty, a CAS RN with a wrong check digit, no letters or digits)."""
    text = query.strip()
    if not text:
        raise QueryError("empty query: give a name, synonym, CAS RN or InChIKey")
    if looks_like_cas(text):
        problem = cas_problem(text)
        if problem is not None:
            raise QueryError(problem)
        text = canonical_cas(text)
    key = normalize(text)
    if not key:
        raise QueryError(f"{query!r} contains no letters or digits to look up")
    return key


_INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$", re.I)


@dataclass
class NotFound(Exception):
    """Nothing matched; carries close names to suggest (exit code 1)."""

    query: str
    suggestions: list[str]
    hint: str | None = None

    def __str__(self) -> str:
        shown = self.query if len(self.query) <= 80 else self.query[:77] + "..."
        text = f"{shown!r} is not in the registry: no registered chemical has that name, CAS RN or InChIKey."
        if self.suggestions:
            text += f" Did you mean: {', '.join(self.suggestions)}?"
        if self.hint:
            text += f" Hint: {self.hint}."
        return text


def keys_of(chemical: Chemical) -> list[str]:
    """Every normalized key a chemical can be found by, its forms' names and CAS RNs included."""
    keys = [normalize(name) for name in chemical.all_names()]
    if chemical.identifiers.cas:
        keys.append(normalize(chemical.identifiers.cas))
    if chemical.identifiers.inchikey:
        keys.append(normalize(chemical.identifiers.inchikey))
    for form in chemical.forms:
        keys += form_keys(form)
    return [key for key in keys if key]


def form_keys(form: Form) -> list[str]:
    return [normalize(form.name)] + ([normalize(form.cas)] if form.cas else [])


def matched_form(chemical: Chemical, query: str) -> Form | None:
    """The form of ``chemical`` that ``query`` names (by name or CAS RN), if it names a form."""
    key = normalize(query)
    return next((form for form in chemical.forms if key in form_keys(form)), None)


def index(registry: Registry) -> dict[str, list[str]]:
    """Normalized key -> ids of chemicals it names (more than one id means the data is ambiguous)."""
    table: dict[str, list[str]] = {}
    for chemical in registry.chemicals.values():
        for key in dict.fromkeys(keys_of(chemical)):
            table.setdefault(key, []).append(chemical.id)
    return table


class Finder:
    """``find`` with the index built once, for batches of identifiers."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.table = index(registry)

    def find(self, query: str, suggestions: bool = True) -> Chemical:
        """The one chemical ``query`` names; QueryError for malformed input, NotFound otherwise."""
        key = query_key(query)
        hits = self.table.get(key, [])
        if len(hits) > 1:
            raise QueryError(f"{query!r} is ambiguous: it names {', '.join(sorted(hits))}; run 'chemref validate'")
        if hits:
            return self.registry.chemicals[hits[0]]
        if not suggestions:
            raise NotFound(query, [])
        text = query.strip()
        if looks_like_cas(text):
            text = canonical_cas(text)
        raise NotFound(query, suggest(self.registry, text), salt_hint(self.registry, text))


def find(registry: Registry, query: str) -> Chemical:
    """The one chemical ``query`` names; QueryError for malformed input, NotFound with suggestions otherwise."""
    exact = registry.chemicals.get(query.strip())
    if exact is not None:
        return exact  # an id, as most commands are typed: no need to index every name
    return Finder(registry).find(query)


# Counter-ion and hydrate words a catalogue name may end with; a name ending in one is likely a salt or hydrate.
_SALT_WORDS = (
    "hydrochloride", "dihydrochloride", "hydrobromide", "citrate", "oxalate", "sulfate", "sulphate", "tartrate",
    "phosphate", "mesylate", "maleate", "fumarate", "acetate", "hydrate", "monohydrate", "dihydrate", "salt", "hcl",
)  # fmt: skip


def salt_hint(registry: Registry, query: str) -> str | None:
    """A hint for a name that looks like a salt of a registered chemical (e.g. 'fentanyl citrate')."""
    words = [w for w in re.split(r"[\s,;()]+", query.strip()) if w]
    if len(words) < 2 or not any(w.casefold() in _SALT_WORDS for w in words):
        return None
    stem = " ".join(w for w in words if w.casefold() not in _SALT_WORDS)
    table = index(registry)
    hits = table.get(normalize(stem), [])
    base = f" ({registry.chemicals[hits[0]].name})" if len(hits) == 1 else ""
    return (
        f"{query!r} looks like a salt or hydrate{base}: salts are matched by structure, "
        "so draw it and run 'chemref lookup SMILES'"
    )


def suggest(registry: Registry, query: str, limit: int = 3) -> list[str]:
    """Display names close to ``query``, best first."""
    display: dict[str, str] = {}
    for chemical in registry.chemicals.values():
        for name in chemical.all_names():
            display.setdefault(normalize(name), name)
    if _INCHIKEY.match(query.strip()):
        block = query.strip()[:14].upper()
        same = [c.name for c in registry.chemicals.values() if (c.identifiers.inchikey or "").startswith(block)]
        if same:
            return same[:limit]
    import difflib

    # Only close spellings: a looser cutoff offers unrelated chemicals that share letters.
    close = difflib.get_close_matches(normalize(query), list(display), n=limit * 2, cutoff=0.82)
    names: list[str] = []
    for key in close:
        if display[key] not in names:
            names.append(display[key])
    return names[:limit]


def is_inchikey(text: str) -> bool:
    return _INCHIKEY.match(text.strip()) is not None


def inchikey_relatives(registry: Registry, key: str) -> list[tuple[Chemical, str, str]]:
    """Registered chemicals whose InChIKey shares blocks with ``key`` (which matched none exactly):
    (chemical, tier, explanation). The same first two blocks differ only in the protonation flag (a
    charged form: tier 'parent'); the same first block, in stereo, isotope or other layers ('stereo')."""
    key = key.strip().upper()
    found = []
    for chemical in sorted(registry.chemicals.values(), key=lambda c: c.id):
        stored = chemical.identifiers.inchikey
        if stored is None:
            continue
        if stored[:25] == key[:25]:
            found.append(
                (chemical, "parent", f"same InChIKey as {chemical.name} but for the protonation flag (a charged form)")
            )
        elif stored[:14] == key[:14]:
            found.append(
                (chemical, "stereo", f"same InChIKey skeleton block as {chemical.name}; other layers differ; review")
            )
    return found
