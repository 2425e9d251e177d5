"""pyzdbc: zdbc databases from Python, zero-copy numpy over the same files as the Java engine,
written through the same commit protocol (docs/FORMAT.md)."""

from ._errors import (ClosedError, ColumnNotFoundError, CorruptDatabaseError, CorruptionError,
                      DatabaseLockedError, Error, InvalidNameError, ReadOnlyError, SchemaError,
                      TableExistsError, TableNotFoundError, TypeMismatchError, ZDBCError)
from .db import DB

__version__ = "0.1.0"

__all__ = ["DB", "Error", "ZDBCError", "InvalidNameError", "TableNotFoundError", "ColumnNotFoundError",
           "TableExistsError", "SchemaError", "TypeMismatchError", "CorruptDatabaseError", "CorruptionError",
           "DatabaseLockedError", "ClosedError", "ReadOnlyError"]
