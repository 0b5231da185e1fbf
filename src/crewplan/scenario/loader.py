"""Load a scenario from YAML: one file, or a folder of files merged by section.

Every problem is collected and reported at once as ``file:line: path.to.field: message (got X; expected Y)``
in a :class:`~crewplan.errors.ScenarioError`; nothing else escapes for bad input.
"""

from __future__ import annotations

import stat
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from crewplan.domain import SECTIONS, Scenario
from crewplan.domain.scenario import SECTION_NOUN
from crewplan.errors import Problem, ScenarioError, shorten
from crewplan.scenario.builtin import builtin_path
from crewplan.scenario.references import check_references
from crewplan.scenario.yamlio import MAX_FILE_BYTES, Abort, Path_, YamlDocument, decode, format_path, parse_yaml

MAX_FILES = 500
TOP_LEVEL = ("id", "name", "description", "settings", "plan")


class LineMap:
    """Where each value of a merged scenario came from: path -> (file, line)."""

    def __init__(self) -> None:
        self.entries: dict[Path_, tuple[str, int]] = {}
        self.default_file = "<scenario>"

    def add(self, document: YamlDocument, source: Path_, target: Path_) -> None:
        size = len(source)
        for path, line in document.lines.items():
            if path[:size] == source:
                self.entries[target + path[size:]] = (document.file, line)

    def add_list(self, document: YamlDocument, source: Path_, target: Path_, offset: int = 0) -> None:
        """Every item of the list at ``source`` as items ``offset``, ``offset + 1``, ... of ``target`` (one pass
        over the document's lines, however long the list)."""
        size = len(source)
        for path, line in document.lines.items():
            if path[:size] == source:
                rest = path[size:]
                if rest and isinstance(rest[0], int):
                    self.entries[(*target, offset + rest[0], *rest[1:])] = (document.file, line)
                elif not rest:
                    self.entries[target] = (document.file, line)

    def locate(self, path: Path_) -> tuple[str, int]:
        """The file and line of the deepest known prefix of ``path``."""
        for cut in range(len(path), -1, -1):
            found = self.entries.get(tuple(path[:cut]))
            if found:
                return found
        return self.default_file, 0


def load_scenario(path: Path | str | None = None) -> Scenario:
    """Load and validate a scenario file or folder (``None``: the built-in scenario ``tiangong-iss``).

    Raises:
        ScenarioError: listing every problem found, each with file, line, field, value and what is valid.
    """
    target = builtin_path() if path is None else Path(path)
    files = _scenario_files(target)
    documents: list[YamlDocument] = []
    problems: list[Problem] = []
    for file in files:
        try:
            documents.append(parse_yaml(decode(_read(file), str(file)), str(file)))
        except Abort as abort:
            problems.append(abort.problem)
    if problems:
        raise ScenarioError(problems)
    return scenario_from_documents(documents)


def _read(file: Path) -> bytes:
    """A scenario file's bytes: a regular file of at most ``MAX_FILE_BYTES``, refused before it is read."""
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise Abort(Problem(str(file), 0, "", "not a regular file (a device, pipe or socket)", None,
                                "a scenario .yaml file"))
        if info.st_size > MAX_FILE_BYTES:
            raise Abort(Problem(str(file), 0, "", "file is too large", f"{info.st_size} bytes",
                                f"at most {MAX_FILE_BYTES} bytes"))
        return file.read_bytes()
    except OSError as error:
        raise Abort(Problem(str(file), 0, "", f"cannot read file: {error.strerror or error}")) from None


def load_scenario_text(text: str, file: str = "<string>", base_dir: Path | None = None) -> Scenario:
    """Load a scenario from YAML text (element file paths resolve against ``base_dir``)."""
    try:
        document = parse_yaml(text, file)
    except Abort as abort:
        raise ScenarioError([abort.problem]) from None
    return scenario_from_documents([document], base_dir=base_dir)


