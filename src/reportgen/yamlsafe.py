"""The one YAML loader for what users write: the front matter, `index.yaml`, `styles/docx.yaml`.

PyYAML's SafeLoader (no Python tags), with the same limits for every file:

- aliases (`*name`) are refused: a few lines of them expand into gigabytes ("billion laughs");
- lists and mappings nest at most MAX_NESTING deep: the composer recurses once per level;
- a value the resolver takes for a date or a number that Python cannot hold (`2024-13-45`,
  `0000-01-01`, `25:00:00`, an integer of more than 4300 digits) is an error at that value,
  not a ValueError from deep inside PyYAML.

Every error is a ReportgenError at the file's line and column. Mappings and lists come back as
`Mapping` and `Sequence` (a dict, a list) that know where they and each of their items were
written, so that the checks that follow report the right line too (`position`).
"""

from __future__ import annotations

import collections.abc
import sys

import yaml

from .diagnostics import ReportgenError

# The same bound as the Markdown reader's nesting of block quotes and lists: no real
# configuration comes near it, and the composer's recursion stays far from Python's limit.
MAX_NESTING = 50

_STR = "tag:yaml.org,2002:str"
# what the resolver makes of plain scalars that are not text (null stays null)
_IMPLICIT = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
             "tag:yaml.org,2002:timestamp"}


class Mapping(dict):
    """A YAML mapping; `at` is where it starts, `positions[key]` where each key is written
    ((line, column), 1-based, in the whole file)."""

    at: tuple[int, int] = (0, 0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.positions: dict = {}


class Sequence(list):
    """A YAML list; `at` is where it starts, `positions[i]` where item `i` is written."""

    at: tuple[int, int] = (0, 0)

    def __init__(self, *args):
        super().__init__(*args)
        self.positions: list[tuple[int, int]] = []


def position(value, key=None, default: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """Where `value[key]` (or, without `key`, `value` itself) was written as (line, column);
    `default` for data that does not come from this loader (a plain dict, a bundled file)."""
    if not isinstance(value, (Mapping, Sequence)):
        return default
    if key is None:
        return value.at
    if isinstance(value, Mapping):
        return value.positions.get(key, value.at)
    return value.positions[key] if 0 <= key < len(value.positions) else value.at


class _Refused(yaml.YAMLError):
    """What this loader refuses in YAML that PyYAML accepts: `problem` at `problem_mark`."""

    def __init__(self, problem: str, mark):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


class Loader(yaml.SafeLoader):
    """SafeLoader without aliases, with bounded nesting, located containers and located value errors."""

    def __init__(self, stream: str, first_line: int = 1, what: str = ""):
        super().__init__(stream)
        self.first_line = first_line  # the file's line of the text's first line
        self.where = f" in {what}" if what else ""
        self.depth = 0

    def at(self, mark) -> tuple[int, int]:
        return self.first_line + mark.line, mark.column + 1

    def fetch_flow_collection_start(self, TokenClass):
        # `[[[[…` is refused by the scanner already: PyYAML's scanner keeps every open bracket as a
        # possible `key:` for 1024 characters and walks that list at each token (quadratic: 5000
        # brackets took half a second before the composer could count them)
        if self.flow_level >= MAX_NESTING:
            raise _Refused(f"YAML nested deeper than {MAX_NESTING} levels{self.where}; flatten it", self.get_mark())
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _Refused(f"YAML aliases (*name) are not allowed{self.where}; write the value out",
                           self.peek_event().start_mark)
        if not self.check_event(yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        if self.depth >= MAX_NESTING:
            raise _Refused(f"YAML nested deeper than {MAX_NESTING} levels{self.where}; flatten it",
                           self.peek_event().start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_located_map(self, node):
        data = Mapping()
        data.at = self.at(node.start_mark)
        yield data
        self.flatten_mapping(node)  # `<<: {…}` merge keys
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, collections.abc.Hashable):
                raise _Refused(f"a list or mapping cannot be a key{self.where}", key_node.start_mark)
            data[key] = self.construct_object(value_node)
            data.positions[key] = self.at(key_node.start_mark)

    def construct_located_seq(self, node):
        data = Sequence()
        data.at = self.at(node.start_mark)
        yield data
        for item in node.value:
            data.append(self.construct_object(item))
            data.positions.append(self.at(item.start_mark))

    def construct_checked_timestamp(self, node):
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as exc:  # datetime's own check: month 13, 30 February, year 0, hour 25
            raise _Refused(f"{node.value!r} is not a date: {exc}; write a real date (YYYY-MM-DD) "
                           "or put the value in quotes to keep it as text", node.start_mark) from None

    def construct_checked_int(self, node):
        try:
            return self.construct_yaml_int(node)
        except ValueError:  # int() refuses more than sys.get_int_max_str_digits() decimal digits
            raise _Refused(f"a number of more than {sys.get_int_max_str_digits()} digits; "
                           "put it in quotes to keep it as text", node.start_mark) from None


Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_located_map)
Loader.add_constructor("tag:yaml.org,2002:seq", Loader.construct_located_seq)
Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_checked_timestamp)
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_checked_int)


def _as_text(node) -> None:
    """Read the plain scalars of `node` (or of the list it is) as written: `title: yes` is «yes», not
    True; `subtitle: 12:30` is «12:30», not 750 (YAML 1.1's base 60)."""
    for item in node.value if isinstance(node, yaml.SequenceNode) else [node]:
        if isinstance(item, yaml.ScalarNode) and item.tag in _IMPLICIT:
            item.tag = _STR


def load(text: str, file: str, *, first_line: int = 1, what: str = "", text_keys: tuple[str, ...] = ()):
    """The data of the YAML `text` (None if it is empty), or a ReportgenError at its file:line:column.

    `first_line`: the line of `file` that `text` starts on (front matter: 2); `what` names the YAML
    in messages ("front matter"); `text_keys`: top-level keys whose values are text as written."""
    loader = Loader(text, first_line, what)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value in text_keys:
                    _as_text(value_node)
        return loader.construct_document(node)
    except _Refused as exc:
        line, column = loader.at(exc.problem_mark)
        raise ReportgenError(exc.problem, file, line, column) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = loader.at(mark) if mark else (first_line, 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ReportgenError(f"invalid YAML{loader.where}: {problem}", file, line, column) from None
    finally:
        loader.dispose()
