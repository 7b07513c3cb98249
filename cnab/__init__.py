"""cnab: read, validate, write and reconcile Brazilian CNAB 240/400 bank files.

Layouts are YAML (see layouts/README.md); this package compiles them and runs them.
"""

from cnab.errors import (
    CnabError, DecodeError, EncodeError, FileFormatError, InputError, LayoutError, LedgerError,
    Problem, ValidationError,
)
from cnab.files.reader import FileReader, read
from cnab.files.title import Title
from cnab.layout.registry import Registry, default_registry

__version__ = "0.1.0"

__all__ = [
    "CnabError", "DecodeError", "EncodeError", "FileFormatError", "FileReader", "InputError",
    "LayoutError", "LedgerError", "Problem", "Registry", "Title", "ValidationError",
    "default_registry", "read", "__version__",
]
