"""pipeline.load: the model it returns, and what it leaves behind for the cycle collector."""

import gc
from pathlib import Path

from reportgen.pipeline import Options, load

from conftest import ESSAY


def test_load_leaves_no_cyclic_garbage():
    """`reportgen build` reads the source with the cycle collector paused (commands/build.py):
    that is safe only while reading makes no reference cycles that grow with the document (a
    recursive closure holding each paragraph's character stream made 25 000 objects of cyclic
    garbage on the essay, 770 000 on a 30× book)."""
    options = Options(formats=("pdf",), out=Path("unused"))
    load(ESSAY, options)  # the first load imports modules, which leave cycles of their own
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        doc = load(ESSAY, options)
        garbage = gc.collect()
    finally:
        if was:
            gc.enable()
    assert doc.blocks and doc.index
    assert garbage < 500
