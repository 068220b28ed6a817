"""`reportgen index [SOURCE] [--json]` as a user runs it: the JSON format, source words and lines."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, run_cli

SOURCE = """---
title: Сынақ
lang: kk
---

# Бірінші бөлім

БҰҰ-ның[^a] 2002 жылғы 4 маусымда өткен отырысында БҰҰ Қауіпсіздік
Кеңесінің өкілдері сөйледі. Ал ШЫҰ-на 2001 жылы бірнеше ел кірді.

Сол жылғы 14 қыркүйекте *Шанхай ынтымақтастық ұйымының* үкімет басшылары кездесті.

[^a]: БҰҰ — Біріккен Ұлттар Ұйымы, 1945 жылы құрылған.
"""


def _run(tmp_path: Path, *args: str, text: str = SOURCE):
    src = tmp_path / "doc.md"
    src.write_text(text, encoding="utf-8")
    return run_cli("index", str(src), *args)


def _flat(entries):
    for entry in entries:
        yield entry
        yield from _flat(entry["children"])


def test_json_format(tmp_path):
    result = _run(tmp_path, "--json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout.decode("utf-8"))
    assert set(data) == {"organizations", "dates"}
    for org in _flat(data["organizations"]):
        assert {"key", "name", "abbr", "mentions", "children"} <= set(org)
        for mention in org["mentions"]:
            assert set(mention) == {"text", "line"} and isinstance(mention["line"], int)
    for date in data["dates"]:
        assert set(date) == {"date", "label", "mentions"}

    orgs = {o["key"]: o for o in _flat(data["organizations"])}
    un = orgs["un"]
    assert un["name"] == "Біріккен Ұлттар Ұйымы" and un["abbr"] == "БҰҰ"
    # the exact words of the source (a hyphen-minus, not the typeset U+2011) and their lines
    assert un["mentions"] == [{"text": "БҰҰ-ның", "line": 8}, {"text": "БҰҰ", "line": 13}, {"text": "Біріккен Ұлттар Ұйымы", "line": 13}]
    # the Security Council is a child of the UN; a name broken over two lines: first line, one space
    assert [c["key"] for c in un["children"]] == ["un-sc"]
    assert un["children"][0]["mentions"] == [{"text": "БҰҰ Қауіпсіздік Кеңесінің", "line": 8}]
    assert orgs["sco"]["mentions"] == [{"text": "ШЫҰ-на", "line": 9}, {"text": "Шанхай ынтымақтастық ұйымының", "line": 11}]

    dates = [(d["date"], [(x["text"], x["line"]) for x in d["mentions"]]) for d in data["dates"]]
    assert dates == [
        ("1945", [("1945 жылы", 13)]),
        ("2001", [("2001 жылы", 9)]),
        ("2001-09-14", [("Сол жылғы 14 қыркүйекте", 11)]),
        ("2002-06-04", [("2002 жылғы 4 маусымда", 8)]),
    ]
    labels = {d["date"]: d["label"] for d in data["dates"]}
    assert labels["2002-06-04"] == "2002\u00a0ж. 4 маусым" and labels["2001"] == "2001"


def test_readable_list(tmp_path):
    result = _run(tmp_path)
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    assert out.startswith("Ұйымдар\n") and "\nДаталар\n" in out
    assert "Біріккен Ұлттар Ұйымы (БҰҰ)" in out and "2002-06-04" in out
    assert "    Қауіпсіздік Кеңесі" in out  # a sub-entry is indented under its parent


def test_default_source_is_the_essay():
    result = run_cli("index", "--json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout.decode("utf-8"))
    names = {o["name"] for o in data["organizations"]}
    assert "Біріккен Ұлттар Ұйымы" in names and "Шанхай ынтымақтастық ұйымы" in names
    assert any(d["date"] == "1972-05-26" for d in data["dates"])
    assert (ROOT / "source" / "essay.md").is_file()


def test_errors_are_one_line(tmp_path):
    result = run_cli("index", str(tmp_path / "missing.md"))
    assert result.returncode == 1
    assert result.stderr.decode().startswith("reportgen: ") and result.stderr.decode().count("\n") == 1
    bad = "---\ntitle: t\n---\n\n[БҰҰ]{.org key=no-such-org} туралы.\n"
    result = _run(tmp_path, "--json", text=bad)
    assert result.returncode == 1
    message = result.stderr.decode()
    assert "no-such-org" in message and ":5:" in message and "Traceback" not in message
