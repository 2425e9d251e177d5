package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;

import io.zdbc.api.Durability;
import io.zdbc.format.impl.FaultInjectionTest.Action;
import io.zdbc.format.impl.FaultInjectionTest.Scenario;
import io.zdbc.format.impl.FaultInjectionTest.Setup;
import io.zdbc.format.impl.HandBuilt.Table;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes {@link PowerLossTest} cuts the power in: every scenario of {@link FaultInjectionTest}
 * (create, replace, append and drop of new, committed, legacy and nested tables), a history of
 * several commits to one table (so that a cut can lose an acknowledged one), the first write to a
 * database that does not exist yet, and streaming writes
 * of several batches; each in DURABLE and in FAST mode.
 */
final class PowerLossWorkloads {
    private PowerLossWorkloads() {}

    record Step(String name, Action action) {}

    /**
     * A setup (taken as durable), then the steps, each one write to {@code table}; {@code versions}
     * has the table before the first step and after each (null: absent).
     */
    record Workload(String name, Durability mode, Setup setup, String table, List<Step> steps, List<Table> versions) {
        @Override
        public String toString() {
            return name + ", " + mode;
        }

        /** Whether the database holds table "other", which no step writes. */
        boolean hasOther() {
            return setup != NEW_DATABASE;
        }
    }

    /** No database yet: the first open creates the registry and zdbc's directories. */
    static final Setup NEW_DATABASE = reg -> Files.createDirectories(reg.getParent());

    static final Table V2_MORE = table("t", 1, i64("id", 50), str("label", "v"));

    static List<Workload> all() {
        List<Workload> out = new ArrayList<>();
        for (Durability mode : Durability.values()) {
            for (Scenario sc : FaultInjectionTest.scenarios()) {
                out.add(new Workload(
                        sc.name(),
                        mode,
                        sc.setup(),
                        sc.table(),
                        List.of(new Step(sc.name(), sc.action())),
                        versions(sc.before(), sc.after())));
            }
            out.add(history(mode));
            out.add(new Workload(
                    "new database",
                    mode,
                    NEW_DATABASE,
                    "t",
                    List.of(new Step("replace (new)", s -> s.replace("t", Db.batch(FaultInjectionTest.V1)))),
                    versions(null, FaultInjectionTest.V1)));
            out.add(streaming(mode));
        }
        return out;
    }

    private static List<Table> versions(Table... v) {
        List<Table> out = new ArrayList<>();
        for (Table t : v) {
            out.add(t);
        }
        return out;
    }

    /** Create, append, replace with other columns, append, drop, create again: six acknowledged commits. */
    private static Workload history(Durability mode) {
        Table v1 = FaultInjectionTest.V1;
        Table more = FaultInjectionTest.MORE;
        Table v2 = FaultInjectionTest.V2;
        return new Workload(
                "history of one table",
                mode,
                FaultInjectionTest.ONLY_OTHER,
                "t",
                List.of(
                        new Step("replace (new)", s -> s.replace("t", Db.batch(v1))),
                        new Step("append", s -> s.append("t", Db.batch(more))),
                        new Step("replace", s -> s.replace("t", Db.batch(v2))),
                        new Step("append", s -> s.append("t", Db.batch(V2_MORE))),
                        new Step("drop", s -> s.drop("t")),
                        new Step("create", s -> s.create("t", Db.defs(v1)))),
                versions(null, v1, v1.plus(more), v2, v2.plus(V2_MORE), null, FaultInjectionTest.EMPTY));
    }

    /** A write and an append of several batches each, as an import makes them. */
    private static Workload streaming(Durability mode) {
        Table v1 = FaultInjectionTest.V1;
        Table more = FaultInjectionTest.MORE;
        Table all = v1.plus(more);
        return new Workload(
                "streaming write and append",
                mode,
                FaultInjectionTest.ONLY_OTHER,
                "t",
                List.of(
                        new Step(
                                "streaming replace",
                                s -> s.replace(
                                        "t",
                                        Db.defs(v1),
                                        List.of(Db.batch(v1), Db.batch(more)).iterator())),
                        new Step(
                                "streaming append",
                                s -> s.append(
                                        "t",
                                        List.of(Db.batch(more), Db.batch(v1)).iterator()))),
                versions(null, all, all.plus(more).plus(v1)));
    }
}
