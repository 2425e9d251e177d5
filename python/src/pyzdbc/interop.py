"""Arrow, polars and pandas views of a table or a filtered frame. Numeric columns of an unfiltered
frame are not copied: Arrow buffers, polars series and pandas columns point into the same file
mappings as the numpy arrays. str columns become trimmed text, which is a copy."""

from . import _codec as codec
from ._columns import trimmed_text


def _columns(frame):
    """{name: (type code, numpy values)} of the frame, in table order, filtered if it has a filter."""
    state = frame._db._snapshot(frame._table, []).state
    names = [n for n, _ in state.columns]
    snap = frame._db._snapshot(frame._table, frame._needed(names))
    vals = frame._filtered(snap, names)
    return {n: (snap.types[n], vals[n]) for n in names}


def to_arrow(frame):
    import pyarrow as pa

    arrays, names = [], []
    for name, (code, values) in _columns(frame).items():
        if code == codec.STR:
            arrays.append(pa.array(trimmed_text(values).tolist(), type=pa.string()))
        else:
            typ = pa.int64() if code == codec.I64 else pa.float64()
            # The Arrow buffer wraps the numpy array (and so its mapping) without copying.
            buf = pa.py_buffer(values) if len(values) else pa.py_buffer(b"")
            arrays.append(pa.Array.from_buffers(typ, len(values), [None, buf]))
        names.append(name)
    return pa.Table.from_arrays(arrays, names=names)


def to_polars(frame):
    import polars as pl

    series = []
    for name, (code, values) in _columns(frame).items():
        if code == codec.STR:
            series.append(pl.Series(name, trimmed_text(values).tolist(), dtype=pl.Utf8))
        else:
            series.append(pl.Series(name, values))  # zero-copy for 1-d numeric numpy arrays
    return pl.DataFrame(series)


def to_pandas(frame):
    import pandas as pd

    data = {}
    for name, (code, values) in _columns(frame).items():
        data[name] = trimmed_text(values) if code == codec.STR else values
    # pandas copies a dict of arrays unless told not to.
    return pd.DataFrame(data, copy=False)
