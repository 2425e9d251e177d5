package io.zdbc.cli;

import io.zdbc.api.Database;
import io.zdbc.api.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        description = {
            "Check every table against its schema, its column files and its commit record.",
            "First finishes a write that a crashed writer left pending, unless --read-only.",
            "Exits 0 when consistent, 1 with a report when not."
        })
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<db>")
    Path db;

    @Option(names = "--read-only", description = "Change nothing, not even to recover an interrupted write.")
    boolean readOnly;

    @Mixin
    DbOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Database d = options.open(db, readOnly)) {
            VerifyReport r = d.verify();
            PrintWriter out = spec.commandLine().getOut();
            for (String n : r.notes()) {
                out.println("note: " + n);
            }
            for (String p : r.problems()) {
                out.println("problem: " + p);
            }
            out.println(db + ": " + r.tablesChecked() + " tables checked, "
                    + r.problems().size() + " problems");
            return r.ok() ? 0 : 1;
        }
    }
}
