"""The `typeset` and `hyphenate` commands, in-process (`cli.main`) and as a subprocess."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from reportgen import cli


@pytest.fixture
def reportgen(monkeypatch, capsysbinary):
    def call(argv, stdin=""):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        code = cli.main(argv)
        out, err = capsysbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    return call


def test_typeset_stdin_to_stdout(reportgen):
    code, out, err = reportgen(["typeset"], 'БҰҰ-ның "Бала "еңбегі"" - 2-4 қыркүйек...\n')
    assert code == 0 and err == ""
    assert out == "БҰҰ\u2011ның «Бала „еңбегі“»\u00a0— 2–4\u00a0қыркүйек…\n"


def test_typeset_show(reportgen):
    code, out, _ = reportgen(["typeset", "--show"], "К. Аннан, АҚШ-қа, 14953126\n")
    assert out == "К.·Аннан, АҚШ=қа, 14·953·126\n"


def test_typeset_hyphenate_show(reportgen):
    code, out, _ = reportgen(["typeset", "--hyphenate", "--show"], "халықаралық мектеп\n")
    assert out == "ха¦лы¦қа¦ра¦лық мек¦теп\n"


def test_typeset_house_style_flags(reportgen):
    code, out, _ = reportgen(["typeset", "--dash", "en", "--nested-quotes", "“”"], '"а "б"" - в')
    assert out == "«а “б”»\u00a0– в"


def test_typeset_warns_about_unclosed_quote(reportgen):
    code, out, err = reportgen(["typeset"], 'бір\n\nсөз "ой\n')
    assert code == 0 and out == "бір\n\nсөз «ой\n"
    assert "<stdin>:3:5: warning:" in err and "not closed" in err


def test_typeset_rejects_bad_utf8(monkeypatch, capsysbinary):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xff\xfe"), encoding="utf-8"))
    assert cli.main(["typeset"]) == 1
    assert "not UTF-8" in capsysbinary.readouterr().err.decode()


def test_hyphenate_arguments(reportgen):
    code, out, _ = reportgen(["hyphenate", "мектеп", "құмырсқа", "атом", "қару-жарақ", "БҰҰ", "1441-ші"])
    assert code == 0
    assert out.splitlines() == ["мек-теп", "құ-мырс-қа", "атом", "қару=жарақ", "БҰҰ", "1441=ші"]


def test_hyphenate_stdin_keeps_order_and_blank_lines(reportgen):
    code, out, _ = reportgen(["hyphenate"], "балалар\nпункт\n\nкітап\n")
    assert out == "ба-ла-лар\nпункт\n\nкі-тап\n"


def test_subprocess_entry_point():
    result = subprocess.run([sys.executable, "-m", "reportgen", "hyphenate"], input="ар-мия\nармия\n".encode(),
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines() == ["ар=мия", "ар-мия"]  # a written hyphen is shown as =
    result = subprocess.run([sys.executable, "-m", "reportgen", "typeset", "--show"], input="№ 1373".encode(),
                            capture_output=True, timeout=60)
    assert result.stdout.decode() == "№·1373"
