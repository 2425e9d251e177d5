"""pyarrow.flight and polars against `./zdbc serve` (the server feature started as a child process on
a free port): the original ZDBC library's remote-client snippet, DoPut and read back, a SIGKILL of
the server in the middle of a DoPut, and the server's authentication and TLS as pyarrow sees them."""

import os
import queue
import re
import shutil
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import CLI_JAR, JAVA, REPO

fl = pytest.importorskip("pyarrow.flight")
pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

ZDBC = REPO / "zdbc"
SERVER_JAR = REPO / "features" / "target" / "zdbc-server.jar"
ROWS = 20_000
SYMS = ["AAPL", "MSFT", "GOOG", "AMZN"]

pytestmark = pytest.mark.skipif(not SERVER_JAR.is_file() or not CLI_JAR.is_file(),
                                reason="the server and CLI features are not built (./mvnw -B verify builds them)")


class Server:
    """`./zdbc serve <db> --port 0 ...` as a child process; the port is read from the line it prints."""

    def __init__(self, db, *options, env=None):
        environment = dict(os.environ, **(env or {}))
        if os.environ.get("ZDBC_JAVA"):  # the JDK the build runs on, as the script finds it
            environment["JAVA_HOME"] = str(Path(JAVA).resolve().parents[1])
        self.proc = subprocess.Popen([str(ZDBC), "serve", str(db), "--port", "0", *map(str, options)],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env=environment)
        self.lines = queue.Queue()
        self.output = []
        threading.Thread(target=self._drain, daemon=True).start()
        self.uri = None
        while self.uri is None:
            try:
                line = self.lines.get(timeout=120)
            except queue.Empty:
                self.stop()
                pytest.fail("zdbc serve printed no URI in 120 s:\n" + "".join(self.output))
            if line is None:
                pytest.fail("zdbc serve exited:\n" + "".join(self.output))
            m = re.search(r" at (grpc(\+tls)?://127\.0\.0\.1:(\d+)) ", line)
            if m:
                self.uri, self.port = m.group(1), int(m.group(3))

    def _drain(self):
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def stop(self):
        """SIGTERM, as Ctrl-C or a service manager would: the server closes and the process ends."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)

    def kill(self):
        """SIGKILL: no shutdown hook runs (the script execs java, so this is the JVM)."""
        self.proc.kill()
        self.proc.wait(timeout=60)


def cli(cwd, *args):
    r = subprocess.run([JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dproject.build.directory=/tmp",
                        "-jar", str(CLI_JAR), *map(str, args)], capture_output=True, text=True, timeout=120, cwd=cwd)
    assert r.returncode == 0, f"zdbc {args}:\n{r.stdout}\n{r.stderr}"
    return r.stdout


def trades_frame(n=ROWS, start=0):
    ids = range(start, start + n)
    return pl.DataFrame({"id": list(ids), "sym": [SYMS[i % 4] for i in ids],
                         "price": [100 + (i % 997) * 0.25 for i in ids], "qty": [1 + i % 50 for i in ids]},
                        schema={"id": pl.Int64, "sym": pl.Utf8, "price": pl.Float64, "qty": pl.Int64})


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A database with the trades table, imported from CSV once by the CLI."""
    d = tmp_path_factory.mktemp("template", numbered=True)
    frame = trades_frame()
    frame.write_csv(d / "trades.csv")
    cli(d, "import", d / "db", "trades", d / "trades.csv")
    return d


def trades_db(template, directory):
    """A copy of the template database (the registry file and its data directory) in directory."""
    shutil.copy2(template / "db", directory / "db")
    shutil.copytree(template / "dbdir", directory / "dbdir")
    return directory / "db"


def count(client, table="trades", options=None):
    reader = client.do_get(fl.Ticket(f"SELECT count(*) FROM {table}".encode()), options)
    return reader.read_all().column(0)[0].as_py()


@pytest.fixture(scope="module")
def served(template, tmp_path_factory):
    db = trades_db(template, tmp_path_factory.mktemp("served", numbered=True))
    server = Server(db)
    yield server, db, trades_frame()
    server.stop()


def test_the_original_snippet_gets_the_aapl_trades_as_a_polars_frame(served):
    server, _, frame = served
    # The original ZDBC library's snippet as written, with this server's address.
    client = fl.connect("grpc://127.0.0.1:%d" % server.port)
    reader = client.do_get(fl.Ticket(b"SELECT * FROM trades WHERE sym='AAPL'"))
    df = pl.from_arrow(reader.read_all())
    assert df.columns == ["id", "sym", "price", "qty"]
    assert df.sort("id").equals(frame.filter(pl.col("sym") == "AAPL"))


def test_do_put_creates_a_table_that_reads_back_equal(served):
    server, _, _ = served
    client = fl.connect(server.uri)
    table = pa.table({"k": pa.array(range(1000), pa.int64()), "tag": [f"t{i % 7}" for i in range(1000)],
                      "w": pa.array([i / 8 for i in range(1000)], pa.float64())})
    for _ in range(2):  # the second upload appends
        writer, _ = client.do_put(fl.FlightDescriptor.for_path("uploads"), table.schema)
        writer.write_table(table, max_chunksize=300)
        writer.close()
    back = pl.from_arrow(client.do_get(fl.Ticket(b"SELECT k, tag, w FROM uploads WHERE k < 10 ORDER BY k")).read_all())
    expected = pl.from_arrow(table).filter(pl.col("k") < 10)
    assert back.equals(pl.concat([expected, expected]).sort("k", maintain_order=True))
    assert count(client, "uploads") == 2000


