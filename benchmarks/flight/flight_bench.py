#!/usr/bin/env python3
"""zdbc's Flight server (`./zdbc serve`) against a pyarrow Flight server over loopback.

The peer is `pyarrow.flight.FlightServerBase` (the reference Python implementation) in its own
process, holding the uploaded table in memory and answering the same SQL texts with
pyarrow.compute. Both are measured with the same pyarrow client, on the same data, in the same run:

  doput        DoPut of the players table (ROWS rows: id i64, name str, score f64, active i64,
               category str) in batches of 65,536 rows; zdbc replaces the table in one commit
  doget        DoGet of the whole table (zdbc: its table ticket, numeric columns sent from the
               mapped files; peer: the table in memory), read_all()
  doget_filter DoGet of  SELECT * FROM players WHERE score > 0.5  (about half the rows)
  first_batch  time from do_get() to the first batch of  SELECT * FROM players WHERE id < 100
  count        round trip of  SELECT COUNT(*) FROM players  (do_get + read_all)

Each figure is the median of --runs timed runs after one untimed run. Throughput is the Arrow
bytes of the answer (Table.nbytes: values, offsets, validity) per second. Every answer is checked
against the client's own table (row counts and column sums) for both servers.

  flight_bench.py --zdbc ./zdbc --rows 10000000 --runs 5
  flight_bench.py peer --port 0      (the peer alone; prints its port)
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.flight as fl

TABLE = "players"
FILTER = f"SELECT * FROM {TABLE} WHERE score > 0.5"
SMALL = f"SELECT * FROM {TABLE} WHERE id < 100"
COUNT = f"SELECT COUNT(*) FROM {TABLE}"
UPLOAD_ROWS = 65_536
CATEGORIES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]

TARGETS = {
    "doget_gbs": 1.0,  # GB/s per stream
    "first_batch_ms": 5.0,
    "count_ms": 1.0,
}


def players(rows):
    """The players table of the JMH benchmarks: deterministic, strings of at most 8 ASCII bytes."""
    rng = np.random.default_rng(42)
    ids = np.arange(rows, dtype=np.int64)
    names = pa.array([f"name{i}" for i in range(1000)], pa.string())
    return pa.table(
        {
            "id": ids,
            "name": names.take(pa.array(ids % 1000)),
            "score": rng.random(rows),
            "active": (ids % 2).astype(np.int64),
            "category": pa.array(CATEGORIES, pa.string()).take(pa.array(ids % 10)),
        }
    )


# ---------------------------------------------------------------------------------------------
# The peer: pyarrow's Flight server with the data in memory.


class PeerServer(fl.FlightServerBase):
    """Keeps the last uploaded table; a ticket is the table's name or one of the benchmark's SQL texts."""

    def __init__(self, location):
        super().__init__(location)
        self.table = None

    def do_put(self, context, descriptor, reader, writer):
        self.table = reader.read_all()

    def do_get(self, context, ticket):
        text = ticket.ticket.decode()
        t = self.table
        if text == TABLE:
            answer = t
        elif text == FILTER:
            answer = t.filter(pc.greater(t["score"], 0.5))
        elif text == SMALL:
            answer = t.filter(pc.less(t["id"], 100))
        elif text == COUNT:
            answer = pa.table({"COUNT(*)": pa.array([t.num_rows], pa.int64())})
        else:
            raise fl.FlightServerError("unknown ticket " + text)
        return fl.RecordBatchStream(answer)


def run_peer(port):
    server = PeerServer(f"grpc://127.0.0.1:{port}")
    print(server.port, flush=True)
    server.serve()


# ---------------------------------------------------------------------------------------------
# The measurements, identical for both servers.


def timed(fn, runs):
    fn()  # untimed: connection, JIT, page cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def check(name, got, want):
    if got.num_rows != want.num_rows:
        raise SystemExit(f"{name}: {got.num_rows} rows, expected {want.num_rows}")
    for col in ("id", "score", "active"):
        g, w = pc.sum(got[col]).as_py(), pc.sum(want[col]).as_py()
        if g != w and not (isinstance(w, float) and abs(g - w) <= 1e-9 * abs(w)):
            raise SystemExit(f"{name}: sum({col}) = {g}, expected {w}")
    for col in ("name", "category"):
        if got[col].to_pylist()[:1000] != want[col].to_pylist()[:1000]:
            raise SystemExit(f"{name}: column {col} differs")


def measure(label, client, data, put_descriptor, table_ticket, runs):
    out = {}

    def put():
        writer, reader = client.do_put(put_descriptor, data.schema)
        writer.write_table(data, max_chunksize=UPLOAD_ROWS)
        writer.close()

    out["doput_s"] = timed(put, runs)

    def get(ticket):
        return client.do_get(fl.Ticket(ticket)).read_all()

    whole = get(table_ticket)
    check(label + " doget", whole, data)
    out["doget_s"] = timed(lambda: get(table_ticket), runs)
    out["doget_bytes"] = whole.nbytes

    filtered = get(FILTER.encode())
    check(label + " doget_filter", filtered, data.filter(pc.greater(data["score"], 0.5)))
    out["doget_filter_s"] = timed(lambda: get(FILTER.encode()), runs)
    out["doget_filter_bytes"] = filtered.nbytes

    check(label + " small", get(SMALL.encode()), data.slice(0, 100))

    def first():
        reader = client.do_get(fl.Ticket(SMALL.encode()))
        reader.read_chunk()
        reader.read_all()

    def first_only():
        t0 = time.perf_counter()
        reader = client.do_get(fl.Ticket(SMALL.encode()))
        reader.read_chunk()
        t = time.perf_counter() - t0
        reader.read_all()
        return t

    first()
    out["first_batch_s"] = statistics.median(first_only() for _ in range(max(runs, 20)))

    n = get(COUNT.encode()).column(0)[0].as_py()
    if n != data.num_rows:
        raise SystemExit(f"{label} count: {n}, expected {data.num_rows}")
    get(COUNT.encode())
    count_times = []
    for _ in range(max(runs, 50)):
        t0 = time.perf_counter()
        get(COUNT.encode())
        count_times.append(time.perf_counter() - t0)
    out["count_s"] = statistics.median(count_times)
    return out


# ---------------------------------------------------------------------------------------------
# Starting the servers.


def start(cmd, what, parse):
    """Starts a server process and returns (process, port) once it printed where it listens."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
    deadline = time.time() + 180
    while time.time() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        port = parse(line)
        if port:
            return p, port
    p.kill()
    raise SystemExit(f"{what} did not start: {' '.join(cmd)}")