def _scenario_files(target: Path) -> list[Path]:
    def refuse(message: str, expected: str = "a scenario .yaml file or a folder of .yaml files") -> ScenarioError:
        name = str(target) if len(str(target)) <= 200 else str(target)[:197] + "..."
        return ScenarioError([Problem(name, 0, "", message, None, expected)])

    try:
        info = target.stat()
    except FileNotFoundError:
        if target.is_symlink():
            raise refuse("a symbolic link to nothing") from None
        raise refuse("no such file or folder") from None
    except OSError as error:  # a loop of links, a name too long, no permission, ...
        raise refuse(f"cannot read: {error.strerror or error}") from None
    if stat.S_ISREG(info.st_mode):
        return [target]
    if not stat.S_ISDIR(info.st_mode):
        raise refuse("not a regular file or folder (a device, pipe or socket)")
    try:
        files = sorted(p for p in target.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError as error:
        raise refuse(f"cannot read the folder: {error.strerror or error}") from None
    if not files:
        raise ScenarioError([Problem(str(target), 0, "", "folder holds no .yaml files", None,
                                    "scenario.yaml plus section files such as flights.yaml")])
    if len(files) > MAX_FILES:
        raise ScenarioError([Problem(str(target), 0, "", "too many files", str(len(files)),
                                    f"at most {MAX_FILES}")])
    return files


def scenario_from_documents(documents: list[YamlDocument], base_dir: Path | None = None) -> Scenario:
    """Merge parsed documents by section, validate each entity, then check references between them.

    Entities are validated one by one so that one bad entity does not hide the problems of the others,
    and references are checked against the ids written in the files, so that an entity with a bad field
    does not make every reference to it look dangling as well.
    """
    merged, lines, problems = _merge(documents, base_dir)
    if problems:
        raise ScenarioError(problems)
    valid: dict[str, Any] = {key: value for key, value in merged.items() if key not in SECTIONS}
    written_ids: dict[str, set[str]] = {}
    for section in SECTIONS:
        items = merged.get(section, [])
        adapter = _ITEM_ADAPTERS[section]
        kept = []
        written_ids[section] = set()
        for index, item in enumerate(items):
            key = item.get("id") if isinstance(item, dict) else None
            if isinstance(key, str) and key in written_ids[section]:
                path = (section, index, "id")
                problems.append(Problem(*lines.locate(path), format_path(path),
                                        f"duplicate {SECTION_NOUN[section]} id", repr(key),
                                        "an id not used by another entry of the section"))
            elif isinstance(key, str):
                written_ids[section].add(key)
        for index, item in enumerate(items):
            try:
                kept.append(adapter.validate_python(item))
            except ValidationError as error:
                problems.extend(_problem_from(e, lines, (section, index)) for e in _relevant(error))
        valid[section] = kept
    try:
        scenario = Scenario.model_validate(valid)
    except ValidationError as error:
        problems.extend(_problem_from(e, lines) for e in _relevant(error))
        raise ScenarioError(problems) from None
    problems.extend(
        Problem(*lines.locate(path), format_path(path), message, got, expected)
        for path, message, got, expected in check_references(scenario, written_ids)
    )
    if problems:
        raise ScenarioError(problems)
    return scenario


def _relevant(error: ValidationError) -> list[Any]:
    """The errors worth reporting: pydantic also says a tuple is "too short" when one of its items is
    invalid (it counts the valid ones), which would be a second, misleading problem for one mistake."""
    items = error.errors()
    locs = [tuple(item["loc"]) for item in items]
    return [
        item for item, loc in zip(items, locs, strict=True)
        if not (item["type"] == "too_short" and any(len(other) > len(loc) and other[:len(loc)] == loc
                                                   for other in locs))
    ]


_ITEM_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    section: TypeAdapter(typing.get_args(Scenario.model_fields[section].annotation)[0]) for section in SECTIONS
}


def _merge(documents: list[YamlDocument], base_dir: Path | None
           ) -> tuple[dict[str, Any], LineMap, list[Problem]]:
    merged: dict[str, Any] = {}
    lines = LineMap()
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    if documents:
        lines.default_file = documents[0].file
    empty = True
    for document in documents:
        data = document.data
        if data is None:
            continue
        empty = False
        if not isinstance(data, dict):
            problems.append(Problem(document.file, document.lines.get((), 1), "", "a scenario file must be a "
                                    "mapping of sections", type(data).__name__, "keys such as id, flights"))
            continue
        folder = base_dir if base_dir is not None else Path(document.file).resolve().parent
        _resolve_element_files(data, folder)
        for key, value in data.items():
            if key in SECTIONS:
                if not isinstance(value, list):
                    problems.append(Problem(document.file, document.lines.get((key,), 0), key,
                                            "a section must be a list", type(value).__name__,
                                            f"a list of {key}, each starting with '- id: ...'"))
                    continue
                section = merged.setdefault(key, [])
                lines.add_list(document, (key,), (key,), len(section))
                section.extend(value)
            elif key in TOP_LEVEL:
                if key in owner:
                    problems.append(Problem(document.file, document.lines.get((key,), 0), key,
                                            f"given again (first in {owner[key]})", None, "once per scenario"))
                    continue
                owner[key] = document.file
                merged[key] = value
                lines.add(document, (key,), (key,))
            else:
                problems.append(Problem(document.file, document.lines.get((key,), 0), key, "unknown section",
                                        repr(key), "one of " + ", ".join((*TOP_LEVEL, *SECTIONS))))
    if empty and documents:
        files = ", ".join(document.file for document in documents[:3]) + (", ..." if len(documents) > 3 else "")
        return merged, lines, [Problem(lines.default_file, 1, "", "the scenario is empty", files,
                                       "a mapping with id, name, settings and sections such as flights")]
    for key in ("id", "name", "settings"):
        if key not in merged and not problems:
            problems.append(Problem(lines.default_file, 1, key, "missing field", None,
                                    f"a top-level '{key}:' in one file of the scenario"))
    return merged, lines, problems


