"""Finds the human-language text in a template that is not marked for translation: the text
between tags and the user-visible attributes written as literal words, outside {% translate %}
and {% blocktranslate %}."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

# Stands for every tag, variable and comment of the template language: not a letter, not a space,
# so "{{ count }} files" keeps "files" and "{% translate 'Save' %}" leaves nothing to read.
HOLE = "\ue000"
WORD = re.compile(r"[^\W\d_]+")
# Attributes a person reads or hears; `value` only where it is the text of a button (an <input>;
# a <button>'s value is what the form sends, its text is its content).
SPOKEN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}
BUTTON_INPUTS = {"submit", "button", "reset"}
# Text the tags above hold and nobody reads: code and style.
SILENT_ELEMENTS = {"script", "style"}


@dataclass(frozen=True)
class Unmarked:
    template: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: {self.text!r}"


def words(text: str) -> str:
    """The words of a text, one space apart: what the allow-list is written in."""
    return " ".join(WORD.findall(text))


def source_without_template_language(source: str) -> str:
    """The template as a browser would get it with every tag, variable and comment replaced by a
    HOLE, and the text inside {% blocktranslate %} and {% comment %} removed (it is translated,
    or not shown); lines stay where they were."""
    tokens = Lexer(source).tokenize()
    parts: list[str] = []
    inside = []  # the open blocktranslate/comment blocks
    for index, token in enumerate(tokens):
        following = tokens[index + 1].lineno if index + 1 < len(tokens) else token.lineno
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans", "comment"):
                inside.append(name)
            elif name in ("endblocktranslate", "endblocktrans", "endcomment") and inside:
                inside.pop()
        if token.token_type == TokenType.TEXT and not inside:
            parts.append(token.contents)
        else:
            parts.append(HOLE + "\n" * (following - token.lineno))
    return "".join(parts)


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._silent = 0

    def handle_starttag(self, tag, attrs):
        if tag in SILENT_ELEMENTS:
            self._silent += 1
        spoken = set(SPOKEN_ATTRIBUTES)
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") in BUTTON_INPUTS:
            spoken.add("value")
        for name, value in attrs:
            if name in spoken and value:
                self._read(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SILENT_ELEMENTS:
            self._silent -= 1

    def handle_endtag(self, tag):
        if tag in SILENT_ELEMENTS and self._silent:
            self._silent -= 1

    def handle_data(self, data):
        if not self._silent:
            self._read(data)

    def _read(self, text: str) -> None:
        line = self.getpos()[0]
        for piece in text.split(HOLE):
            if WORD.search(piece):
                offset = text[: text.find(piece)].count("\n")
                self.found.append((line + offset, " ".join(piece.split())))


def unmarked_text(path: Path, root: Path, allowed: set[str]) -> list[Unmarked]:
    """Each piece of text in the template at `path` with a word in it that is neither marked for
    translation nor, as a whole, in `allowed` (compared by its words, so punctuation around
    "CSV" or "ISH Manager" does not matter)."""
    text = source_without_template_language(path.read_text(encoding="utf-8"))
    name = str(path.relative_to(root))
    if path.suffix == ".txt":  # e-mails' plain text: every line is read
        found = [
            (number, " ".join(piece.split()))
            for number, line in enumerate(text.splitlines(), start=1)
            for piece in line.split(HOLE)
            if WORD.search(piece)
        ]
    else:
        parser = _HTMLText()
        parser.feed(text)
        parser.close()
        found = parser.found
    return [Unmarked(name, line, piece) for line, piece in found if words(piece) not in allowed]