def zdbc_port(line):
    # "zdbc: serving db at grpc+tcp://127.0.0.1:PORT (Arrow Flight ...)"
    if " at grpc" in line:
        return int(line.split(" at ")[1].split()[0].rsplit(":", 1)[1])
    return None


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(30)
    except subprocess.TimeoutExpired:
        p.kill()


def row(name, z, p, unit, better_high):
    ratio = (z / p) if better_high else (p / z)
    return f"| {name:<34} | {z:>10.3f} | {p:>10.3f} | {unit:<7} | {ratio:>6.2f}x |"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", nargs="?", default="bench", choices=["bench", "peer"])
    ap.add_argument("--zdbc", default=os.path.join(os.path.dirname(__file__), "..", "..", "zdbc"))
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--work", default="/dev/shm" if os.path.isdir("/dev/shm") else None)
    a = ap.parse_args()
    if a.mode == "peer":
        run_peer(a.port)
        return

    data = players(a.rows)
    work = tempfile.mkdtemp(prefix="zdbc-flight-bench-", dir=a.work)
    db = os.path.join(work, "bench")
    procs = []
    try:
        subprocess.run(
            [a.zdbc, "create", db, TABLE, "id:i64", "name:str", "score:f64", "active:i64", "category:str"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        zp, zport = start([a.zdbc, "serve", db, "--port", "0"], "zdbc serve", zdbc_port)
        procs.append(zp)
        pp, pport = start([sys.executable, __file__, "peer"], "pyarrow peer", lambda l: int(l) if l.strip().isdigit() else None)
        procs.append(pp)
        print(f"{a.rows:,} rows, {data.nbytes / 1e6:.0f} MB of Arrow data; zdbc at :{zport}, pyarrow {pa.__version__} peer at :{pport}", file=sys.stderr)
        zc = fl.connect(f"grpc://127.0.0.1:{zport}")
        pc_ = fl.connect(f"grpc://127.0.0.1:{pport}")
        replace = fl.FlightDescriptor.for_command(f'{{"table": "{TABLE}", "mode": "replace"}}')
        z = measure("zdbc", zc, data, replace, f'{{"table": "{TABLE}"}}'.encode(), a.runs)
        p = measure("pyarrow", pc_, data, fl.FlightDescriptor.for_path(TABLE), TABLE.encode(), a.runs)
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(work, ignore_errors=True)

    load = os.getloadavg()
    print(f"Flight over loopback, {a.rows:,} rows x 5 columns, median of {a.runs} runs; "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} cores")
    print(f"| {'operation':<34} | {'zdbc':>10} | {'pyarrow':>10} | unit    | zdbc/peer |")
    print(f"|{'-' * 36}|{'-' * 12}|{'-' * 12}|---------|-----------|")
    gbs = lambda r, k: r[k + "_bytes"] / r[k + "_s"] / 1e9
    put_gbs = lambda r: data.nbytes / r["doput_s"] / 1e9
    print(row("DoPut (whole table)", put_gbs(z), put_gbs(p), "GB/s", True))
    print(row("DoGet (whole table)", gbs(z, "doget"), gbs(p, "doget"), "GB/s", True))
    print(row("DoGet (WHERE score > 0.5)", gbs(z, "doget_filter"), gbs(p, "doget_filter"), "GB/s", True))
    print(row("first batch (WHERE id < 100)", z["first_batch_s"] * 1e3, p["first_batch_s"] * 1e3, "ms", False))
    print(row("COUNT(*) round trip", z["count_s"] * 1e3, p["count_s"] * 1e3, "ms", False))
    checks = [
        ("DoGet >= 1 GB/s", gbs(z, "doget") >= TARGETS["doget_gbs"]),
        ("DoGet >= 1x peer", z["doget_s"] <= p["doget_s"]),
        ("DoGet filtered >= 1x peer", z["doget_filter_s"] <= p["doget_filter_s"]),
        ("DoPut >= 1x peer", z["doput_s"] <= p["doput_s"]),
        ("first batch <= 5 ms", z["first_batch_s"] * 1e3 <= TARGETS["first_batch_ms"]),
        ("COUNT(*) <= 1 ms", z["count_s"] * 1e3 <= TARGETS["count_ms"]),
    ]
    print("targets: " + ", ".join(f"{n} {'met' if ok else 'MISSED'}" for n, ok in checks))


if __name__ == "__main__":
    main()
