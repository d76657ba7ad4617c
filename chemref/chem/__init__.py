"""Structures, with RDKit and the ChEMBL structure pipeline: parsing (``parse``, ``shapes``), the parent
compound (``parent``), the registered structures and rules prepared for matching (``index``), tiered
matching (``match``), look-ups and their typed answers (``lookup``, ``explain``) and drawings (``depict``).
Importing this package imports no RDKit; its modules do."""