def _resolve_element_files(data: dict[str, Any], folder: Path) -> None:
    """Make each station's ``orbit.elements_file`` absolute, relative to the file that names it."""
    stations = data.get("stations")
    if not isinstance(stations, list):
        return
    for station in stations:
        orbit = station.get("orbit") if isinstance(station, dict) else None
        if isinstance(orbit, dict) and isinstance(orbit.get("elements_file"), str):
            path = Path(orbit["elements_file"])
            if not path.is_absolute():
                try:
                    orbit["elements_file"] = str((folder / path).resolve())
                except (OSError, ValueError):  # a NUL byte, a loop of links: reported as not found later
                    orbit["elements_file"] = str(folder / path)


def _problem_from(item: Any, lines: LineMap, prefix: tuple[str | int, ...] = ()) -> Problem:
    loc: tuple[str | int, ...] = prefix + tuple(part for part in item["loc"] if not _is_union_tag(part))
    file, line = lines.locate(loc)
    kind = item["type"]
    ctx = item.get("ctx") or {}
    message = str(item["msg"]).removeprefix("Value error, ")
    value = item.get("input")
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        return Problem(file, line, format_path(loc), "unknown key", repr(loc[-1]),
                       "one of " + ", ".join(known) if known else None)
    if kind == "missing":
        return Problem(file, line, format_path(loc), "missing field", None, f"a value for '{loc[-1]}'")
    if kind == "value_error":
        # Cross-field checks name the field they blame ("landing 2026-03-01 is before launch ...",
        # "an uncrewed flight has an astronaut in a seat"): point at the first one written in the file.
        blamed = _blamed_field(message, loc, lines)
        if blamed is not None:
            loc = (*loc, blamed)
            file, line = lines.locate(loc)
    got: str | None = None
    if not isinstance(value, dict | list):
        got = shorten(value)
    elif kind in ("model_type", "model_attributes_type", "dict_type", "list_type", "tuple_type"):
        got = f"a {type(value).__name__}"
    expected = _expected(kind, ctx)
    if kind in _RANGE_KINDS:
        message = "out of range"
    elif kind in ("tuple_type", "list_type"):
        message = "should be a list (items each on a '- ' line, or [a, b])"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = "should be a mapping (key: value lines, or {key: value})"
    elif kind == "string_pattern_mismatch":
        message = "wrong format"
    elif kind in ("enum", "literal_error"):
        message = "not one of the allowed values"
    return Problem(file, line, format_path(loc), message, got, expected)


_RANGE_KINDS = ("greater_than_equal", "greater_than", "less_than_equal", "less_than")

_PATTERNS = {
    r"^[A-Z]{2}$": "an ISO 3166-1 alpha-2 country code such as CN or US",
    r"^[a-z]{2}$": "an ISO 639-1 language code such as zh, ru or en",
    r"^[FMX]$": "F, M or X",
    r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$": "an id of letters, digits and _ . + - (at most 64 characters)",
}


def _blamed_field(message: str, loc: tuple[str | int, ...], lines: LineMap) -> str | None:
    known = _known_keys(loc)
    if not known:
        return None
    words = [word.strip("()[]{},.;:'\"") for word in message.split()]
    for word in words:
        if word in known and (*loc, word) in lines.entries:
            return word
    first = words[0] if words else ""
    return first if first in known else None


def _is_union_tag(part: object) -> bool:
    return isinstance(part, str) and ("[" in part or part in ("function-plain",))


def _expected(kind: str, ctx: dict[str, Any]) -> str | None:
    if kind in ("enum", "literal_error"):
        return f"one of {ctx.get('expected')}"
    for key, symbol in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
        if key in ctx:
            return f"a value {symbol} {ctx[key]:g}" if isinstance(ctx[key], float) else f"a value {symbol} {ctx[key]}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        return _PATTERNS.get(pattern, f"text matching {pattern}")
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} item(s)"
    return None


def _known_keys(loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at ``loc``, found by walking the model's type annotations."""
    annotation: Any = Scenario
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    model = _unwrap_model(annotation)
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


def _step(annotation: Any, part: str | int) -> Any:
    model = _unwrap_model(annotation)
    if isinstance(part, str):
        if model is None:
            return None
        for name, field in model.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    for arg in _args(annotation):
        if _unwrap_model(arg) is not None:
            return arg
    return None


def _args(annotation: Any) -> tuple[Any, ...]:
    args = typing.get_args(annotation)
    out: list[Any] = []
    for arg in args:
        out.extend(_args(arg) if typing.get_origin(arg) in (typing.Union, types.UnionType) else [arg])
    return tuple(out)


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _unwrap_model(arg)
            if found is not None:
                return found
    return None
