"""str padding computed on one bit per byte, against numpy's own string functions, which define the
original library's forms: NUL-padded batch reads (rstrip of spaces) and space-padded files (ljust)."""

import os
import random

import numpy as np

from pyzdbc import _columns


def random_values(rng, min_rows):
    """S8 values of NULs, spaces, ASCII and UTF-8 bytes in any order (inner NULs and spaces too)."""
    alphabet = np.array([0, 0x20, 0x61, 0xC3, 0xA9, 0xFF], np.uint8)
    return alphabet[rng.integers(0, len(alphabet), 8 * int(rng.integers(min_rows, 40)))].view("S8")


def seeded(name):
    seed = int(os.environ.get("PYZDBC_PAD_SEED", str(random.randrange(2**31))))
    print(f"{name}: PYZDBC_PAD_SEED={seed}")
    return seed, np.random.default_rng(seed)


def test_nul_padding_is_exactly_numpy_rstrip_of_spaces():
    seed, rng = seeded("NUL padding")
    for case in range(300):
        raw = random_values(rng, 0)
        want = np.char.rstrip(raw, b" ").astype("S8")
        got = _columns.nul_padded(raw)
        assert got.dtype == np.dtype("S8") and got.tobytes() == want.tobytes(), f"seed {seed} case {case}: {raw}"


def test_space_padding_is_exactly_numpy_ljust():
    seed, rng = seeded("space padding")
    for case in range(300):
        raw = random_values(rng, 1)  # np.char.ljust cannot take an empty array
        want = np.char.ljust(raw, 8, b" ")
        got = _columns.space_padded(raw)
        assert got.dtype == np.dtype("S8") and got.tobytes() == want.tobytes(), f"seed {seed} case {case}: {raw}"
    assert len(_columns.space_padded(np.empty(0, "S8"))) == 0
