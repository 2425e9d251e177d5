"""The values of the shared test vectors (testdata/vectors/README.md), and the calls that write them."""

import numpy as np

EDGES = {
    "i": np.array([-(2**63), 2**63 - 1, 0, -1, 1, 2**53 + 1], dtype=np.int64),
    "f": np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, np.finfo(np.float64).max]),
    "s": ["", "abcdefgh", "abcdefghij", "aÄÄÄÄ", "Zoë", "ab😀cd"],
}
EDGES_STORED = [b"        ", b"abcdefgh", b"abcdefgh", "aÄÄÄ ".encode(), "Zoë    ".encode()[:8].ljust(8, b" "),
                "ab😀cd".encode()]
PLAYERS = {"id": np.array([1, 2, 3], dtype=np.int64), "name": ["Alice", "Bob", "Zoë"],
           "score": np.array([10.5, 20.0, -1.25])}
BIG_ROWS = 1000


def big():
    r = np.arange(BIG_ROWS, dtype=np.int64)
    return {"i": (r * 7919) % 10007 - 5000, "f": r / 3.0, "s": [f"r{x}" for x in range(BIG_ROWS)]}


def write(db):
    """The same writes as Vectors.java, in the same order."""
    db.write_table("edges", EDGES)
    db.write_table("data/players", PLAYERS)
    db.create_table("empty", {"a": "i64", "b": "f64", "c": "str"})
    db.write_table("appended", {"n": np.arange(0, 10, dtype=np.int64)})
    db.append("appended", {"n": np.arange(10, 20, dtype=np.int64)})
    db.write_table("big", big())
    db.write_table("dropped", {"x": np.array([1], dtype=np.int64)})
    db.drop_table("dropped")
