"""A lazy query DSL over one table: ``t = db.table("trades")``,
``t[t["price"] > 15000]["volume"].sum().collect()``. Nothing runs before ``collect()``, which
reads the zero-copy columns and runs the numpy kernels (pyzdbc._kernels, with the Java kernels'
semantics). A query is planned once per expression (its columns, whether COUNT comes from
metadata) and its answer is kept until the table's database commits a change, from any process:
one read of the shared change counter tells."""

import math

import numpy as np

from . import _codec as codec
from . import _kernels as k


def _value_key(v):
    """A constant as part of a plan key: its type too, so that 1 and 1.0 or "a" and b"a" never share
    a plan. None (no shared plan) for constants that cannot be hashed."""
    try:
        hash(v)
    except TypeError:
        return None
    return type(v), v


def _key(*parts):
    return None if None in parts else parts


class Expr:
    """A predicate: combine with ``&``, ``|`` and ``~``. ``key`` identifies it for the plan cache."""

    key = None

    def __and__(self, other):
        return _Bool("AND", self, other)

    def __or__(self, other):
        return _Bool("OR", self, other)

    def __invert__(self):
        return _Not(self)

    def __bool__(self):
        raise TypeError("a pyzdbc predicate has no truth value: use &, | and ~, not and, or and not")


class _Cmp(Expr):
    def __init__(self, col, op, value):
        self.col, self.op, self.value = col, op, value
        self.key = _key("cmp", col, op, _value_key(value))

    def columns(self):
        return [self.col]

    def mask(self, cols, types):
        return k.compare(cols[self.col], types[self.col], self.op, self.value)

    def __str__(self):
        return f"({self.col} {'=' if self.op == '==' else self.op} {_lit(self.value)})"


class _In(Expr):
    def __init__(self, col, values):
        self.col, self.values = col, list(values)
        self.key = _key("in", col, _key(*map(_value_key, self.values)) if self.values else ())

    def columns(self):
        return [self.col]

    def mask(self, cols, types):
        return k.isin(cols[self.col], types[self.col], self.values)

    def __str__(self):
        return f"({self.col} IN ({', '.join(_lit(v) for v in self.values)}))"


class _Bool(Expr):
    def __init__(self, op, a, b):
        self.op, self.a, self.b = op, a, b
        self.key = _key(op, a.key, b.key)

    def columns(self):
        return self.a.columns() + self.b.columns()

    def mask(self, cols, types):
        m = self.a.mask(cols, types)  # every mask is a new array: combine in place, no temporary
        (np.logical_and if self.op == "AND" else np.logical_or)(m, self.b.mask(cols, types), out=m)
        return m

    def __str__(self):
        return f"({self.a} {self.op} {self.b})"


class _Not(Expr):
    def __init__(self, a):
        self.a = a
        self.key = _key("not", a.key)

    def columns(self):
        return self.a.columns()

    def mask(self, cols, types):
        m = self.a.mask(cols, types)
        return np.logical_not(m, out=m)

    def __str__(self):
        return f"(NOT {self.a})"


def _lit(v):
    return repr(v.decode("utf-8", "replace") if isinstance(v, bytes) else v)


def _comparison(op):
    def compare(self, value):
        return _Cmp(self.name, op, value)
    return compare


def _aggregation(fn):
    def aggregate(self):
        return self._agg(fn)
    aggregate.__name__ = fn
    return aggregate


class Column:
    """A column of a frame: compare it to build a predicate, or aggregate it into a LazyResult."""

    def __init__(self, frame, name):
        self.frame, self.name = frame, name

    __lt__, __le__, __gt__, __ge__, __eq__, __ne__ = map(_comparison, ["<", "<=", ">", ">=", "==", "!="])
    __hash__ = None
    sum, min, max, mean, count = map(_aggregation, ["sum", "min", "max", "mean", "count"])

    def _agg(self, fn):
        return self.frame._agg(fn, self.name)

    def isin(self, values):
        return _In(self.name, values)

    def between(self, lo, hi):
        return _Cmp(self.name, ">=", lo) & _Cmp(self.name, "<=", hi)

    def collect(self):
        """The filtered values, as a numpy array (a view when there is no filter)."""
        return self.frame._values(self.name)


