package io.zdbc.spi.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Database;
import io.zdbc.api.ServiceUnavailableException;
import io.zdbc.api.ZdbcException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConnectorBaseTest {
    /** A connector whose calls fail as given. */
    static final class Failing extends ConnectorBase {
        private final RuntimeException runtime;
        private final Error error;

        Failing(RuntimeException runtime, Error error) {
            super("test", "test", "x");
            this.runtime = runtime;
            this.error = error;
        }

        @Override
        protected TransferReport importGuarded(Path source, Database db, String table, TransferOptions options) {
            return fail();
        }

        @Override
        protected TransferReport exportGuarded(Database db, String table, Path target, TransferOptions options) {
            return fail();
        }

        private TransferReport fail() {
            if (error != null) {
                throw error;
            }
            if (runtime != null) {
                throw runtime;
            }
            return new TransferReport("t", 1, 0, 0, 0);
        }
    }

    @Test
    void aLinkageErrorBecomesTheRetryableErrorNamingTheConnector() {
        NoClassDefFoundError cause = new NoClassDefFoundError("io/zdbc/x/Gone");
        Failing c = new Failing(null, cause);
        ServiceUnavailableException in = assertThrows(
                ServiceUnavailableException.class,
                () -> c.importFile(Path.of("a.x"), null, "t", TransferOptions.defaults()));
        ServiceUnavailableException out = assertThrows(
                ServiceUnavailableException.class,
                () -> c.exportTable(null, "t", Path.of("a.x"), TransferOptions.defaults()));
        for (ServiceUnavailableException e : new ServiceUnavailableException[] {in, out}) {
            assertTrue(e.isRetryable());
            assertSame(cause, e.getCause());
            assertTrue(e.getMessage().startsWith("the test connector was updated or stopped"), e.getMessage());
        }
    }

    @Test
    void otherFailuresAndResultsPassThrough() {
        ZdbcException bad = new ZdbcException("a.x: line 3: bad");
        assertSame(
                bad,
                assertThrows(
                        ZdbcException.class,
                        () -> new Failing(bad, null)
                                .importFile(Path.of("a.x"), null, "t", TransferOptions.defaults())));
        OutOfMemoryError oom = new OutOfMemoryError();
        assertSame(
                oom,
                assertThrows(
                        OutOfMemoryError.class,
                        () -> new Failing(null, oom)
                                .exportTable(null, "t", Path.of("a.x"), TransferOptions.defaults())));
        assertEquals(
                1,
                new Failing(null, null)
                        .importFile(Path.of("a.x"), null, "t", TransferOptions.defaults())
                        .rows());
    }

    @Test
    void aMissingSourceIsAnErrorNamingIt() {
        Path missing = Path.of("no-such-dir", "a.x");
        ZdbcException e = assertThrows(ZdbcException.class, () -> new Failing(null, null).sourceSize(missing));
        assertEquals("test file not found: " + missing, e.getMessage());
    }
}
