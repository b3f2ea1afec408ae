"""Split a brief into its YAML front matter and Markdown body, keeping line numbers.

The YAML loader is deliberately narrower than PyYAML's safe loader:
- plain values are read by YAML 1.2's core schema, not 1.1's: editors type YAML as text, so
  `authors: [no, es]` is Nina Olsen's initials, not false (only true/false are booleans),
  and 0755, 1_000 or 1:20 are not numbers in disguise;
- dates stay text, so the brief model can say precisely what is wrong with one
  (PyYAML would turn 2024-02-30 into an exception, and a naive time into a naive datetime);
- aliases are refused, so a few lines of YAML cannot expand into gigabytes;
- nesting is bounded, and duplicate keys are an error instead of "last one wins".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:  # libyaml's scanner and parser are ~7x faster than PyYAML's own
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml
    from yaml.parser import Parser as _Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _Parser):  # noqa: F811
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _Parser.__init__(self)

MAX_DEPTH = 8
FENCES = ("---",)
CLOSERS = ("---", "...")
# YAML 1.2's core schema (yaml.org/spec/1.2.2, 10.3.2): (tag, pattern, first characters).
_CORE_SCHEMA = [
    ("null", r"~|null|Null|NULL|", [*"~nN", ""]),  # "": an empty value
    ("bool", r"true|True|TRUE|false|False|FALSE", [*"tTfF"]),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", [*"-+0123456789"]),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", [*"-+.0123456789"]),
]
_TOO_DEEP = f"nested too deeply (expected at most {MAX_DEPTH} levels of lists and mappings, found more)"
_CLOSING = {"[": "]", "{": "}"}
_OWN = "\0"  # marks a YAML error worded here, not by the parser
# `key: value` where the value is unquoted text: `lead: Officials said: talks failed`
_PLAIN_VALUE = re.compile(r"(?P<lead> *(?:- +)?)(?P<key>[A-Za-z_][\w-]*): +(?P<value>[^\s\"'\[{>|&*!].*)")


class FrontMatterError(Exception):
    """Something wrong with the front matter as YAML, at a 1-based line of the file."""

    def __init__(self, line: int, message: str, field: str = "front matter"):
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field  # the field the line is about, where the YAML says which


@dataclass(frozen=True)
class FrontMatter:
    data: dict
    lines: dict[str, int]  # "title", "image.alt" -> 1-based line in the file; "body" where it starts
    body: str
    body_line: int  # line of the file where the body starts
    # YAML that did not parse, field by field: the errors, and the fields they leave unread
    # (the other fields are still read, so one run reports every problem).
    errors: tuple[FrontMatterError, ...] = ()
    unread: frozenset[str] = frozenset()


class _Loader(Composer, _Parser, SafeConstructor, Resolver):
    """SafeLoader without timestamps, aliases or unbounded nesting.

    libyaml scans and parses; the composer stays in Python so the checks below see every node.
    """

    yaml_implicit_resolvers: dict = {}

    def __init__(self, stream: str):
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem=f"{_OWN}a YAML alias, not allowed in front matter "
                f"(expected the value written out, found *{event.anchor})",
                problem_mark=event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(
                    problem=_OWN + _TOO_DEEP,
                    problem_mark=self.peek_event().start_mark,
                )
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1

    def construct_core_int(self, node) -> int | str:
        """0o17 and 0x1F as YAML 1.2 reads them; 0755 is decimal (1.1 read it as octal)."""
        text = self.construct_scalar(node)
        try:
            return int(text, 0) if text[:2] in ("0o", "0x") else int(text, 10)
        except ValueError:  # more digits than Python converts: no field takes it, say what it is
            return text


for _name, _pattern, _first in _CORE_SCHEMA:
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_name}", re.compile(f"^(?:{_pattern})$"), _first)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_core_int)


def parse(raw: bytes) -> FrontMatter:
    """Front matter and body of a brief file; raises FrontMatterError."""
    text = _decode(raw)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") not in FENCES:
        found = lines[0].strip()[:40] if lines else "an empty file"
        raise FrontMatterError(
            1, f"missing (expected the file to start with a '---' line, found {found!r})"
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") in CLOSERS:
            yaml_text = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            try:
                data, key_lines = _load(yaml_text, first_line=2)
            except FrontMatterError as error:
                data, key_lines, errors, unread = _load_fields(yaml_text, 2, error)
                return FrontMatter(data, {**key_lines, "body": index + 2}, body, index + 2, errors, unread)
            return FrontMatter(data, {**key_lines, "body": index + 2}, body, body_line=index + 2)
    raise FrontMatterError(1, "not closed (expected a '---' line after the fields, found none)")


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise FrontMatterError(
            1, "file starts with a byte order mark (expected UTF-8 without BOM, found a BOM)"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise FrontMatterError(
            line,
            f"not valid UTF-8 (expected UTF-8 text, found byte 0x{raw[error.start]:02x})",
        ) from None


def _load(yaml_text: str, first_line: int) -> tuple[dict, dict[str, int]]:
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                first_line + node.start_mark.line,
                "not a set of fields (expected 'key: value' lines, found "
                f"{'a list' if isinstance(node, yaml.SequenceNode) else 'a single value'})",
            )
        key_lines: dict[str, int] = {}
        _index_keys(node, "", first_line, key_lines)
        return loader.construct_document(node), key_lines
    except yaml.MarkedYAMLError as error:
        raise FrontMatterError(*_explain(error, yaml_text, first_line)) from None
    except yaml.YAMLError as error:  # unmarked errors are rare, but must not escape
        raise FrontMatterError(first_line, f"invalid YAML ({error})") from None
    except RecursionError:
        raise FrontMatterError(first_line, _TOO_DEEP) from None
    finally:
        loader.dispose()


# A line that starts a field of the front matter: "title:", "image:" at the margin.
_FIELD_START = re.compile(r"(?P<key>[^\s#\-?:'\"{}\[\],&*!|>%@`][^:#]*?)\s*:(?:\s|$)")


def _load_fields(yaml_text: str, first_line: int, error: FrontMatterError):
    """When the front matter does not parse: each field (its line at the margin and those
    indented under it) parsed on its own. (data, lines, errors, unread) of the fields;
    `error` is raised again when it is not one field's own (a key given twice, a list)."""
    data: dict = {}
    key_lines: dict[str, int] = {}
    errors, unread = [], set()
    lines = yaml_text.splitlines(keepends=True)
    starts = [n for n, line in enumerate(lines) if _FIELD_START.match(line)]
    if not starts or starts[0] != next((n for n, l in enumerate(lines) if l.strip() and l[0] != "#"), 0):
        raise error  # text before the first field: not field by field
    for start, end in zip(starts, [*starts[1:], len(lines)]):
        key = _FIELD_START.match(lines[start])["key"]
        try:
            part, part_lines = _load("".join(lines[start:end]), first_line + start)
        except FrontMatterError as part_error:
            errors.append(part_error)
            unread.add(key)
            continue
        if part.keys() & data.keys():
            raise error
        data.update(part)
        key_lines.update(part_lines)
    if not errors:
        raise error
    return data, key_lines, tuple(errors), frozenset(unread)


