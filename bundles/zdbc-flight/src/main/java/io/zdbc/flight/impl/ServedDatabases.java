package io.zdbc.flight.impl;

import io.zdbc.api.Database;
import io.zdbc.api.ZdbcException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The databases a server serves, by name, in lookup order. A table is named by its name alone
 * (the first database holding it) or by {@code [database, table]}; Flight SQL calls a database a
 * catalog.
 */
final class ServedDatabases {
    /** A table and the database that holds it. */
    record Located(String database, Database db, String table) {}

    private final Map<String, Database> byName;

    ServedDatabases(Map<String, Database> byName) {
        if (byName.isEmpty()) {
            throw new ZdbcException("the Flight server has no database to serve");
        }
        this.byName = new LinkedHashMap<>(byName);
    }

    List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    boolean single() {
        return byName.size() == 1;
    }

    /** The database of that name. @throws UnknownDatabaseException if none is served */
    Database database(String name) {
        Database db = byName.get(name);
        if (db == null) {
            throw new UnknownDatabaseException(
                    "no database '" + name + "' is served here (served: " + String.join(", ", byName.keySet()) + ")");
        }
        return db;
    }

    /** The first database holding {@code table}, or the first database if none does. */
    Located find(String table) {
        for (Map.Entry<String, Database> e : byName.entrySet()) {
            if (e.getValue().exists(table)) {
                return new Located(e.getKey(), e.getValue(), table);
            }
        }
        Map.Entry<String, Database> first = byName.entrySet().iterator().next();
        return new Located(first.getKey(), first.getValue(), table);
    }

    /** A descriptor path: {@code [table]} or {@code [database, table]}. */
    Located locate(List<String> path) {
        if (path.size() == 1) {
            return find(path.get(0));
        }
        if (path.size() == 2) {
            return new Located(path.get(0), database(path.get(0)), path.get(1));
        }
        throw new IllegalArgumentException("a Flight path names a table as [table] or [database, table], not " + path);
    }

    /** Every served table's path: {@code [table]} when one database is served, else {@code [database, table]}. */
    List<Located> tables() {
        List<Located> all = new ArrayList<>();
        for (Map.Entry<String, Database> e : byName.entrySet()) {
            for (String t : e.getValue().tables()) {
                all.add(new Located(e.getKey(), e.getValue(), t));
            }
        }
        return all;
    }

    List<String> path(Located t) {
        return single() ? List.of(t.table()) : List.of(t.database(), t.table());
    }

    /** A database name no served database has. */
    static final class UnknownDatabaseException extends ZdbcException {
        private static final long serialVersionUID = 1L;

        UnknownDatabaseException(String message) {
            super(message);
        }
    }
}
