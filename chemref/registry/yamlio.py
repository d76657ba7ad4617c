"""Reading and writing registry YAML: strict on read, canonical on write."""

from __future__ import annotations

import copy
import functools
import json
import re
from typing import Any

import yaml

_BaseLoader: type[yaml.SafeLoader]
try:
    _BaseLoader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_BaseDumper: type[yaml.SafeDumper]
try:
    _BaseDumper = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:
    _BaseDumper = yaml.SafeDumper


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping names the same key twice; PyYAML would silently keep the last one."""


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate keys."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise DuplicateKeyError(
                "while reading a mapping",
                node.start_mark,
                f"the key {key!r} appears twice",
                key_node.start_mark,
            )
        seen[key] = key_node
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(text: str) -> Any:
    # A registry's files are read again and again in one process (validate, lint, a test suite's copies of
    # the registry): a text parsed before is not parsed again. Each caller gets its own copy to change.
    return copy.deepcopy(_parsed(text))


@functools.lru_cache(maxsize=1024)
def _parsed(text: str) -> Any:
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader derives from SafeLoader


# Strings made only of digits, dots and hyphens (CAS numbers, dates, customs codes) are always quoted,
# so YAML never reads them as numbers, dates or octal.
_QUOTE = re.compile(r"^[0-9][0-9.\-]*$")


class CanonicalDumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """Block style, Unicode kept, identifier-like strings double-quoted."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _QUOTE.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # Short lists of plain values read best inline: supports: [action, effective]
    inline = all(isinstance(item, str | int | float) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


CanonicalDumper.add_representer(str, _represent_str)
CanonicalDumper.add_representer(list, _represent_list)


def dump(data: Any) -> str:
    """Canonical YAML of JSON-shaped data (what ``model_dump(mode="json")`` gives)."""
    # validate writes every file's canonical text to compare it with the file; in one process the same
    # data recurs (a test suite validating registry copies), so its text is kept, keyed by its JSON.
    return _dump_json(json.dumps(data, ensure_ascii=False))


@functools.lru_cache(maxsize=1024)
def _dump_json(encoded: str) -> str:
    text: str = yaml.dump(
        json.loads(encoded),
        Dumper=CanonicalDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    return text


def line_of(text: str, path: tuple[str | int, ...]) -> int | None:
    """1-based line of the node at ``path`` (keys and list indexes), or of its nearest ancestor."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next((pair for pair in node.value if pair[0].value == part), None)
            if match is None:
                return line
            line = match[0].start_mark.line + 1
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line
