"""Read the CRF models inside pyvi's pickles without importing sklearn, scipy or numpy.

Apart from `indicators` on purpose: mypyc cannot compile a `pickle.Unpickler`
subclass, so this module stays plain Python in the compiled build (README,
"Performance").
"""

from __future__ import annotations

import codecs
import pathlib
import pickle
from typing import Any


class _PickleStub:
    """Any class named in pyvi's model pickles: keeps its state, imports and runs nothing."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.args = args

    def __setstate__(self, state: Any) -> None:
        self.state = state


class _ModelUnpickler(pickle.Unpickler):
    """Reads a pickled `sklearn_crfsuite.CRF` as stubs, so sklearn/scipy/numpy stay unloaded."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("_codecs", "encode"):  # how protocol 2 stores bytes
            return codecs.encode
        return _PickleStub


def crfsuite_bytes(path: pathlib.Path) -> bytes:
    """The raw crfsuite model a pickled `sklearn_crfsuite.CRF` embeds (its `modelfile` data)."""
    with path.open("rb") as fh:
        crf = _ModelUnpickler(fh).load()
    data = crf.state["modelfile"].state["__FILE_RESOURCE_DATA__"]
    if not isinstance(data, bytes):
        raise TypeError(f"no crfsuite model in {path}")
    return data
