"""YAML front matter as the archive writes it (prose folded, keys in order, Unicode kept) and
reads it back, with errors that name the file and line."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from scraper.errors import InvalidRecord

try:  # the C emitter and parser are several times faster; the output is the same
    _BaseDumper = yaml.CSafeDumper
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseDumper = yaml.SafeDumper
    _Loader = yaml.SafeLoader


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
    try:
        meta = yaml.load(match.group(1), Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else None  # +1 for 1-based, +1 for the opening '---'
        problem = getattr(exc, "problem", None) or str(exc)
        raise InvalidRecord(
            where, None, f"front matter is not valid YAML: {problem}", line=line
        ) from None
    if not isinstance(meta, dict):
        raise InvalidRecord(where, None, "front matter must be a mapping of fields", line=2)
    return meta, text[match.end() :]


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
