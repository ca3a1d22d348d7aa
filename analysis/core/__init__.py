"""The core layer: load a corpus and every data file; no parse.

* :mod:`.corpus` loads a folder of articles (manifest, exports, HTML) into a
  :class:`~.corpus.Corpus`;
* :mod:`.clean` strips boilerplate lines from scraped text;
* :mod:`.dictionary` reads and checks the actor dictionary (``actors.yml``);
* :mod:`.lexicons` loads every data file of ``analysis/data/``;
* :mod:`.files` writes files atomically;
* :mod:`.memory` gives freed memory back to the system between large steps.

Imports nothing from the rest of the package: every other layer builds on it.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("outlet-lens")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
