package io.zdbc.flight.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zdbc.api.query.Result;
import io.zdbc.sql.Sql;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pyarrow.flight and polars as clients (skipped when the test Python, -Dzdbc.python, is missing):
 * the original ZDBC library's remote-client snippet exactly, ListFlights, and a DoPut.
 */
class PyarrowFlightTest {
    static final Path PYTHON = Path.of(System.getProperty("zdbc.python", "/tmp/venv/bin/python"));

    /** The original library's snippet, with the host and port of the test server. */
    static final String SNIPPET = String.join(
            "\n",
            "import sys",
            "import pyarrow.flight as fl",
            "import polars as pl",
            "client = fl.connect(\"grpc://127.0.0.1:\" + sys.argv[1])",
            "reader = client.do_get(fl.Ticket(b\"SELECT * FROM trades WHERE sym='AAPL'\"))",
            "df = pl.from_arrow(reader.read_all())",
            "print(df.height, df['id'].sum(), repr(df['price'].sum()), df['sym'].unique().to_list(), df.columns)",
            "");

    static final String CLIENT = String.join(
            "\n",
            "import sys",
            "import pyarrow as pa",
            "import pyarrow.flight as fl",
            "client = fl.connect('grpc://127.0.0.1:' + sys.argv[1])",
            "print(sorted('/'.join(p.decode() for p in f.descriptor.path) + ':' + str(f.total_records)"
                    + " for f in client.list_flights()))",
            "t = pa.table({'k': pa.array(range(10), pa.int64()), 'name': ['n%d' % i + 'é' * i for i in range(10)],"
                    + " 'w': pa.array([i / 4 for i in range(10)], pa.float32())})",
            "writer, _ = client.do_put(fl.FlightDescriptor.for_path('uploaded'), t.schema)",
            "writer.write_table(t, max_chunksize=3)",
            "writer.close()",
            "info = client.get_flight_info(fl.FlightDescriptor.for_command(b'SELECT count(*) FROM uploaded'))",
            "print(client.do_get(info.endpoints[0].ticket).read_all().column(0).to_pylist())",
            "try:",
            "    client.do_get(fl.Ticket(b'SELECT * FROM nowhere')).read_all()",
            "except KeyError as e:  # pyarrow raises NOT_FOUND as ArrowKeyError",
            "    print(type(e).__name__, \"no such table: 'nowhere'\" in str(e))",
            "");

    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), PYTHON + " is not there");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import pyarrow.flight, polars")
                .redirectErrorStream(true)
                .start();
        assumeTrue(
                p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "pyarrow.flight or polars missing in " + PYTHON);
        f = new ServerFixture(10_000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private static List<String> python(String script) throws Exception {
        Path file = f.dir.resolve("client.py");
        Files.writeString(file, script);
        Process p = new ProcessBuilder(
                        PYTHON.toString(),
                        file.toString(),
                        String.valueOf(f.server.location().getPort()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void theOriginalSnippetGetsAPolarsFrameEqualToTheSqlAnswer() throws Exception {
        Result r = Sql.query(f.db, "SELECT count(*) AS n, sum(id) AS ids, sum(price) AS p FROM trades WHERE sym='AAPL'")
                .collect();
        String expected = r.get(0, "n") + " " + r.get(0, "ids") + " " + r.get(0, "p") + " ['AAPL'] "
                + "['id', 'sym', 'price', 'qty']";
        assertEquals(List.of(expected), python(SNIPPET));
    }

    @Test
    void pyarrowListsUploadsAndGetsNotFoundForAMissingTable() throws Exception {
        List<String> out = python(CLIENT);
        assertEquals(List.of("['trades:10000']", "[10]", "ArrowKeyError True"), out.subList(0, 3), out.toString());
        assertEquals("[k:i64, name:str, w:f64]", f.db.info("uploaded").columns().toString());
        Result names = Sql.query(f.db, "SELECT name FROM uploaded WHERE k >= 8 ORDER BY name")
                .collect();
        assertEquals("n8ééé", names.get(0, 0)); // trimmed to 8 UTF-8 bytes at a character boundary
        assertEquals(
                2.25,
                Sql.query(f.db, "SELECT w FROM uploaded WHERE k = 9").collect().asDouble());
    }
}