def _explain(error: yaml.MarkedYAMLError, yaml_text: str, first_line: int) -> tuple:
    """Line and wording of a YAML error, pointing where the editor should look (and the field
    it is about, where that is known)."""
    problem = error.problem or error.context or "unreadable"
    mark = error.problem_mark or error.context_mark
    line = mark.line if mark else 0
    if problem == "exceeded maximum nesting depth":  # libyaml's own limit, far above ours
        problem = _OWN + _TOO_DEEP
    if problem.startswith(_OWN):  # worded by the loader above
        return first_line + line, problem[len(_OWN):]
    text = yaml_text.splitlines()
    if error.context_mark and "end of stream" in problem and "quoted scalar" in (error.context or ""):
        # An unclosed quote is reported where the front matter ends, fixed where it opens.
        opened = error.context_mark
        quote = text[opened.line][opened.column] if opened.line < len(text) else '"'
        return first_line + opened.line, (
            f"invalid YAML: a quote is never closed (expected a closing {quote} on this line, "
            f"found {text[opened.line].strip()[:60]!r})"
        )
    opened = error.context_mark
    if opened and "flow" in (error.context or "") and line > opened.line and opened.line < len(text):
        # A [ or { left open: reported where the field ends, fixed where it opens.
        bracket = text[opened.line][opened.column]
        return first_line + opened.line, (
            f"invalid YAML: a {bracket} is never closed (expected a closing {_CLOSING.get(bracket, bracket)} "
            f"on this line, found {text[opened.line].strip()[:60]!r})"
        )
    found = text[line] if line < len(text) else ""
    # libyaml: "... in this context"; PyYAML's own scanner: "... here"
    if problem.startswith("mapping values are not allowed") and _PLAIN_VALUE.fullmatch(found):
        # YAML reads `said:` as a second key on the line; the editor meant it as text.
        field, key = _field_with_colon(text, line)
        return first_line + line, (
            "invalid YAML: a colon followed by a space inside an unquoted value (expected the text in "
            f"quotes, or `{key}: >-` with the text indented on the next lines, found {found.strip()!r})"
        ), field
    if mark and mark.column < len(found) and found[mark.column] == "\t":
        return first_line + line, "invalid YAML: a tab (expected spaces for indentation, found a tab)"
    found = repr(found.strip()[:60]) if found.strip() else "the end of the front matter"
    return first_line + line, (
        f"invalid YAML: {problem} (expected 'field: value' lines indented with spaces, found {found})"
    )


