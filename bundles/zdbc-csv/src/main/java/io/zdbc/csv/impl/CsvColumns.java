package io.zdbc.csv.impl;

import de.siegmar.fastcsv.reader.CsvRecord;
import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.ZdbcException;
import io.zdbc.spi.connector.AppendCheck;
import io.zdbc.spi.connector.TransferOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** The columns a CSV import writes: checked header, chosen columns, types given or inferred from a sample. */
final class CsvColumns {
    /** Rows read before column types are decided. */
    static final int INFERENCE_ROWS = 10_000;

    private CsvColumns() {}

    /** The existing table's columns (an append), or the header's with inferred types. */
    static List<ColumnDef> of(
            Database db, String table, List<String> header, List<CsvRecord> sample, TransferOptions options) {
        checkHeader(header);
        return db.exists(table) ? AppendCheck.columnsOf(db.info(table), header) : infer(header, sample, options);
    }

    /** Appends to the existing table or writes the new one: one commit either way. */
    static void store(Database db, String table, boolean exists, List<ColumnDef> defs, Iterator<Batch> batches) {
        if (exists) {
            db.append(table, batches);
        } else {
            db.write(table, defs, batches);
        }
    }

    static void checkHeader(List<String> header) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (h.isEmpty()) {
                throw new ZdbcException("line 1: header field " + (i + 1) + " is empty; every column needs a name");
            }
            if (!seen.add(h)) {
                throw new ZdbcException("line 1: column '" + h + "' appears twice in the header");
            }
        }
    }

    /** For each imported column, its field index in the file. */
    static int[] fieldIndexes(List<String> header, List<ColumnDef> defs) {
        int[] idx = new int[defs.size()];
        for (int i = 0; i < defs.size(); i++) {
            idx[i] = header.indexOf(defs.get(i).name());
        }
        return idx;
    }

    /** The columns to import: all, or those of --columns in that order; types inferred unless given. */
    private static List<ColumnDef> infer(List<String> header, List<CsvRecord> sample, TransferOptions options) {
        List<String> names = options.columns().isEmpty() ? header : options.columns();
        for (String n : names) {
            if (!header.contains(n)) {
                throw new ZdbcException("line 1: no column '" + n + "' in the header " + header);
            }
        }
        for (String n : options.types().keySet()) {
            if (!header.contains(n)) {
                throw new ZdbcException(
                        "line 1: a type is given for column '" + n + "', which is not in the header " + header);
            }
        }
        List<ColumnDef> defs = new ArrayList<>();
        for (String name : names) {
            ColumnType forced = options.types().get(name);
            if (forced != null) {
                defs.add(new ColumnDef(name, forced));
                continue;
            }
            int i = header.indexOf(name);
            List<String> values = new ArrayList<>(sample.size());
            for (CsvRecord r : sample) {
                if (r.getFieldCount() == header.size()) {
                    values.add(r.getField(i));
                }
            }
            defs.add(new ColumnDef(name, ValueParser.infer(values)));
        }
        return defs;
    }
}
