"""Errors kb raises; the CLI turns each into a one-line ``Error: ...``."""

from __future__ import annotations


class KbError(Exception):
    """Base class for every expected kb failure."""


class InputError(KbError):
    """An input file cannot be read as an opinion (empty, binary, HTML, PDF, too large)."""


class StoreError(KbError):
    """The SQLite store cannot be opened, migrated or written."""


class StoreStopped(StoreError):
    """The store itself failed (damaged, disk full, read-only, locked): no further file can be stored."""


class NotFoundError(KbError):
    """A named opinion or authority is not in the store."""


class AmbiguousError(KbError):
    """A name matches several opinions or authorities; the message lists them."""


class OptionError(KbError):
    """An option's value is not one kb accepts; the message lists the valid forms."""
