package io.zdbc.example.jsonl;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.AppendCheck;
import io.zdbc.spi.connector.ConnectorBase;
import io.zdbc.spi.connector.ExportFile;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * JSON lines (<a href="https://jsonlines.org">jsonlines.org</a>, also called NDJSON): one JSON
 * object per line whose values are numbers, strings, booleans or null. An example of a third-party
 * plugin (docs/PLUGINS.md): it uses only zdbc's exported API and SPI packages, and is written like
 * zdbc's own connectors: {@link ConnectorBase} turns a call cut short by an update of this bundle
 * into the retryable error, {@link AppendCheck} checks an append, {@code JsonlBatches} is a
 * {@link io.zdbc.spi.connector.BatchIterator}.
 *
 * <p>Import: the first object's field names are the columns (or {@code --columns}, in that order);
 * types come from the values of the first batch unless {@code --type} names them. Integers and
 * booleans become i64 (true = 1), other numbers f64, strings str (8 bytes, trimmed at a character
 * boundary and counted); null or a missing field is the type's null value (counted), or an error
 * with {@code --strict}. One commit: a bad line anywhere leaves the table as it was, unless
 * {@code --skip-bad-rows} skips (and counts) lines that are not JSON objects or hold a value that
 * does not fit its column. An existing table is appended to (the fields must be its columns).
 *
 * <p>Export: one object per line, {@code {"id":1,"name":"alice","score":9.5}}; f64 NaN and
 * infinities, which JSON cannot express, are written as {@code null}.
 */
@Component(service = Connector.class, property = Connector.FORMAT_PROPERTY + "=jsonl")
public final class JsonlConnector extends ConnectorBase implements Connector {
    /** Rows between progress reports of an export. */
    private static final int PROGRESS_ROWS = 1 << 16;

    private final JsonFactory json =
            new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    public JsonlConnector() {
        super("jsonl", "JSON-lines", "jsonl", "ndjson");
    }

    @Override
    protected TransferReport importGuarded(Path source, Database db, String table, TransferOptions options) {
        long size = sourceSize(source);
        try (Lines lines = new Lines(Files.newInputStream(source))) {
            JsonlRows rows = new JsonlRows(json, lines);
            List<String> fields = rows.first();
            if (fields == null) {
                throw new ZdbcException("empty file: the first line must be a JSON object naming the columns");
            }
            if (fields.isEmpty() && options.columns().isEmpty()) {
                throw new ZdbcException("line 1: the first object has no fields; they name the columns");
            }
            boolean exists = db.exists(table);
            List<String> names = options.columns().isEmpty() ? fields : options.columns();
            List<ColumnDef> defs;
            if (exists) {
                defs = AppendCheck.columnsOf(db.info(table), names);
            } else {
                check(fields, names, options);
                defs = null; // decided from the first batch
            }
            JsonlBatches batches = new JsonlBatches(
                    rows, names, defs, options, () -> options.progress().update(lines.consumed(), size));
            if (exists) {
                db.append(table, batches);
            } else {
                db.write(table, batches.defs(), batches);
            }
            options.progress().update(size, size);
            return batches.report(table);
        } catch (IOException e) {
            throw new ZdbcIOException("reading JSON lines " + source, e);
        } catch (UncheckedIOException e) {
            throw new ZdbcIOException("reading JSON lines " + source, e.getCause());
        } catch (ZdbcException e) {
            throw new ZdbcException(source + ": " + e.getMessage(), e);
        }
    }

    private static void check(List<String> fields, List<String> names, TransferOptions options) {
        for (String n : names) {
            if (!fields.contains(n)) {
                throw new ZdbcException("line 1: no field '" + n + "' in the first object " + fields);
            }
        }
        for (String n : options.types().keySet()) {
            if (!names.contains(n)) {
                throw new ZdbcException("a type is given for '" + n + "', which is not an imported column " + names);
            }
        }
    }

    @Override
    protected TransferReport exportGuarded(Database db, String table, Path target, TransferOptions options) {
        try {
            return ExportFile.write(target, tmp -> {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    return export(db, table, out, options);
                }
            });
        } catch (IOException e) {
            throw new ZdbcIOException("writing JSON lines " + target, e);
        }
    }

    /** Writes the table to {@code out}, one JSON object per line. */
    TransferReport export(Database db, String table, OutputStream out, TransferOptions options) throws IOException {
        try (TableSnapshot snap = options.columns().isEmpty() ? db.read(table) : db.read(table, options.columns());
                JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            List<ColumnView> cols = snap.columns();
            long n = snap.rows();
            for (long row = 0; row < n; row++) {
                g.writeStartObject();
                for (ColumnView c : cols) {
                    g.writeFieldName(c.name());
                    switch (c.type()) {
                        case I64:
                            g.writeNumber(c.getLong(row));
                            break;
                        case F64:
                            double d = c.getDouble(row);
                            if (Double.isFinite(d)) {
                                g.writeNumber(d);
                            } else {
                                g.writeNull();
                            }
                            break;
                        default:
                            g.writeString(c.getString(row));
                    }
                }
                g.writeEndObject();
                g.writeRaw('\n');
                if ((row + 1) % PROGRESS_ROWS == 0) {
                    options.progress().update(row + 1, n);
                }
            }
            g.flush();
            options.progress().update(n, n);
            return new TransferReport(table, n, 0, 0, 0);
        }
    }
}
