"""Errors raised by pyzdbc: every one is a subclass of :class:`Error` and names the table,
column or file it is about."""


class Error(Exception):
    """Base class of every pyzdbc error."""


class InvalidNameError(Error, ValueError):
    """A table or column name that zdbc does not create (docs/FORMAT.md, section 3)."""

    def __init__(self, kind, name, reason):
        super().__init__(f"invalid {kind} name {name!r}: {reason}")
        self.kind = kind
        self.name = name


class TableNotFoundError(Error, KeyError):
    """The registry does not list the table."""

    def __init__(self, table):
        super().__init__(f"no such table: {table!r}")
        self.table = table

    def __str__(self):
        return self.args[0]


class ColumnNotFoundError(Error, KeyError):
    """The table has no column of that name."""

    def __init__(self, table, column):
        super().__init__(f"table {table!r} has no column {column!r}")
        self.table = table
        self.column = column

    def __str__(self):
        return self.args[0]


class TableExistsError(Error):
    def __init__(self, table):
        super().__init__(f"table {table!r} already exists")
        self.table = table


class SchemaError(Error, ValueError):
    """Data that does not fit a table: a type mismatch, columns of unequal length, a missing column."""

    def __init__(self, message, table=None, column=None):
        super().__init__(message)
        self.table = table
        self.column = column


class TypeMismatchError(SchemaError, TypeError):
    def __init__(self, table, column, got, expected):
        super().__init__(f"column {column!r} of table {table!r} is {expected}, but the data is {got}", table, column)


class CorruptDatabaseError(Error):
    """A file of the database does not follow the format; the message names the file."""

    def __init__(self, path, problem):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)


class DatabaseLockedError(Error):
    def __init__(self, lock_file, waited_ms):
        super().__init__(f"database is locked by another writer: {lock_file} (waited {waited_ms} ms)")
        self.path = str(lock_file)


class ClosedError(Error):
    def __init__(self, path):
        super().__init__(f"database {path} is closed")


class ReadOnlyError(Error):
    def __init__(self, path):
        super().__init__(f"database {path} is open read-only")


# The original ZDBC library's names for these errors, so that code catching them runs unchanged.
ZDBCError = Error
CorruptionError = CorruptDatabaseError