class Frame:
    """A table, possibly filtered. ``frame[predicate]`` filters, ``frame["col"]`` is a Column."""

    def __init__(self, db, table, where=None, **equal):
        self._db, self._table, self._where = db, table, where
        for col, v in equal.items():
            self._where = _Cmp(col, "==", v) if self._where is None else self._where & _Cmp(col, "==", v)
        self._results = {}  # the frame's LazyResults by query: asking again costs a dict lookup

    def __getitem__(self, key):
        if isinstance(key, Expr):
            return Frame(self._db, self._table, key if self._where is None else self._where & key)
        return Column(self, key)

    def where(self, predicate):
        return self[predicate]

    def count(self):
        """The row count: from metadata when there is no filter (no scan)."""
        return self._result((("count", None, None),))

    def vwap(self, price, volume):
        return self._result((("vwap", price, volume),))

    def group_by(self, *keys):
        return GroupBy(self, list(keys))

    def _agg(self, fn, col):
        return self._result(((fn, col, None),))

    def _result(self, aggs, key=None, names=None):
        k = (aggs, key, names)
        r = self._results.get(k)
        if r is None:
            r = self._results[k] = LazyResult(self, list(aggs), key, names)
        return r

    def _snapshot(self, cols):
        return self._db._snapshot(self._table, list(dict.fromkeys(cols)))

    def _filtered(self, snap, cols):
        """The named columns after the filter (views when there is none)."""
        if self._where is None:
            return {c: snap.arrays[c] for c in cols}
        m = self._where.mask(snap.arrays, snap.types)
        return {c: snap.arrays[c][m] for c in cols}

    def _needed(self, cols):
        return [c for c in cols if c] + (self._where.columns() if self._where is not None else [])

    def _values(self, col):
        snap = self._snapshot(self._needed([col]))
        return self._filtered(snap, [col])[col]

    def explain(self):
        return _scan_text(self, [], "")

    # -------------------------------------------------------------- interop (pyzdbc.interop)

    def to_arrow(self):
        from .interop import to_arrow

        return to_arrow(self)

    def to_polars(self):
        from .interop import to_polars

        return to_polars(self)

    def to_pandas(self):
        from .interop import to_pandas

        return to_pandas(self)

    def __arrow_c_stream__(self, requested_schema=None):
        return self.to_arrow().__arrow_c_stream__(requested_schema)


class GroupBy:
    """``frame.group_by("sym").agg(vol=("sum", "volume"), n=("count",), p=("vwap", "price", "volume"))``."""

    def __init__(self, frame, keys):
        if len(keys) != 1:
            raise ValueError("group_by takes one key column (i64 or str)")
        self.frame, self.key = frame, keys[0]

    def agg(self, **named):
        specs = []
        for out, spec in named.items():
            spec = (spec,) if isinstance(spec, str) else tuple(spec)
            fn = spec[0]
            specs.append((fn, spec[1] if len(spec) > 1 else None, spec[2] if len(spec) > 2 else None, out))
        return self.frame._result(tuple(s[:3] for s in specs), self.key, tuple(s[3] for s in specs))

    def __getitem__(self, col):
        return _GroupColumn(self, col)


class _GroupColumn:
    def __init__(self, group, col):
        self.group, self.col = group, col

    sum, min, max, mean, count = map(_aggregation, ["sum", "min", "max", "mean", "count"])

    def _agg(self, fn):
        return self.group.agg(**{f"{fn}({self.col})": (fn, self.col)})


class _Plan:
    """A query compiled once: the columns it reads, whether it is a COUNT from metadata, and its last
    answer with the even change count it was computed under (FORMAT.md section 1.8)."""

    __slots__ = ("needed", "metadata_count", "answer")

    def __init__(self, frame, aggs, key):
        cols = [c for fn, a, b in aggs for c in (a, b)] + ([key] if key else [])
        self.needed = list(dict.fromkeys(frame._needed(cols)))
        self.metadata_count = key is None and aggs == [("count", None, None)] and frame._where is None
        self.answer = (None, None)


