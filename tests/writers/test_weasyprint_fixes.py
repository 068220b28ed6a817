"""writers/weasyprint_fixes.py: WeasyPrint imported without library-search subprocesses, and
still imported where only that search finds the libraries."""

import subprocess
import sys
import textwrap

COUNT_SPAWNS = """
import subprocess
spawned = []
_init = subprocess.Popen.__init__
def counting(self, args, *a, **k):
    spawned.append(args)
    _init(self, args, *a, **k)
subprocess.Popen.__init__ = counting
"""


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


def test_fast_import_runs_no_subprocess():
    result = run(COUNT_SPAWNS + """
from reportgen.writers import weasyprint_fixes
weasyprint_fixes.fast_import()
from weasyprint.text import ffi
assert ffi.pango is not None and ffi.fontconfig is not None
print(len(spawned))
""")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_plain_import_does_spawn_the_search():
    """The measurement behind the fix: a plain import runs find_library's subprocesses."""
    result = run(COUNT_SPAWNS + """
import weasyprint
print(len(spawned))
""")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 0


def test_falls_back_where_only_the_search_finds_the_libraries():
    """Direct loads by soname fail here (as on a system with other file names): the fast
    attempt fails, the normal import finds the libraries, and nothing is printed."""
    result = run("""
import cffi.api
_load = cffi.api._load_backend_lib
def load(backend, name, flags):
    if isinstance(name, str) and ".so" in name and not name.startswith("/"):
        raise OSError("no direct load in this test: " + name)
    return _load(backend, name, flags)
cffi.api._load_backend_lib = load
from reportgen.writers import weasyprint_fixes
weasyprint_fixes.fast_import()
from weasyprint.text import ffi
assert ffi.pango is not None
""")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
