"""YAML front matter as the archive writes it (prose folded, keys in order, Unicode kept) and
reads it back, with errors that name the file and line."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from scraper.errors import InvalidRecord
from scraper.records.fields import IN_FINGERPRINTS

try:  # the C emitter and parser are several times faster; the output is the same
    _BaseDumper = yaml.CSafeDumper
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseDumper = yaml.SafeDumper
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """Refuses a key written twice in one mapping, where YAML would keep the last in silence
    (two `Yang Liu:` lines under author_profiles lose one person's link)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"found duplicate key {key.value!r}", key.start_mark
                    )
                seen.add(key.value)
        return super().construct_mapping(node, deep=deep)


class _Dumper(_BaseDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    # Long prose reads better folded over several lines than as one quoted line.
    # A web address has no space to fold at, and stays on its line.
    prose = len(text) > 80 and " " in text and "\n" not in text.strip("\n")
    style = ">" if prose or "\n\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)


_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter as a mapping, and the Markdown body after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise InvalidRecord(
            where, None, "must start with front matter between two '---' lines", line=1
        )
    source = match.group(1)
    try:
        meta = yaml.load(source, Loader=_Loader)
    except yaml.YAMLError as exc:
        line, problem = _yaml_problem(exc, source)
        raise InvalidRecord(where, None, problem, line=line) from None
    if not isinstance(meta, dict):
        raise InvalidRecord(where, None, "front matter must be a mapping of fields", line=2)
    _check_list_items(source, where)
    return meta, text[match.end() :]


_HINT_AFTER_VALUE = (
    "something follows the value on this line that YAML cannot read (a value that starts "
    "with a quote, `|` or `>` ends there): remove it, or put the whole value in quotes"
)
# `upvotes: '30' votes`, which libyaml reports as a line indented wrongly.
_TEXT_AFTER_QUOTES = re.compile(r"""^ *(?:- )?[\w-]+: *(?:'[^']*'|"[^"]*") *[^\s#]""")
# PyYAML's (or libyaml's) words for the mistakes people make by hand, and how to mend each.
_HINTS = (
    (
        ("could not find expected ':'",),
        True,
        "this line is neither `field: value` nor a list item "
        "`- value`: a field needs a colon and a space after its name",
    ),
    (("found unexpected end of stream",), True, "a quote opened on this line is never closed"),
    (
        ("mapping values are not allowed",),
        False,
        "a ': ' inside a value: put the whole value "
        "in quotes, or check that this line is indented like the fields around it",
    ),
    (
        ("cannot start any token",),
        False,
        "a value cannot start with @ or a backquote, and lines are indented with spaces, not "
        "tabs: put the value in quotes, or replace the tabs",
    ),
    (
        ("did not find expected key", "expected <block end>"),  # libyaml's words, PyYAML's
        False,
        "this line is indented differently from the lines above: "
        "the fields of the record, and the items of one list, start at the same column",
    ),
    (("found duplicate key",), False, "this key is written twice in one mapping: keep one"),
    (
        ("did not find expected ',' or '}'", "did not find expected ',' or ']'"),
        False,
        "a value that starts with `{` or `[` is read as a mapping or a list: put the whole "
        "value in quotes",
    ),
    (("did not find expected comment or line break",), False, _HINT_AFTER_VALUE),
    (
        ("did not find expected '-' indicator",),
        False,
        "this line is indented differently from the "
        "list items above: every item of a list starts with '- ' at the same column",
    ),
)


def _yaml_problem(exc: yaml.YAMLError, source: str) -> tuple[int | None, str]:
    """The file's line of a YAML error (where the mistake is, not where the parser gave up),
    and a message that quotes that line and says how to fix it."""
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None)
    hint = None
    for words, at_start, advice in _HINTS:
        if any(w in problem for w in words):
            hint = advice
            if at_start and getattr(exc, "context_mark", None):
                mark = exc.context_mark
            break
    if mark is None:
        return None, f"front matter is not valid YAML: {problem}"
    lines, at = source.splitlines(), mark.line  # 0-based
    contributed = _field_among_fingerprints(lines, at) if "duplicate key" in problem else None
    if contributed is not None:
        hint, at = IN_FINGERPRINTS, contributed
    elif "duplicate key" in problem and _parent_key(lines, at) == "author_profiles":
        hint += (
            " (where two authors share a name, author_profiles gives that name a list, a user "
            "name or null for each, in order)"
        )
    line = lines[at] if at < len(lines) else ""
    if re.match(r"^ *-[^ -]", line):
        hint = "a list item starts with '- ', a dash and a space"
    if _TEXT_AFTER_QUOTES.match(line):
        hint = _HINT_AFTER_VALUE
    text_of = _text_above(lines, at)
    if text_of is not None:
        hint = (
            f"this line goes on with the text of `{text_of}:` above but starts further left "
            "than its other lines: indent it as they are"
        )
    unindented = _unindented_above(lines, at)
    if unindented is not None:
        return unindented + 2, (
            f"`{lines[unindented].strip()}` starts at the line's first column, which ends the "
            "fields above it, so the indented lines below it belong to nothing: indent it as "
            "the fields around it"
        )
    quoted = line.strip()
    said = f"front matter is not valid YAML ({problem})"
    if quoted:
        said += f" at `{quoted}`"
    # +1 for 1-based, +1 for the opening '---'
    return at + 2, f"{said}: {hint}" if hint else said


