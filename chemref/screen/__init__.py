"""Screening whole catalogues: the plan of a run (``plan``), input readers (``inputs``), the pure
screening functions (``structures``, ``identifiers``), rows and their rendering (``rows``), chunks and
worker processes (``chunks``), signals, the summary sidecar and resumption (``run``), and engines beyond
this machine (``engines``). RDKit, Dask and pyarrow are imported only where used."""
