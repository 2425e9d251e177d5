package io.zdbc.spi.connector;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.TableInfo;
import io.zdbc.api.ZdbcException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An import into an existing table appends to it: the file must give every column of the table,
 * and nothing else, each with the table's type. One check, in one wording, for every connector.
 */
@ProviderType
public final class AppendCheck {
    private AppendCheck() {}

    /**
     * For formats whose values take the table's types (text): the table's columns named
     * {@code names}, in that order.
     *
     * @throws ZdbcException naming the table and the column when a name is not the table's, or
     *     when the names leave out one of the table's columns
     */
    public static List<ColumnDef> columnsOf(TableInfo table, List<String> names) {
        List<ColumnDef> defs = new ArrayList<>(names.size());
        for (String n : names) {
            ColumnDef have = table.column(n);
            if (have == null) {
                throw noColumn(table, n);
            }
            defs.add(have);
        }
        requireAll(table, names);
        return defs;
    }

    /**
     * For formats whose columns carry types: {@code columns} must be the table's columns, each with
     * the table's type.
     *
     * @throws ZdbcException naming the table and the column when a column is not the table's, has
     *     another type, or when one of the table's columns is left out
     */
    public static void check(TableInfo table, List<ColumnDef> columns) {
        List<String> names = new ArrayList<>(columns.size());
        for (ColumnDef c : columns) {
            ColumnDef have = table.column(c.name());
            if (have == null) {
                throw noColumn(table, c.name());
            }
            if (have.type() != c.type()) {
                throw new ZdbcException("column '" + c.name() + "' is "
                        + c.type().label() + " in the file but "
                        + have.type().label() + " in table '" + table.name() + "'; an import into an existing table"
                        + " appends to it");
            }
            names.add(c.name());
        }
        requireAll(table, names);
    }

    private static ZdbcException noColumn(TableInfo table, String column) {
        return new ZdbcException("table '" + table.name() + "' has no column '" + column + "' (it has "
                + table.columns() + "); an import into an existing table appends to it");
    }

    private static void requireAll(TableInfo table, List<String> names) {
        Set<String> given = new HashSet<>(names);
        for (ColumnDef t : table.columns()) {
            if (!given.contains(t.name())) {
                throw new ZdbcException("the file gives " + given.size() + " of the "
                        + table.columns().size()
                        + " columns of table '" + table.name() + "' " + table.columns() + ": it lacks '" + t.name()
                        + "'; an append needs all of them");
            }
        }
    }
}
