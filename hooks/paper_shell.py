"""MkDocs hook: paper pages filled into one rendering of their template, not each rendered by
Jinja. Every paper page is the same chrome around its own values (its front matter's title,
head tags and links, its canonical address, its content): at 50,000 papers their 50,000
renderings were half of MkDocs' time (64.6 s with them, 33.9 s filled, the same bytes).

The first paper page of each shape (which values it has) is rendered twice more with marked
values in their place: what lies between the marks is the chrome, and how each mark comes out
(as it is, escaped, its tags stripped, URL-encoded) is how that value is written there. Later
pages of that shape are filled in. The first few, and every VERIFY_EVERY-th after, are also
rendered by Jinja and compared: a difference (a template changed in a way this cannot follow)
turns the shortcut off for the rest of the build and the page is Jinja's; the build's last
line counts the pages filled and rendered. Not a warning: a strict build would fail on it, and
the site is right either way. The site is the same without this hook (tests/test_site.py); an
engine that runs no hooks renders every page itself."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jinja2.filters import do_urlencode
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from jinja2 import Environment, Template
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

TEMPLATE = "paper.html"  # the template `python -m scraper prepare` names on every paper page
# Front matter that says how to render a page, which the templates test: a page's shape.
SETTINGS = ("template", "markup")
VERIFY_FIRST = 3
VERIFY_EVERY = 500
# A marked value's second form: every character a transform treats differently.
TELLING = " &amp; <b>'\"/?=</b>"

log = logging.getLogger("mkdocs.hooks.paper_shell")

TRANSFORMS: dict[str, Callable[[str], str]] = {
    "as is": str,
    "escaped": lambda value: str(escape(value)),
    "stripped and escaped": lambda value: str(escape(Markup(value).striptags())),
    "url-encoded": do_urlencode,
}

Slot = tuple[str, Callable[[str], str]]  # (value's name, how it is written)


def _values(page: Page) -> dict[str, str]:
    """A page's own values, by name: each text of its front matter but its SETTINGS, its
    canonical address and its content (prepared HTML, read by hooks/html_pages.py)."""
    values = {
        f"meta.{k}": v
        for k, v in page.meta.items()
        if isinstance(v, str) and v and k not in SETTINGS
    }
    if page.canonical_url:
        values["canonical_url"] = page.canonical_url
    values["content"] = page.content or ""
    return values


def _with_values(page: Page, values: dict[str, str]) -> Page:
    probe = copy.copy(page)
    probe.meta = {**page.meta}
    for name, value in values.items():
        if name.startswith("meta."):
            probe.meta[name.removeprefix("meta.")] = value
        else:
            setattr(probe, name, value)
    return probe


class Shell:
    """The chrome of one shape of paper page, and where each of its values goes."""

    def __init__(self, literals: list[str], slots: list[Slot]):
        self.literals, self.slots = literals, slots

    def fill(self, values: dict[str, str]) -> str:
        parts = [self.literals[0]]
        for (name, transform), literal in zip(self.slots, self.literals[1:], strict=True):
            parts += [transform(values[name]), literal]
        return "".join(parts)

    @classmethod
    def learn(cls, template: Template, context: dict, values: dict[str, str]) -> Shell | None:
        """The shell of `context`'s page, from two renderings with marked values; None where
        the marks cannot be told apart or followed."""
        # Content keeps its first tag: the templates ask whether it holds the page's <h1>.
        marks = {
            name: (value[: value.find(">") + 1] if name == "content" else "") + f"\x02{i}\x03"
            for i, (name, value) in enumerate(values.items())
        }
        plain = template.render({**context, "page": _with_values(context["page"], marks)})
        telling = {name: mark + TELLING for name, mark in marks.items()}
        told = template.render({**context, "page": _with_values(context["page"], telling)})
        # Each mark where it is written next, in any of its forms; the second rendering tells
        # the forms that look alike ("\x020\x03" as is, escaped or stripped) apart.
        literals, slots, at, told_at = [], [], 0, 0
        while True:
            found = [
                (start, name, transform)
                for name, mark in marks.items()
                for transform in TRANSFORMS.values()
                if (start := plain.find(transform(mark), at)) >= 0
            ]
            if not found:
                break
            start = min(start for start, _, _ in found)
            literal = plain[at:start]
            if told[told_at : told_at + len(literal)] != literal:
                return None
            told_at += len(literal)
            here = [
                (name, transform)
                for begins, name, transform in found
                if begins == start and told.startswith(transform(telling[name]), told_at)
            ]
            if not here:
                return None
            name, transform = here[0]
            literals.append(literal)
            slots.append((name, transform))
            at = start + len(transform(marks[name]))
            told_at += len(transform(telling[name]))
        if plain[at:] != told[told_at:] or "\x02" in plain[at:]:
            return None
        literals.append(plain[at:])
        return cls(literals, slots)


class ShellTemplate:
    """paper.html, filled into its shells while they give what Jinja gives."""

    def __init__(self, template: Template):
        self.template = template
        self.shells: dict[tuple[str, ...], Shell | None] = {}
        self.filled = self.rendered = 0
        self.on = True

    def render(self, context: dict) -> str:
        page = context["page"]
        values = _values(page)
        shape = (*values, *(str(page.meta.get(setting)) for setting in SETTINGS))
        if self.on and shape not in self.shells:
            self.shells[shape] = Shell.learn(self.template, context, values)
        shell = self.shells.get(shape) if self.on else None
        if shell is None:
            self.rendered += 1
            return self.template.render(context)
        output = shell.fill(values)
        self.filled += 1
        if self.filled <= VERIFY_FIRST or self.filled % VERIFY_EVERY == 0:
            expected = self.template.render(context)
            if output != expected:
                log.info(
                    "%s: filling its shell gave other HTML than Jinja (%s); every later paper "
                    "page is rendered by Jinja",
                    page.file.src_uri,
                    TEMPLATE,
                )
                self.on = False
                return expected
        return output

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)


_built: list[ShellTemplate] = []  # this build's, for its closing line


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    get_template = env.get_template
    shell = ShellTemplate(get_template(TEMPLATE))
    _built[:] = [shell]

    def get(name, *args, **kwargs):
        if name == TEMPLATE and not args and not kwargs:
            return shell
        return get_template(name, *args, **kwargs)

    env.get_template = get
    return env


def on_post_build(config: MkDocsConfig) -> None:
    for shell in _built:
        log.info(
            "Paper pages: %d filled into %d shells, %d rendered by Jinja",
            shell.filled,
            sum(1 for found in shell.shells.values() if found),
            shell.rendered,
        )