def _field_among_fingerprints(lines: list[str], at: int) -> int | None:
    """Of a key written twice in `scraped:` (YAML names whichever comes second), the line that
    holds no fingerprint: a contributor's field, written there; None if both hold one."""
    key = _KEY.match(lines[at]) if at < len(lines) else None
    if not key or _parent_key(lines, at) != "scraped":
        return None
    for n, line in enumerate(lines):
        if (
            line.startswith(key.group(0))
            and _parent_key(lines, n) == "scraped"
            and not re.fullmatch(r"[0-9a-f]{8}", line.split(":", 1)[1].strip())
        ):
            return n
    return None


_ITEM = re.compile(r"^( *)- (.*)$")
_KEY = re.compile(r"^( *)([A-Za-z_][\w-]*):")
_BLOCK_SCALAR = re.compile(r"(?:^|[\s:-])[>|][+-]?\d*\s*$")


def indent(line: str) -> int:
    """How many spaces a line starts with: where YAML reads what belongs to what."""
    return len(line) - len(line.lstrip(" "))


def _parent_key(lines: list[str], at: int) -> str | None:
    """The key of the mapping that line `at` (0-based) belongs to: the nearest key above it
    written further left."""
    if at >= len(lines):
        return None
    own = indent(lines[at])
    for line in reversed(lines[:at]):
        key = _KEY.match(line)
        if key and len(key.group(1)) < own:
            return key.group(2)
    return None


def _text_above(lines: list[str], at: int) -> str | None:
    """The field whose folded text (`abstract: >-`) line `at` (0-based) goes on with, though
    written further left than the text's other lines; None otherwise."""
    line = lines[at] if at < len(lines) else ""
    if not line.strip() or _KEY.match(line) or line.lstrip().startswith("-"):
        return None
    text_indent = None  # of the text's lines between the field and this line
    for above in reversed(lines[:at]):
        if not above.strip():
            continue
        key = _KEY.match(above)
        if not key and not above.lstrip().startswith("- "):
            level = indent(above)
            text_indent = level if text_indent is None else min(text_indent, level)
            continue
        written_left = text_indent is not None and indent(line) < text_indent
        return key.group(2) if key and written_left and _BLOCK_SCALAR.search(above) else None
    return None


def _unindented_above(lines: list[str], at: int) -> int | None:
    """Where YAML failed on an indented line (`at`, 0-based) right below a field with its value
    at the first column, amid indented fields (`published: 2026-03-09` moved out of the
    record): that field's line, the mistake; None otherwise."""

    def written_above(n: int) -> int | None:
        return next(
            (k for k in range(n - 1, -1, -1) if lines[k].strip() and lines[k].lstrip()[0] != "#"),
            None,
        )

    if at >= len(lines) or not lines[at].startswith(" "):
        return None
    above = written_above(at)
    if above is None:
        return None
    line = lines[above]
    key = _KEY.match(line)
    if not key or key.group(1) or line.rstrip().endswith(":") or _BLOCK_SCALAR.search(line):
        return None
    before = written_above(above)
    return above if before is not None and lines[before].startswith(" ") else None


def _opens_quote(line: str) -> bool:
    """Whether a line's value is a quoted string that goes on to the next lines (as a dumper
    folds a long one), whose text is then not YAML's structure."""
    value = line.split(": ", 1)[1] if _KEY.match(line) and ": " in line else line.strip()
    value = value.removeprefix("- ").strip()
    if not value or value[0] not in "\"'":
        return False
    quote, rest = value[0], value[1:]
    if quote == '"':
        rest = re.sub(r"\\.", "", rest)  # escapes, \\" among them
        return '"' not in rest
    return (len(rest) - len(rest.rstrip("'"))) % 2 == 0 if rest.endswith("'") else True


def _check_list_items(source: str, where: str) -> None:
    """A list item indented under the one above it (`- Bo Li` then `    - Guanzhi Deng`) is valid
    YAML, read as one item "Bo Li - Guanzhi Deng": refuse it, at its line."""
    lines = source.splitlines()
    block = None  # the indentation of a line that opened a block scalar (`>-`, `|`)
    for number, line in enumerate(lines):
        level = indent(line)
        if block is not None and (level > block or not line.strip()):
            continue  # text of a block scalar, whatever it looks like
        block = level if _BLOCK_SCALAR.search(line) or _opens_quote(line) else None
        if number == 0:
            continue
        item, above = _ITEM.match(line), _ITEM.match(lines[number - 1])
        if not (item and above) or len(item.group(1)) <= len(above.group(1)):
            continue
        if not above.group(2).strip() or _KEY.match(above.group(2)):
            continue  # a list in a list, or a mapping in a list: meant
        field = next(
            (
                key.group(2)
                for earlier in reversed(lines[:number])
                if (key := _KEY.match(earlier)) and len(key.group(1)) <= len(above.group(1))
            ),
            None,
        )
        raise InvalidRecord(
            where,
            field,
            f"`- {item.group(2).strip()}` is indented deeper than `- {above.group(2).strip()}` "
            "above it, so YAML reads the two as one item: start it at the same column as the "
            "item above",
            line=number + 2,
        )


# Characters YAML reads as line breaks, or refuses, even inside a quoted string; JSON leaves
# them as they are.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def flat_yaml(settings: dict[str, str | list[str]]) -> str:
    """A mapping of strings (or lists of strings) as YAML, each value a double-quoted scalar
    (JSON's escapes are YAML's): what `dump_yaml` writes for it, read back, in a tenth of the
    time, for the 50,000 pages a build writes."""
    lines = []
    for key, value in settings.items():
        if isinstance(value, list):
            lines.append(f"{key}:\n" + "".join(f"- {_quoted(item)}\n" for item in value))
        else:
            lines.append(f"{key}: {_quoted(value)}\n")
    return "".join(lines)


def _quoted(value: str) -> str:
    encoded = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
