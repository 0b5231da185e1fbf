"""Safe, bounded YAML reading that remembers the line of every value.

Only plain data is built: mappings, sequences, strings, integers, floats, booleans and nulls. Dates stay
strings (the domain model parses them, so that a bad date is reported like any other bad value). Any tag
that would build an object is refused. Size, nesting depth and alias expansion are bounded, so a hostile
file fails fast with a clear message instead of exhausting memory or time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from crewplan.errors import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A scenario file larger than this is refused (the built-in scenario is well under 1 MiB)."""
MAX_DEPTH = 40
"""Deepest nesting of mappings and sequences accepted (the format needs fewer than 10 levels)."""
MAX_NODES = 2_000_000
"""Most values one file may expand to, counting each use of an alias (guards against alias bombs)."""
MAX_ALIAS_EXPANSION = 100_000
"""Most values aliases may add by repeating their anchors (billion laughs needs billions; a scenario none)."""
MAX_SCALAR_CHARS = 100_000
DEEP_PATH_PARTS = 4
"""A problem about nesting names only the first parts of the path (the rest is just ``[0][0]...``)."""

Path_ = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: dates stay text until the model parses them.

    The composer is recursive, so it counts its depth and stops at ``MAX_DEPTH`` with the line, instead of
    running into Python's recursion limit on a file of thousands of nested brackets.
    """

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text)
        self.file = file
        self.path: list[str | int] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if parent is None:
            return super().compose_node(parent, index)
        if isinstance(index, int):
            part: str | int = index
        elif isinstance(index, ScalarNode):
            part = str(index.value)
        else:
            part = "<key>"
        self.path.append(part)
        try:
            if len(self.path) > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _Abort(_too_deep(self.file, int(mark.line) + 1, tuple(self.path)))
            return super().compose_node(parent, index)
        finally:
            self.path.pop()


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_FastLoader: type | None = None
if yaml.__with_libyaml__:

    class _CLoader(yaml.CSafeLoader):
        """libyaml's parser and composer (about ten times faster), with the same resolvers as ``_Loader``."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader


def _check_depth(text: str, file: str, loader: type) -> None:
    """Walk the parser's events (an iterative pass, no recursion) and stop at ``MAX_DEPTH`` with the line
    and the path, before a recursive composer sees thousands of nested brackets.

    libyaml (PyYAML 6.0.4 and later) stops at its own nesting limit while scanning ahead, before the events
    reach ``MAX_DEPTH``; then the pure-Python parser, which has no such limit, finds the path instead.
    """
    try:
        _walk_depth(yaml.parse(text, Loader=loader), file, [])
    except yaml.MarkedYAMLError as error:
        if not _too_nested(error) or loader is yaml.SafeLoader:
            raise
    else:
        return
    path: list[str | int] = []
    try:
        _walk_depth(yaml.parse(text, Loader=yaml.SafeLoader), file, path)
    except yaml.MarkedYAMLError as error:
        if not _too_nested(error):
            raise
        mark = error.problem_mark
        raise _Abort(_too_deep(file, int(mark.line) + 1 if mark is not None else 0, tuple(path))) from None


def _too_nested(error: yaml.MarkedYAMLError) -> bool:
    """Whether the parser itself stopped at its nesting limit (libyaml's "exceeded maximum nesting depth")."""
    return "nesting depth" in str(error.problem or "")


class _Frame:
    """An open mapping or sequence while walking events: the path part of its next child."""

    __slots__ = ("mapping", "part", "state")

    def __init__(self, mapping: bool) -> None:
        self.mapping = mapping
        self.part: str | int = 0
        self.state = "key" if mapping else "item"
        """Mappings: 'key' (a key comes next), 'in-key' (a complex key is open), 'value'."""

    def done(self) -> None:
        """A child node ended."""
        if not self.mapping:
            assert isinstance(self.part, int)
            self.part += 1
        else:
            self.state = "value" if self.state == "in-key" else "key"


def _walk_depth(events: Any, file: str, path: list[str | int]) -> None:
    """Follow ``events``, keeping ``path`` (the open collections' parts, for the caller on a parser error)."""
    stack: list[_Frame] = []
    for event in events:
        starts = isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent)
        if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent) or starts:
            frame = stack[-1] if stack else None
            if frame is not None and frame.mapping and frame.state == "key":
                if not starts:
                    frame.part = str(getattr(event, "value", "*alias"))
                    frame.state = "value"
                    continue
                frame.part, frame.state = "<key>", "in-key"
            if not starts:
                if frame is not None:
                    frame.done()
                continue
            if frame is not None:
                path.append(frame.part)
            if len(path) >= MAX_DEPTH:
                line = int(event.start_mark.line) + 1 if event.start_mark is not None else 0
                raise _Abort(_too_deep(file, line, tuple(path)))
            stack.append(_Frame(isinstance(event, yaml.MappingStartEvent)))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
            if path:
                path.pop()
            if stack:
                stack[-1].done()


