"""numpy kernels with the Java kernels' semantics (README "Queries"): i64 sums wrap, an i64
compared with a double is compared exactly, a comparison with NaN is false except !=, min and
max skip NaN, -0.0 equals 0.0, str compares as its 8 stored bytes unsigned, vwap is NaN when the
volumes sum to 0, and min/max/mean/vwap of no rows are None."""

import math
import warnings

import numpy as np

from . import _codec as codec
from ._columns import encode_str

I64_MIN, I64_MAX = -(2**63), 2**63 - 1
_OPS = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
        "==": np.equal, "!=": np.not_equal}


def str_key(raw):
    """str values as big-endian u64: their unsigned order is the order of the 8 stored bytes."""
    return raw.view(">u8")


def str_const(value):
    """A constant as a stored value: UTF-8, cut to 8 bytes at a character boundary, space-padded."""
    b = encode_str(np.array([value], dtype=object), "constant", "constant")
    return int(b.view(">u8")[0])


def _const_for(code, k):
    if code == codec.STR:
        if not isinstance(k, (str, bytes)):
            raise TypeError(f"a str column compares with str constants, not {k!r}")
        return str_const(k)
    if isinstance(k, (str, bytes)):
        raise TypeError(f"a numeric column compares with numbers, not {k!r}")
    return k


def compare(values, code, op, k):
    """A boolean mask of ``values op k``."""
    k = _const_for(code, k)
    if code == codec.STR:
        return _OPS[op](str_key(values), np.uint64(k))
    if code == codec.F64:
        return _OPS[op](values, float(k))
    return _compare_i64(values, op, k)


def _compare_i64(values, op, k):
    """Exact: x > 2.5 is x >= 3, x < 1e19 holds for every i64, NaN matches only !=."""
    if isinstance(k, float):
        if math.isnan(k):
            return np.full(len(values), op == "!=")
        if math.isinf(k):
            below = k > 0  # every value is below +inf
            if op in ("<", "<="):
                return np.full(len(values), below)
            if op in (">", ">="):
                return np.full(len(values), not below)
            return np.full(len(values), op == "!=")
        if k != math.floor(k):
            if op == "==":
                return np.zeros(len(values), bool)
            if op == "!=":
                return np.ones(len(values), bool)
            # No integer equals k: x < k is x <= floor(k), x > k is x >= ceil(k).
            op, k = {"<": ("<=", math.floor(k)), "<=": ("<=", math.floor(k)),
                     ">": (">=", math.ceil(k)), ">=": (">=", math.ceil(k))}[op]
        k = int(k)
    k = int(k)
    if k > I64_MAX:
        return np.full(len(values), op in ("<", "<=", "!="))
    if k < I64_MIN:
        return np.full(len(values), op in (">", ">=", "!="))
    return _OPS[op](values, np.int64(k))


def isin(values, code, constants):
    mask = np.zeros(len(values), bool)
    for k in constants:
        mask |= compare(values, code, "==", k)
    return mask


def _quiet():
    ctx = warnings.catch_warnings()
    ctx.__enter__()
    warnings.simplefilter("ignore", RuntimeWarning)
    return ctx


def aggregate(fn, code, values, volume=None):
    """One aggregate over selected values (already filtered)."""
    n = len(values)
    if fn == "count":
        return n
    if fn == "sum":
        if code == codec.I64:
            return int(np.add.reduce(values, dtype=np.int64)) if n else 0
        with np.errstate(invalid="ignore", over="ignore"):
            return float(np.sum(values)) if n else 0.0
    if n == 0:
        return None
    if fn in ("min", "max"):
        if code == codec.F64:
            ctx = _quiet()
            try:
                r = np.nanmin(values) if fn == "min" else np.nanmax(values)
            finally:
                ctx.__exit__(None, None, None)
            return float(r)
        if code == codec.STR:
            key = str_key(values)
            i = int(np.argmin(key) if fn == "min" else np.argmax(key))
            return values[i].rstrip(b" \0").decode("utf-8", "replace")
        return int(values.min() if fn == "min" else values.max())
    if fn == "mean":
        if code == codec.I64:
            return int(np.add.reduce(values, dtype=np.int64)) / n
        return float(np.sum(values)) / n
    if fn == "vwap":
        ctx = _quiet()
        try:
            num, den = vwap_sums(values, volume)
            return num / den if den != 0 else math.nan
        finally:
            ctx.__exit__(None, None, None)
    raise ValueError(f"unknown aggregate {fn!r}")


