package io.zdbc.spi.connector;

import io.zdbc.api.Database;
import io.zdbc.api.ServiceUnavailableException;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The skeleton of a connector: extend it and implement {@link io.zdbc.spi.Connector}, whose
 * {@code format}, {@code extensions}, {@code importFile} and {@code exportTable} it provides
 * (final), the last two around the subclass's {@link #importGuarded} and {@link #exportGuarded}.
 *
 * <pre>{@code
 * @Component(service = Connector.class, property = Connector.FORMAT_PROPERTY + "=jsonl")
 * public final class JsonlConnector extends ConnectorBase implements Connector {
 *     public JsonlConnector() {
 *         super("jsonl", "JSON-lines", "jsonl", "ndjson");
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>The guard: when the connector's bundle is updated or stopped while a call runs on it, the
 * discarded class loader cannot load what the rest of the call needs and the call fails with a
 * {@link LinkageError}; the caller gets the retryable {@link ServiceUnavailableException} instead.
 * The catch runs in this class, whose bundle (the API) is not the one being replaced, so the
 * connector preloads nothing.
 */
@ConsumerType
public abstract class ConnectorBase {
    private final String format;
    private final String kind;
    private final List<String> extensions;

    /**
     * @param format     the format's name, as in the service property, e.g. {@code "csv"}
     * @param kind       the files as messages name them, e.g. {@code "CSV"} ("CSV file not found",
     *                   "the CSV connector was updated ...")
     * @param extensions file name extensions, lower case without the dot
     */
    protected ConnectorBase(String format, String kind, String... extensions) {
        this.format = format;
        this.kind = kind;
        this.extensions = List.of(extensions);
    }

    /** See {@link io.zdbc.spi.Connector#format}. */
    public final String format() {
        return format;
    }

    /** See {@link io.zdbc.spi.Connector#extensions}. */
    public final List<String> extensions() {
        return extensions;
    }

    /** See {@link io.zdbc.spi.Connector#importFile}. */
    public final TransferReport importFile(Path source, Database db, String table, TransferOptions options) {
        try {
            return importGuarded(source, db, table, options);
        } catch (LinkageError e) {
            throw ServiceUnavailableException.replaced(kind + " connector", e);
        }
    }

    /** See {@link io.zdbc.spi.Connector#exportTable}. */
    public final TransferReport exportTable(Database db, String table, Path target, TransferOptions options) {
        try {
            return exportGuarded(db, table, target, options);
        } catch (LinkageError e) {
            throw ServiceUnavailableException.replaced(kind + " connector", e);
        }
    }

    /**
     * The size of the file to import, for progress.
     *
     * @throws ZdbcException "&lt;kind&gt; file not found: &lt;source&gt;" when there is none
     * @throws ZdbcIOException naming the file when it cannot be read
     */
    protected final long sourceSize(Path source) {
        try {
            return Files.size(source);
        } catch (NoSuchFileException e) {
            throw new ZdbcException(kind + " file not found: " + source);
        } catch (IOException e) {
            throw new ZdbcIOException("reading " + kind + " " + source, e);
        }
    }

    /** The import, as {@link io.zdbc.spi.Connector#importFile} describes it. */
    protected abstract TransferReport importGuarded(Path source, Database db, String table, TransferOptions options);

    /** The export, as {@link io.zdbc.spi.Connector#exportTable} describes it. */
    protected abstract TransferReport exportGuarded(Database db, String table, Path target, TransferOptions options);
}
