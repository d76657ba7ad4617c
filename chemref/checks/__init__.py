"""The data gate: ``validate`` runs every rule over a registry (schema, identifiers, dates, references,
citations, list readings, canonical form, synthesis prose); ``identity`` checks identifiers against the
structure with RDKit; ``github`` writes problems as workflow annotations."""
