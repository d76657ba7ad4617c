"""Problems as GitHub Actions workflow commands (``::error file=…,line=…,title=…::message``).

GitHub decodes ``%XX`` in workflow commands, so data and properties are escaped as its runner
requires: ``%``, CR and LF everywhere, and ``:`` and ``,`` in properties as well.
"""

from __future__ import annotations

import os
from pathlib import Path

from chemref.registry.problems import Problem


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(root: Path, file: str) -> str:
    """The problem's file relative to the working directory (absolute when it lies elsewhere)."""
    target = (root / file).resolve()
    try:
        relative = os.path.relpath(target)
    except ValueError:  # another drive on Windows
        return str(target)
    return str(target) if relative.startswith("..") else relative


def annotation(root: Path, problem: Problem) -> str:
    properties = [f"file={escape_property(display_path(root, problem.file))}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    properties.append(f"title={escape_property(problem.rule)}")
    message = f"{problem.path} {problem.message}".strip()
    return f"::{problem.severity} {','.join(properties)}::{escape_data(message)}"
