"""kb: a citation-graph knowledge base for US case law.

The public verbs::

    from kb import connect, ingest_paths, analyze_text, table_of_authorities, support
"""

from __future__ import annotations

__version__ = "0.1.0"

import logging as _logging  # noqa: E402

# eyecite logs warnings ("Unknown overlap case ...") about cases it handles
# itself; without a handler Python would print them to the terminal.
_logging.getLogger("eyecite").addHandler(_logging.NullHandler())

# The public verbs, imported on first use: ``import kb`` (and every command
# that has nothing to analyse) stays quick, and eyecite loads only when needed.
_VERBS = {
    "analyze_document": "kb.analysis",
    "analyze_text": "kb.analysis",
    "ingest_paths": "kb.ingest",
    "table_of_authorities": "kb.query",
    "connect": "kb.store",
    "document_toa": "kb.toa",
    "support": "kb.search",
}

__all__ = ["__version__", *sorted(_VERBS)]


def __getattr__(name: str) -> object:
    if name in _VERBS:
        import importlib

        return getattr(importlib.import_module(_VERBS[name]), name)
    raise AttributeError(f"module 'kb' has no attribute {name!r}")
