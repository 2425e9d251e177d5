"""Where every file of a database lives, and which table and column names zdbc creates
(docs/FORMAT.md, sections 1 and 3). Every name is checked before it becomes a path."""

import os

from ._errors import InvalidNameError

DATA_DIR_SUFFIX = "dir"
SCHEMA_SUFFIX = ".schema"
ZDBC_DIR = ".zdbc"
TMP_SUFFIX = ".zdbc-tmp"
MAX_FILE_NAME_BYTES = 255
MAX_GENERATION_HEX_DIGITS = 16


def _utf8_len(s):
    return len(s.encode("utf-8", "surrogatepass"))


def escape(table):
    """One flat directory name per table: '%' becomes '%25', then '/' becomes '%2F' (injective)."""
    return table.replace("%", "%25").replace("/", "%2F")


def unescape(name):
    return name.replace("%2F", "/").replace("%25", "%")


def check_table_name(table):
    if not isinstance(table, str):
        raise InvalidNameError("table", table, "must be a str")
    if not table:
        raise InvalidNameError("table", table, "empty")
    if "\0" in table:
        raise InvalidNameError("table", table, "contains a NUL character")
    if "\\" in table:
        raise InvalidNameError("table", table, "contains a backslash (use '/' for sub-directories)")
    if table.startswith("/"):
        raise InvalidNameError("table", table, "is absolute; table names are relative to the data directory")
    if len(table) >= 2 and table[1] == ":":
        raise InvalidNameError("table", table, "looks like a drive path")
    segments = table.split("/")
    for s in segments:
        if not s:
            raise InvalidNameError("table", table, "has an empty path segment")
        if s in (".", ".."):
            raise InvalidNameError("table", table, f"has a '{s}' segment, which would leave its directory")
        if _utf8_len(s) + len(SCHEMA_SUFFIX) + len(TMP_SUFFIX) > MAX_FILE_NAME_BYTES:
            raise InvalidNameError("table", table, f"segment '{s}' is too long for a file name")
    if segments[0] == ZDBC_DIR:
        raise InvalidNameError("table", table, f"'{ZDBC_DIR}' is reserved for zdbc's own files")
    if _utf8_len(escape(table)) > MAX_FILE_NAME_BYTES:
        raise InvalidNameError("table", table, "is too long")


def check_column_name(table, column):
    where = f"in table '{table}': "
    if not isinstance(column, str):
        raise InvalidNameError("column", column, where + "must be a str")
    if not column:
        raise InvalidNameError("column", column, where + "empty")
    if "\0" in column:
        raise InvalidNameError("column", column, where + "contains a NUL character")
    if "/" in column or "\\" in column:
        raise InvalidNameError("column", column, where + "contains a path separator")
    if "." in column:
        raise InvalidNameError("column", column, where + "contains '.', which would make file <table>.<column> ambiguous")
    if column == "schema":
        raise InvalidNameError("column", column, where + "'schema' would collide with the schema file")
    if column == TMP_SUFFIX[1:]:
        raise InvalidNameError("column", column,
                               where + "'zdbc-tmp' is reserved: <table>.<column>.zdbc-tmp names zdbc's temporary files")
    last = table[table.rfind("/") + 1:]
    if (_utf8_len(last) + 1 + _utf8_len(column) + len(TMP_SUFFIX) > MAX_FILE_NAME_BYTES
            or MAX_GENERATION_HEX_DIGITS + 1 + _utf8_len(column) > MAX_FILE_NAME_BYTES):
        raise InvalidNameError("column", column, where + "too long for a file name")


class Layout:
    """The paths of one database, named by its registry file <db> (data in <db>dir/)."""

    def __init__(self, registry):
        registry = os.path.abspath(os.fspath(registry))
        if not os.path.basename(registry):
            raise InvalidNameError("database", registry, "a registry file path is required")
        self.registry = registry
        self.data_dir = registry + DATA_DIR_SUFFIX
        self.zdbc_dir = os.path.join(self.data_dir, ZDBC_DIR)
        self.tables_dir = os.path.join(self.zdbc_dir, "t")
        self.lock_file = os.path.join(self.zdbc_dir, "lock")
        self.changes_file = os.path.join(self.zdbc_dir, "changes")
        self.intent_file = os.path.join(self.zdbc_dir, "intent")

    def legacy_schema(self, table):
        return self._inside(os.path.join(self.data_dir, table + SCHEMA_SUFFIX), table)

    def legacy_column(self, table, column):
        return self._inside(os.path.join(self.data_dir, f"{table}.{column}"), table)

    def table_dir(self, table):
        return os.path.join(self.tables_dir, escape(table))

    def commit_file(self, table):
        return os.path.join(self.table_dir(table), "commit")

    def data_file(self, table, generation, column):
        return os.path.join(self.table_dir(table), f"{generation:x}.{column}")

    def _inside(self, path, table):
        # Defence in depth: legacy names of the original library's tables are not checked by the rules.
        if not os.path.normpath(path).startswith(self.data_dir + os.sep):
            raise InvalidNameError("table", table, "resolves outside the data directory")
        return path


def tmp(path):
    return path + TMP_SUFFIX
