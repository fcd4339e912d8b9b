"""kb: a citation-graph knowledge base for US case law.

The public verbs::

    from kb import connect, ingest_paths, analyze_text, table_of_authorities
"""

from __future__ import annotations

__version__ = "0.1.0"

import logging as _logging  # noqa: E402

# eyecite logs warnings ("Unknown overlap case ...") about cases it handles
# itself; without a handler Python would print them to the terminal.
_logging.getLogger("eyecite").addHandler(_logging.NullHandler())

from kb.pipeline import analyze_document, analyze_text, ingest_paths  # noqa: E402
from kb.query import table_of_authorities  # noqa: E402
from kb.store import connect  # noqa: E402

__all__ = ["__version__", "analyze_document", "analyze_text", "connect", "ingest_paths", "table_of_authorities"]