def _field_with_colon(text: list[str], number: int) -> tuple[str, str]:
    """The dotted name ("image.caption", "corrections.1.text") and the key of the field whose
    unquoted value has a colon on line `number`: the field of that line, or the one whose value
    it continues (`lead: The talks` above `  failed: officials said`)."""
    for above in range(number, -1, -1):
        typed = _PLAIN_VALUE.fullmatch(text[above])
        if typed is None:
            continue
        # The lines above, which YAML read, with this field given a plain value.
        trial = "\n".join([*text[:above], f"{typed['lead']}{typed['key']}: x"])
        loader = _Loader(trial)
        lines: dict[str, int] = {}
        try:
            node = loader.get_single_node()
            if not isinstance(node, yaml.MappingNode):
                continue
            _index_keys(node, "", 0, lines)
        except (yaml.YAMLError, FrontMatterError):  # not a field's own line: a value continued
            continue
        finally:
            loader.dispose()
        names = [name for name, at in lines.items() if at == above]
        return max(names, key=len, default=typed["key"]), typed["key"]
    typed = _PLAIN_VALUE.fullmatch(text[number])
    return typed["key"], typed["key"]


def _index_keys(node: yaml.MappingNode, prefix: str, first_line: int, out: dict) -> None:
    """Record each key's line, and refuse a key given twice."""
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise FrontMatterError(
                first_line + key_node.start_mark.line,
                "invalid key (expected a field name, found a list or mapping)",
            )
        name = prefix + str(key_node.value)
        line = first_line + key_node.start_mark.line
        if name in out:
            raise FrontMatterError(
                line,
                f"field {name!r} given twice (expected it once, found it on lines {out[name]} and {line})",
            )
        out[name] = line
        if isinstance(value_node, yaml.MappingNode):
            _index_keys(value_node, name + ".", first_line, out)
        elif isinstance(value_node, yaml.SequenceNode):  # corrections: items as name.1, name.2, ...
            for number, item in enumerate(value_node.value, start=1):
                out[f"{name}.{number}"] = first_line + item.start_mark.line
                if isinstance(item, yaml.MappingNode):
                    _index_keys(item, f"{name}.{number}.", first_line, out)
