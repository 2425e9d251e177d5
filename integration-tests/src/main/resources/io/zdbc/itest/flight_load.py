"""Client load for FlightUpdateUnderLoadTest: pyarrow.flight readers and one uploader against a
zdbc Flight server at 127.0.0.1:PORT while the test updates the server's bundle.

Readers alternate the SQL sum of table 'fixed' (n = 0..ROWS-1) and its table ticket and check
both answers. The uploader appends batches of BATCH rows to table 'up' (batch k holds k*BATCH ..
k*BATCH+BATCH-1). UNAVAILABLE and CANCELLED (the server stopping or not yet listening) are
retried on a new connection; any other error, or a wrong answer, is printed as "wrong ...".
Prints "answers N" after each checked answer. When stdin closes it stops, checks that 'up' holds
every acknowledged batch whole and nothing else but whole unacknowledged batches, and prints
"done answers=N retried=R acked=A present=P".

  python flight_load.py PORT ROWS
"""
import sys
import threading
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.flight as fl

PORT, ROWS = int(sys.argv[1]), int(sys.argv[2])
BATCH = 1000
RETRYABLE = (fl.FlightUnavailableError, fl.FlightCancelledError)
stop = threading.Event()
lock = threading.Lock()
state = {"answers": 0, "retried": 0}
acked, attempted = set(), set()


def say(line):
    with lock:
        print(line, flush=True)


def connect():
    return fl.connect(f"grpc://127.0.0.1:{PORT}")


def answered():
    with lock:
        state["answers"] += 1
        print("answers", state["answers"], flush=True)


def retried(client):
    with lock:
        state["retried"] += 1
    try:
        client.close()
    except Exception:
        pass
    time.sleep(0.05)
    return connect()


def reader(i):
    client = connect()
    want = ROWS * (ROWS - 1) // 2
    turn = i
    while not stop.is_set():
        turn += 1
        try:
            if turn % 2:
                t = client.do_get(fl.Ticket(b"SELECT SUM(n) FROM fixed")).read_all()
                got = t.column(0)[0].as_py()
            else:
                t = client.do_get(fl.Ticket(b'{"table": "fixed"}')).read_all()
                got = pc.sum(t["n"]).as_py() if t.num_rows == ROWS else ("rows", t.num_rows)
            if got != want:
                say(f"wrong answer {got!r}, expected {want}")
            else:
                answered()
        except RETRYABLE:
            client = retried(client)
        except Exception as e:  # anything else is what the test must see
            say(f"wrong {type(e).__name__}: {e}".replace("\n", " "))
            client = retried(client)


def uploader():
    client = connect()
    k = 0
    while not stop.is_set():
        batch = pa.table({"n": pa.array(range(k * BATCH, (k + 1) * BATCH), pa.int64())})
        attempted.add(k)
        try:
            writer, _ = client.do_put(fl.FlightDescriptor.for_path("up"), batch.schema)
            writer.write_table(batch)
            writer.close()
            acked.add(k)
            answered()
        except RETRYABLE:
            client = retried(client)
        except Exception as e:
            say(f"wrong {type(e).__name__}: {e}".replace("\n", " "))
            client = retried(client)
        k += 1


def check_uploads():
    for _ in range(200):
        try:
            with connect() as client:
                t = client.do_get(fl.Ticket(b'{"table": "up"}')).read_all()
            break
        except RETRYABLE:
            time.sleep(0.1)
    values = sorted(t["n"].to_pylist())
    batches = {}
    for v in values:
        batches[v // BATCH] = batches.get(v // BATCH, 0) + 1
    torn = {k: c for k, c in batches.items() if c != BATCH}
    if torn:
        say(f"wrong torn or repeated uploads (batch: rows): {dict(list(torn.items())[:5])}")
    if not acked <= batches.keys():
        say(f"wrong acknowledged uploads missing: {sorted(acked - batches.keys())[:5]}")
    if not batches.keys() <= attempted:
        say(f"wrong uploads never sent: {sorted(batches.keys() - attempted)[:5]}")
    return len(batches)


threads = [threading.Thread(target=reader, args=(i,)) for i in range(2)]
threads.append(threading.Thread(target=uploader))
for t in threads:
    t.start()
sys.stdin.read()  # the test closes stdin to stop the load
stop.set()
for t in threads:
    t.join()
present = check_uploads()
say(f"done answers={state['answers']} retried={state['retried']} acked={len(acked)} present={present}")
