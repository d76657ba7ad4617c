"""chemref: an open, typed and cited reference of how precursor chemicals are controlled."""

__version__ = "0.2.0"
