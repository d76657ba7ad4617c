"""The key a name, synonym, CAS RN or InChIKey is looked up by: case, punctuation and a CAS RN's
leading zeros do not matter. Kept apart from ``chemref.names`` so that a stored answer
(``chemref.answers``) can be found by it cheaply."""

from __future__ import annotations

import unicodedata

from chemref.cas import canonical_cas, cas_problem, looks_like_cas


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
