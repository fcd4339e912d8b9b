"""Errors kb raises; the CLI turns each into a one-line ``Error: ...``."""

from __future__ import annotations


class KbError(Exception):
    """Base class for every expected kb failure."""


class InputError(KbError):
    """An input file cannot be read as an opinion (empty, binary, HTML, PDF, too large)."""


class StoreError(KbError):
    """The SQLite store cannot be opened, migrated or written."""


class NotFoundError(KbError):
    """A named opinion or authority is not in the store."""


class AmbiguousError(KbError):
    """A name matches several opinions or authorities; the message lists them."""
