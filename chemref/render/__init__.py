"""Rendering the typed answers: tables for a terminal, Markdown, CSV and JSON (``formats``), the tables of
each answer (``tables``, ``lists``, ``lookups``) and flat exports (``exports``)."""
