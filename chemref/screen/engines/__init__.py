"""Screening engines beyond this machine's process pool: ``dask`` maps the pure screening function over
partitions on a Dask cluster (``pip install 'chemref[dask]'``)."""