def _plan(frame, aggs, key, names):
    """The database's plan for this query, shared by every LazyResult of an equal expression."""
    where = () if frame._where is None else frame._where.key
    if where is None:
        return _Plan(frame, aggs, key)  # a constant that cannot be a dict key: a plan of its own
    plans = frame._db._plans
    k = (frame._table, where, tuple(aggs), key, tuple(names))
    plan = plans.get(k)
    if plan is None:
        if len(plans) >= _MAX_PLANS:
            try:
                del plans[next(iter(plans))]  # the oldest: a bounded cache for generated expressions
            except (KeyError, RuntimeError, StopIteration):
                pass  # another thread changed the cache meanwhile: it stays bounded all the same
        plan = plans[k] = _Plan(frame, aggs, key)
    return plan


_MAX_PLANS = 256


class LazyResult:
    """A query's answer, computed by ``collect()`` and kept until the database commits a change.
    Arrays in answers are read-only (they are shared by every collect of the same query)."""

    def __init__(self, frame, aggs, key, names=None):
        self.frame, self.aggs, self.key = frame, aggs, key
        self.names = list(names) if names else [_agg_name(a) for a in aggs]
        self._db = frame._db
        self._plan = _plan(frame, aggs, key, self.names)

    def collect(self):
        count, value = self._plan.answer
        if count == self._db._cv[0]:
            return value.copy() if type(value) is dict else value
        count, value = self._run()
        if count >= 0:
            self._plan.answer = (count, value)
            if type(value) is dict:
                for a in value.values():
                    if isinstance(a, np.ndarray):
                        a.flags.writeable = False
                return value.copy()
        return value

    def _run(self):
        """(the change count the snapshot was read under, the answer), without the answer cache."""
        f, db, plan = self.frame, self._db, self._plan
        if plan.metadata_count:
            snap = db._fresh(f._table) or db._snapshot(f._table, [])  # no column is mapped
            return snap.count, snap.state.rows
        snap = db._fresh(f._table)
        if snap is None or any(c not in snap.arrays for c in plan.needed):
            snap = db._snapshot(f._table, plan.needed)
        if self.key is None:
            if f._where is not None and snap.state.rows > 4 * BLOCK_ROWS and self._blockwise_ok(snap):
                out = self._blockwise(snap)
            else:
                mask = None if f._where is None else f._where.mask(snap.arrays, snap.types)
                out = [self._one(fn, a, b, snap.arrays, snap.types, snap.state.rows, mask) for fn, a, b in self.aggs]
            return snap.count, out[0] if len(out) == 1 else dict(zip(self.names, out))
        cols = [c for fn, a, b in self.aggs for c in (a, b)] + [self.key]
        vals = f._filtered(snap, [c for c in dict.fromkeys(cols) if c])
        code = snap.types[self.key]
        if code == codec.F64:
            raise TypeError(f"group_by needs an i64 or str key; '{self.key}' is f64")
        order, starts, keys = k.group_starts(vals[self.key], code)
        result = {self.key: _key_values(keys, code)}
        for name, (fn, a, b) in zip(self.names, self.aggs):
            src = vals[a] if a else vals[self.key]
            result[name] = k.group_aggregate(fn, snap.types.get(a, code), src, order, starts, vals.get(b))
        return snap.count, result

    @staticmethod
    def _one(fn, a, b, arrays, types, rows, mask):
        """One aggregate without a key; a filtered sum or count reduces under the mask without a copy."""
        if fn == "count" and a is None:
            return rows if mask is None else int(np.count_nonzero(mask))
        values, code = arrays[a], types[a]
        if mask is None:
            return k.aggregate(fn, code, values, arrays.get(b))
        if fn == "sum" and code != codec.STR:
            return k.masked_sum(values, code, mask)
        return k.aggregate(fn, code, values[mask], arrays[b][mask] if b else None)

    def _blockwise_ok(self, snap):
        """Aggregates that combine from blocks: counts, and the others of numeric columns (str min
        and max answer decoded text, str sums are errors: those take the whole-table path)."""
        return all(fn == "count" or (fn in _COMBINE and snap.types.get(a) != codec.STR
                                     and snap.types.get(b) != codec.STR) for fn, a, b in self.aggs)

    def _blockwise(self, snap):
        """A filtered scan of a large table BLOCK_ROWS rows at a time: masks and temporaries stay in
        the cache and are never the table's size (which costs page faults at 10^7 rows)."""
        f, types, n = self.frame, snap.types, snap.state.rows
        arrays = {c: snap.arrays[c] for c in self._plan.needed}
        parts = [[] for _ in self.aggs]
        with np.errstate(invalid="ignore", over="ignore"):  # inf - inf is NaN, as in the Java kernels
            self._blocks(f._where, arrays, types, n, parts)
        return [_COMBINE[fn](part, types.get(a)) for part, (fn, a, _) in zip(parts, self.aggs)]

    def _blocks(self, where, arrays, types, n, parts):
        for s in range(0, n, BLOCK_ROWS):
            block = {c: v[s:s + BLOCK_ROWS] for c, v in arrays.items()}
            mask = where.mask(block, types)
            selected = int(np.count_nonzero(mask))
            for part, (fn, a, b) in zip(parts, self.aggs):
                if fn == "count":
                    part.append(selected)
                elif fn == "vwap":
                    if selected:
                        part.append(k.vwap_sums(block[a][mask], block[b][mask]))
                elif fn in ("sum", "mean"):
                    part.append((k.masked_sum(block[a], types[a], mask), selected))
                elif selected:
                    part.append(k.aggregate(fn, types[a], block[a][mask]))

    def explain(self):
        aggs = ", ".join(self.names)
        head = f"GroupBy [{self.key}] Aggregate [{aggs}]" if self.key else f"Aggregate [{aggs}]"
        if self.key is None and self.aggs == [("count", None, None)] and self.frame._where is None:
            head += " (from metadata)"
        cols = [c for fn, a, b in self.aggs for c in (a, b) if c] + ([self.key] if self.key else [])
        return head + "\n" + _scan_text(self.frame, cols, "└── ")

    def __repr__(self):
        return f"LazyResult(\n{self.explain()})"


