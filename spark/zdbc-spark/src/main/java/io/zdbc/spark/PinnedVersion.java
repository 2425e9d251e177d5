package io.zdbc.spark;

import io.zdbc.api.Database;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableSnapshot;
import io.zdbc.engine.query.VersionIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The version a scan reads, fixed when the scan is planned, and the check each task makes that it
 * still reads exactly that version's rows.
 */
final class PinnedVersion {
    private PinnedVersion() {}

    /** The names of the snapshot's column files (their names carry the generation), or null. */
    static List<String> identity(TableSnapshot s) {
        if (!(s instanceof VersionIdentity)) {
            return null;
        }
        Object files = ((VersionIdentity) s).versionIdentity();
        if (!(files instanceof List)) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Object f : (List<?>) files) {
            names.add(f instanceof Path ? ((Path) f).getFileName().toString() : String.valueOf(f));
        }
        return names;
    }

    /**
     * A snapshot holding the pinned version's rows {@code [0, versionRows)} of these columns: the
     * pinned version itself, or a later append to its generation, whose first rows are the pinned
     * version's unchanged bytes (docs/PROTOCOL.md, "Readers").
     *
     * @throws TableChangedException if the pinned rows can no longer be read
     */
    static TableSnapshot open(ZdbcPartition p) {
        ZdbcOptions o = p.options();
        Database db = Databases.readOnly(o.registry());
        TableSnapshot s;
        try {
            s = db.read(o.table(), columnsToOpen(p));
        } catch (NoSuchTableException e) {
            throw new TableChangedException(o.table(), p.version(), "dropped");
        }
        if (s.version() == p.version() && s.rows() == p.versionRows()) {
            return s;
        }
        List<String> now = identity(s);
        boolean appendedOnly = p.version() != 0
                && p.identity() != null
                && p.identity().equals(now)
                && s.version() > p.version()
                && s.rows() >= p.versionRows();
        if (!appendedOnly) {
            long v = s.version();
            s.close();
            throw new TableChangedException(o.table(), p.version(), "version " + v);
        }
        return s;
    }

    static List<String> columnsToOpen(ZdbcPartition p) {
        List<String> cols = new ArrayList<>(p.columns());
        if (p.filter() != null) {
            for (String c : PushedFilter.columnsOf(p.filter())) {
                if (!cols.contains(c)) {
                    cols.add(c);
                }
            }
        }
        return cols;
    }
}
