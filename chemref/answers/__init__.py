"""What chemref says: status on a date computed from dated events (``status``), the decision vocabulary
(``decision``), the one typed answer every output renders (``models``, built by ``build``, ``lists``,
``coverage_report``), its JSON Schemas (``schemas``) and provenance. Pure: no printing, no RDKit."""