class _Abort(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


@dataclass
class YamlDocument:
    """A parsed file: the plain data and the line of each value, by path."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)


def decode(raw: bytes, file: str) -> str:
    """Decode UTF-8 (a BOM is allowed); report the line of the first bad byte."""
    if len(raw) > MAX_FILE_BYTES:
        raise _Abort(Problem(file, 0, "", "file is too large", f"{len(raw)} bytes",
                             f"at most {MAX_FILE_BYTES} bytes"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _Abort(Problem(file, line, "", "not UTF-8 text", f"byte 0x{raw[error.start]:02x}",
                             "a UTF-8 encoded YAML file")) from None


def _mark_line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _too_deep(file: str, line: int, path: Path_) -> Problem:
    return Problem(file, line, format_path(path[:DEEP_PATH_PARTS]), "nested too deeply",
                   f"more than {MAX_DEPTH} levels", "a scenario nested fewer than 10 levels")


def _children(node: Node) -> list[tuple[str | int, Node]]:
    if isinstance(node, MappingNode):
        return [(str(key.value) if isinstance(key, ScalarNode) else "<key>", value) for key, value in node.value]
    if isinstance(node, SequenceNode):
        return list(enumerate(node.value))
    return []


class _Expansion:
    """Measure how many values a node graph expands to before building it, so that an alias bomb (a few
    lines that expand to billions of values) or a recursive alias is refused at once, at its line.

    Aliases share the anchor's node, so each node is visited once: ``size`` is the expanded count of a
    node, ``excess`` the part of it that aliases add by repeating nodes already seen (in file order).
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.size: dict[int, int] = {}
        self.excess: dict[int, int] = {}
        self.first: dict[int, list[tuple[str | int, Node]]] = {}
        self.open: set[int] = set()

    def measure(self, node: Node, path: Path_) -> None:
        if len(path) > MAX_DEPTH:
            raise _Abort(_too_deep(self.file, _mark_line(node), path))
        key = id(node)
        self.open.add(key)
        size, excess, first = 1, 0, []
        for part, child in _children(node):
            child_key = id(child)
            if child_key in self.open:
                raise _Abort(Problem(self.file, _mark_line(child), format_path((*path, part)),
                                     "an alias refers to a value that contains it (recursive alias)",
                                     None, "an alias only to a value defined before it, outside it"))
            if child_key in self.size:
                excess += self.size[child_key]
            else:
                self.measure(child, (*path, part))
                excess += self.excess[child_key]
                first.append((part, child))
            size += self.size[child_key]
        self.open.discard(key)
        self.size[key], self.excess[key], self.first[key] = size, excess, first

    def check(self, root: Node) -> None:
        self.measure(root, ())
        total, excess = self.size[id(root)], self.excess[id(root)]
        if excess > MAX_ALIAS_EXPANSION:
            node: Node = root
            path: Path_ = ()
            while True:
                best = max(self.first[id(node)], key=lambda item: self.excess[id(item[1])], default=None)
                if best is None or self.excess[id(best[1])] <= MAX_ALIAS_EXPANSION:
                    break
                path, node = (*path, best[0]), best[1]
            raise _Abort(Problem(self.file, _mark_line(node), format_path(path),
                                 "aliases expand to too many values (alias bomb?)",
                                 f"{self.excess[id(node)]} repeated values",
                                 f"at most {MAX_ALIAS_EXPANSION} values repeated through aliases"))
        if total > MAX_NODES:
            raise _Abort(Problem(self.file, 0, "", "document has too many values", str(total),
                                 f"at most {MAX_NODES}"))


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.nodes = 0
        self.constructor = SafeConstructor()

    def problem(self, node: Node, path: Path_, message: str, got: str | None = None,
                expected: str | None = None) -> _Abort:
        return _Abort(Problem(self.file, _mark_line(node), format_path(path), message, got, expected))

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.problem(node, path, "document expands to too many values (alias bomb?)",
                               f"more than {MAX_NODES}", "a plain scenario without repeated alias expansion")
        if depth > MAX_DEPTH:
            raise _Abort(_too_deep(self.file, _mark_line(node), path))
        self.lines.setdefault(path, _mark_line(node))
        tag = node.tag
        if tag == "tag:yaml.org,2002:merge" and isinstance(node, ScalarNode):
            return str(node.value)  # a value written '<<' is text; only a '<<' key would merge
        if tag not in _STANDARD_TAGS:
            raise self.problem(node, path, "YAML tag not allowed", repr(tag),
                               "plain YAML data without tags (no !!python/... or custom tags)")
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.problem(key_node, path, "merge keys ('<<') are not supported", "<<",
                                       "the keys written out")
                if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                    raise self.problem(key_node, path, "a mapping key must be a plain word",
                                       _key_kind(key_node), "a key such as 'id' or 'name'")
                key = str(key_node.value)
                if key == "<<":
                    raise self.problem(key_node, path, "merge keys ('<<') are not supported", "<<",
                                       "the keys written out")
                if key in result:
                    raise self.problem(key_node, (*path, key), "duplicate key", repr(key),
                                       "each key once per mapping")
                self.lines[(*path, key)] = _mark_line(key_node)
                result[key] = self.build(value_node, (*path, key), depth + 1)
            return result
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if len(node.value) > MAX_SCALAR_CHARS:
            raise self.problem(node, path, "value is too long", f"{len(node.value)} characters",
                               f"at most {MAX_SCALAR_CHARS}")
        return self.scalar(node, path)

    def scalar(self, node: ScalarNode, path: Path_) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:str":
            bad = next((c for c in str(node.value) if _hidden(c)), None)
            if bad is not None:
                raise self.problem(node, path, "text holds a control character", f"U+{ord(bad):04X}",
                                   "printable text (escapes such as \\e or \\x1b write terminal commands)")
            return str(node.value)
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and ":" in str(node.value):
            raise self.problem(node, path, "a base-60 number (YAML 1.1 reads 1:30 as 90)", repr(node.value),
                               "a plain number, or the value in quotes if it is text")
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return self.constructor.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:int":
            digits = re.sub(r"[^0-9a-fA-F]", "", node.value)
            if len(digits) > 30:
                raise self.problem(node, path, "number is absurdly large", f"{len(digits)} digits",
                                   "a physical quantity")
            try:
                return self.constructor.construct_yaml_int(node)
            except ValueError:
                raise self.problem(node, path, "not a valid integer", node.value) from None
        value = self.constructor.construct_yaml_float(node)
        if not math.isfinite(value):
            raise self.problem(node, path, "not a finite number", node.value, "a finite number")
        return value


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional embedding, override and isolate controls: they make text read differently than it is."""


def _hidden(char: str) -> bool:
    """A character that does something instead of showing: C0/C1 controls (but tab and newline), DEL, bidi."""
    code = ord(char)
    return (code < 0x20 and char not in "\t\n") or 0x7F <= code <= 0x9F or char in _BIDI


def _key_kind(node: Node) -> str:
    """What a mapping key that is not a plain word is, for the message."""
    if node.tag not in _STANDARD_TAGS:
        return f"a key tagged {node.tag.replace('tag:yaml.org,2002:', '!!')!r}"
    if isinstance(node, SequenceNode):
        return "a list as a key"
    if isinstance(node, MappingNode):
        return "a mapping as a key"
    kind = {"int": "a number", "float": "a number", "bool": "true or false", "null": "an empty value"}.get(
        node.tag.rsplit(":", 1)[-1], "a value")
    return f"{kind} as a key ({node.value!r})"


def _unprintable(file: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    position = int(error.position)
    line = text[:position].count("\n") + 1
    return Problem(file, line, "", "not valid YAML: a control character that YAML does not allow",
                   f"U+{int(error.character):04X}", "printable text (tabs and newlines are fine)")


def _syntax_problem(file: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = int(mark.line) + 1 if mark is not None else 0
    message = " ".join(str(error.problem or error.context or "invalid YAML").split())
    return Problem(file, line, "", f"not valid YAML: {message}")


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse one YAML document into plain data with a line map.

    Raises:
        _Abort: with the problem (used by the loader, which turns it into a ScenarioError).
    """
    try:
        yaml.reader.Reader(text)  # checks every character first, so a control character has its line
        if _FastLoader is not None:
            _check_depth(text, file, _FastLoader)
            loader: Any = _FastLoader(text)
        else:
            loader = _Loader(text, file)
    except yaml.reader.ReaderError as error:
        raise _Abort(_unprintable(file, text, error)) from None
    except yaml.MarkedYAMLError as error:
        raise _Abort(_syntax_problem(file, error)) from None
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as error:
        raise _Abort(_unprintable(file, text, error)) from None
    except yaml.MarkedYAMLError as error:
        raise _Abort(_syntax_problem(file, error)) from None
    except yaml.YAMLError as error:
        raise _Abort(Problem(file, 0, "", f"not valid YAML: {' '.join(str(error).split())}")) from None
    except RecursionError:
        raise _Abort(Problem(file, 0, "", "nested too deeply", None,
                             f"at most {MAX_DEPTH} levels of nesting")) from None
    finally:
        loader.dispose()
    if node is None:
        return YamlDocument(file, None, {})
    _Expansion(file).check(node)
    builder = _Builder(file)
    data = builder.build(node, (), 0)
    return YamlDocument(file, data, builder.lines)


def format_path(path: Path_) -> str:
    """``('flights', 3, 'seats', 0, 'role')`` as ``flights[3].seats[0].role``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


Abort = _Abort
