package io.zdbc.spi.connector;

import io.zdbc.api.Database;
import io.zdbc.api.ServiceUnavailableException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The skeleton of a connector: extend it and implement {@link io.zdbc.spi.Connector}, whose
 * {@code importFile} and {@code exportTable} it provides (final) around the subclass's
 * {@link #importGuarded} and {@link #exportGuarded}.
 *
 * <pre>{@code
 * @Component(service = Connector.class, property = Connector.FORMAT_PROPERTY + "=jsonl")
 * public final class JsonlConnector extends ConnectorBase implements Connector {
 *     public JsonlConnector() {
 *         super("JSON-lines connector");
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
    private final String name;

    /** @param name the connector as error messages name it, e.g. {@code "CSV connector"} */
    protected ConnectorBase(String name) {
        this.name = name;
    }

    /** See {@link io.zdbc.spi.Connector#importFile}. */
    public final TransferReport importFile(Path source, Database db, String table, TransferOptions options) {
        try {
            return importGuarded(source, db, table, options);
        } catch (LinkageError e) {
            throw ServiceUnavailableException.replaced(name, e);
        }
    }

    /** See {@link io.zdbc.spi.Connector#exportTable}. */
    public final TransferReport exportTable(Database db, String table, Path target, TransferOptions options) {
        try {
            return exportGuarded(db, table, target, options);
        } catch (LinkageError e) {
            throw ServiceUnavailableException.replaced(name, e);
        }
    }

    /** The import, as {@link io.zdbc.spi.Connector#importFile} describes it. */
    protected abstract TransferReport importGuarded(Path source, Database db, String table, TransferOptions options);

    /** The export, as {@link io.zdbc.spi.Connector#exportTable} describes it. */
    protected abstract TransferReport exportGuarded(Database db, String table, Path target, TransferOptions options);
}
