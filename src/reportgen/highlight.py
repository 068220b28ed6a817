"""Fenced code highlighted with Pygments: the code block's text cut into runs, each with the kind
of token it is (keyword, string, comment, number, name, builtin, operator; "" for the rest), so
that each writer styles the same kinds — HTML classes `tok-keyword` …, DOCX character styles
"Code Keyword" …. A language Pygments does not know (or none) is one plain run, as pandoc does.
"""

from __future__ import annotations

import functools

KINDS = ("keyword", "string", "comment", "number", "name", "builtin", "operator")


@functools.lru_cache(maxsize=64)
def _lexer(language: str):
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def _kind(ttype) -> str:
    from pygments import token as t

    for parent, kind in ((t.Comment, "comment"), (t.String, "string"), (t.Number, "number"),
                         (t.Keyword, "keyword"), (t.Name.Builtin, "builtin"), (t.Name.Function, "name"),
                         (t.Name.Class, "name"), (t.Name.Decorator, "name"), (t.Operator.Word, "keyword"),
                         (t.Operator, "operator")):
        if ttype in parent:
            return kind
    return ""


def runs(text: str, info: str) -> list[tuple[str, str]]:
    """(kind, text) runs of a code block whose info string is `info` (its first word: the language);
    adjacent runs of one kind are joined; the texts joined give `text` back."""
    language = (info.split() or [""])[0].strip("{}.").lower()
    lexer = _lexer(language) if language else None
    if lexer is None:
        return [("", text)] if text else []
    out: list[tuple[str, str]] = []
    for ttype, value in lexer.get_tokens(text):
        kind = _kind(ttype)
        if out and out[-1][0] == kind:
            out[-1] = (kind, out[-1][1] + value)
        elif value:
            out.append((kind, value))
    return out
