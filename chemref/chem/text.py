"""Input as messages show it. A query or a record may be 100,000 characters long; a message that
echoes it in full buries what it says (old defect 28). No RDKit here, so identifier screening and the
command line can use it without importing RDKit."""

from __future__ import annotations

import re

SHOWN = 80  # characters of a query a message shows
_LONG_RUN = re.compile(rf"\S{{{SHOWN + 1},}}")


def clip(text: str, limit: int = SHOWN) -> str:
    """``text`` as a message shows it: at most ``limit`` characters, the rest cut to '…'."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_runs(message: str) -> str:
    """``message`` with every run of more than ``SHOWN`` non-space characters (an echoed query, as in
    RDKit's 'syntax error while parsing: CCCC…') clipped."""
    return _LONG_RUN.sub(lambda found: clip(found.group()), message)