def test_sigkill_of_the_server_mid_do_put_leaves_the_table_as_it_was(template, tmp_path, java):
    db = trades_db(template, tmp_path)
    server = Server(db)
    client = fl.connect(server.uri)
    more = trades_frame(50_000, start=ROWS)
    batch = pa.record_batch([pa.array(more["id"].to_list(), pa.int64()), pa.array(more["sym"].to_list(), pa.string()),
                             pa.array(more["price"].to_list(), pa.float64()), pa.array(more["qty"].to_list(), pa.int64())],
                            names=more.columns)
    writer, _ = client.do_put(fl.FlightDescriptor.for_path("trades"), batch.schema)
    intent = tmp_path / "dbdir" / ".zdbc" / "intent"  # present while a write runs (docs/FORMAT.md)
    for _ in range(100):
        writer.write_batch(batch)
        if intent.exists():
            break
    else:
        pytest.fail("the server never started writing the upload")
    writer.write_batch(batch)
    server.kill()  # the write is running: column files half written, nothing committed
    with pytest.raises(fl.FlightError):
        for _ in range(100):  # the next writes or the close find the server gone
            writer.write_batch(batch)
        writer.close()
    java.verify(db)  # no torn commit, no stray file
    restarted = Server(db)
    try:
        assert count(fl.connect(restarted.uri)) == ROWS  # the version before the upload
    finally:
        restarted.stop()


def openssl_certificate(directory, name):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = directory / f"{name}.pem", directory / f"{name}-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", f"/CN={name}",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
    return cert, key


@pytest.fixture(scope="module")
def tls_basic(template, tmp_path_factory):
    d = tmp_path_factory.mktemp("tls", numbered=True)
    db = trades_db(template, d)
    cert, key = openssl_certificate(d, "server")
    other, _ = openssl_certificate(d, "other")
    (d / "password").write_text("open sesame\n")
    server = Server(db, "--user", "alice", "--password-file", d / "password", "--tls-cert", cert, "--tls-key", key)
    yield server, cert.read_bytes(), other.read_bytes()
    server.stop()


def test_tls_client_logs_in_and_gets_a_bearer_token(tls_basic):
    server, root, _ = tls_basic
    assert server.uri.startswith("grpc+tls://")
    client = fl.connect(server.uri, tls_root_certs=root)
    header = client.authenticate_basic_token(b"alice", b"open sesame")
    assert header[0] == b"authorization" and header[1].startswith(b"Bearer ")
    assert count(client, options=fl.FlightCallOptions(headers=[header])) == ROWS


def test_missing_or_wrong_credentials_are_unauthenticated_and_the_server_keeps_serving(tls_basic):
    server, root, _ = tls_basic
    client = fl.connect(server.uri, tls_root_certs=root)
    with pytest.raises(fl.FlightUnauthenticatedError, match="needs a user name and password"):
        count(client)
    with pytest.raises(fl.FlightUnauthenticatedError, match="user name or password refused"):
        client.authenticate_basic_token(b"alice", b"open sesame!")
    forged = fl.FlightCallOptions(headers=[(b"authorization", b"Bearer forged")])
    with pytest.raises(fl.FlightUnauthenticatedError, match="bearer token refused"):
        count(client, options=forged)
    header = client.authenticate_basic_token(b"alice", b"open sesame")
    assert count(client, options=fl.FlightCallOptions(headers=[header])) == ROWS


def test_plaintext_client_and_client_trusting_another_ca_are_refused(tls_basic):
    server, _, other = tls_basic
    plain = fl.connect(f"grpc://127.0.0.1:{server.port}")
    with pytest.raises(fl.FlightUnavailableError):
        count(plain)
    wrong_ca = fl.connect(server.uri, tls_root_certs=other)
    with pytest.raises(fl.FlightUnavailableError):
        count(wrong_ca)


def test_static_token_from_an_environment_variable(template, tmp_path):
    db = trades_db(template, tmp_path)
    server = Server(db, "--token-env", "ZDBC_TEST_FLIGHT_TOKEN", env={"ZDBC_TEST_FLIGHT_TOKEN": "t0k-e9"})
    try:
        client = fl.connect(server.uri)
        with pytest.raises(fl.FlightUnauthenticatedError, match="needs a bearer token"):
            count(client)
        with pytest.raises(fl.FlightUnauthenticatedError, match="bearer token refused"):
            count(client, options=fl.FlightCallOptions(headers=[(b"authorization", b"Bearer t0k-e8")]))
        good = fl.FlightCallOptions(headers=[(b"authorization", b"Bearer t0k-e9")])
        assert count(client, options=good) == ROWS
        assert "t0k-e9" not in "".join(server.output)  # the token never reaches the output
    finally:
        server.stop()
