"""YAML reading that remembers line numbers and refuses duplicate keys.

The C loader is used when PyYAML was built with libyaml. Every mapping comes back as a
`LineDict`, a plain dict that also knows the line it started on and the line of each key, so that
a schema error deep inside a question can still be reported as file:line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import yaml

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class LineDict(dict[str, Any]):
    """A mapping from YAML with the line of the mapping and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class DuplicateKeyError(yaml.MarkedYAMLError):
    """Two equal keys in one mapping: PyYAML would silently keep the last, which hides mistakes."""


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _construct_line_map(loader: Any, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in data:
            raise DuplicateKeyError(
                "while reading a mapping",
                node.start_mark,
                f"duplicate key {key!r}",
                key_node.start_mark,
            )
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[str(key)] = key_node.start_mark.line + 1


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_line_map)


def load_yaml(text: str) -> Any:
    """Parse one YAML document; mappings become `LineDict`s. Raises `yaml.YAMLError`."""
    return yaml.load(text, Loader=_LineLoader)


def yaml_error_line(error: yaml.YAMLError) -> int:
    """The 1-based line a YAML error points at (the problem mark if present)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark is not None else 1


def line_of(data: Any, path: Sequence[int | str], default: int) -> int:
    """The line of the deepest element of `path` inside `data` that exists.

    `path` is a pydantic error location relative to `data`. Keys that do not exist (a missing
    field) stop the walk, and the line of the enclosing mapping is used.
    """
    line = data.line if isinstance(data, LineDict) and data.line else default
    node: Any = data
    for part in path:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
            if isinstance(node, LineDict) and node.line:
                line = node.line
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            if isinstance(node, LineDict) and node.line:
                line = node.line
        else:
            break
    return line