def masked_sum(values, code, mask):
    """The sum of the rows where mask is True, without copying them out (a wrapping i64 sum)."""
    # Branch-free: the 64-bit patterns times 0 or 1 keep a row or make it +0.0 (or 0). reduce(where=),
    # np.where and boolean indexing branch per row and were ~10x slower on random masks.
    bits = np.multiply(values.view(np.int64), mask, dtype=np.int64)
    if code == codec.I64:
        return int(np.add.reduce(bits))
    with np.errstate(invalid="ignore", over="ignore"):  # inf + -inf is NaN, as in the Java kernels
        return float(np.add.reduce(bits.view(np.float64)))


def vwap_sums(price, volume):
    """Σ price·volume and Σ volume as doubles. i64 inputs become doubles a block at a time (one
    reused buffer that stays in the cache); the products are summed by BLAS dot over slices of
    _DOT rows, short enough that OpenBLAS runs them on the calling thread (its threads stall on
    a busy machine)."""
    n = len(price)
    num = den = 0.0
    pbuf = vbuf = None
    dot, add = np.dot, np.add.reduce
    for s in range(0, n, _BLOCK):
        p, v = price[s:s + _BLOCK], volume[s:s + _BLOCK]
        if p.dtype != np.float64:
            pbuf = _as_f64(p, pbuf)
            p = pbuf[:len(v)]
        if v.dtype != np.float64:
            vbuf = _as_f64(v, vbuf)
            v = vbuf[:len(p)]
        for i in range(0, len(p), _DOT):
            num += float(dot(p[i:i + _DOT], v[i:i + _DOT]))
        den += float(add(v))
    return num, den


_BLOCK = 1 << 17
_DOT = 8192


def _as_f64(values, buf):
    """values as doubles in buf (a new buffer of a block if buf is None), exactly as Java's (double)."""
    if buf is None:
        buf = np.empty(_BLOCK)
    np.copyto(buf[:len(values)], values, casting="unsafe")
    return buf


def group_starts(keys, code):
    """(order, starts, key values): rows sorted by key (str by bytes) and where each group starts."""
    k = str_key(keys) if code == codec.STR else keys
    order = np.argsort(k, kind="stable")
    sk = k[order]
    if len(sk) == 0:
        return order, np.zeros(0, np.intp), keys[:0]
    starts = np.flatnonzero(np.concatenate(([True], sk[1:] != sk[:-1])))
    return order, starts, keys[order[starts]]


def group_aggregate(fn, code, values, order, starts, volume=None):
    """Per group (rows in ``order``, groups at ``starts``) a numpy array of the aggregate."""
    if fn == "count":
        return np.diff(np.append(starts, len(order)))
    v = values[order]
    if fn == "sum":
        return np.add.reduceat(v, starts) if len(starts) else v[:0]
    if fn == "mean":
        counts = np.diff(np.append(starts, len(order)))
        return np.add.reduceat(v, starts).astype(np.float64) / counts
    if fn in ("min", "max"):
        if code == codec.STR:
            k = str_key(v)
            ufunc = np.minimum if fn == "min" else np.maximum
            best = ufunc.reduceat(k, starts)
            return np.array([x.tobytes().rstrip(b" \0").decode("utf-8", "replace")
                             for x in best.astype(">u8")], dtype=object)
        if code == codec.F64:
            return (np.fmin if fn == "min" else np.fmax).reduceat(v, starts)
        return (np.minimum if fn == "min" else np.maximum).reduceat(v, starts)
    if fn == "vwap":
        p = v.astype(np.float64)
        vol = volume[order].astype(np.float64)
        ctx = _quiet()
        try:
            num = np.add.reduceat(p * vol, starts)
            den = np.add.reduceat(vol, starts)
            return np.where(den != 0, num / np.where(den != 0, den, 1), np.nan)
        finally:
            ctx.__exit__(None, None, None)
    raise ValueError(f"unknown aggregate {fn!r}")