# Filtered scans of tables over 4 blocks go a block at a time (below that, whole-table temporaries
# stay in the cache and one pass per step costs less Python).
BLOCK_ROWS = 1 << 16


def _wrap(x):
    return (x + 2**63) % 2**64 - 2**63


def _sum_of(parts, code):
    """Block sums combined: i64 wrapping, f64 in numpy (a sum of -0.0 stays -0.0)."""
    if code == codec.I64:
        return _wrap(sum(s for s, _ in parts))
    with np.errstate(invalid="ignore", over="ignore"):
        return float(np.add.reduce(np.array([s for s, _ in parts], np.float64)))


def _mean_of(parts, code):
    n = sum(c for _, c in parts)
    return _sum_of(parts, code) / n if n else None


def _extreme(fn):
    def combine(parts, code):
        found = [x for x in parts if x is not None]
        if not found:
            return None
        if code == codec.F64:  # NaN only where every selected value is NaN, as the kernels skip it
            return float((np.fmin if fn == "min" else np.fmax).reduce(np.array(found, np.float64)))
        return min(found) if fn == "min" else max(found)
    return combine


def _vwap_of(parts, code):
    if not parts:
        return None  # no row selected
    num = sum(p for p, _ in parts)
    den = sum(v for _, v in parts)
    return num / den if den != 0 else math.nan


_COMBINE = {"count": lambda parts, code: sum(parts), "sum": _sum_of, "mean": _mean_of,
            "min": _extreme("min"), "max": _extreme("max"), "vwap": _vwap_of}


def _key_values(keys, code):
    if code == codec.STR:
        return np.array([x.rstrip(b" \0").decode("utf-8", "replace") for x in keys.tolist()], dtype=object)
    return keys.copy()


def _agg_name(a):
    fn, x, y = a
    if fn == "count" and x is None:
        return "count"
    return f"{fn}({x}, {y})" if y else f"{fn}({x})"


def _scan_text(frame, cols, prefix):
    cols = list(dict.fromkeys(frame._needed(cols)))
    indent = " " * len(prefix)
    scan = f"Scan {frame._table} [{', '.join(cols)}]"
    if frame._where is None:
        return prefix + scan
    return f"{prefix}Filter {frame._where}\n{indent}└── {scan}"
