package io.zdbc.cli;

import io.zdbc.api.Database;
import io.zdbc.api.query.LazyResult;
import io.zdbc.csv.CsvOutput;
import io.zdbc.sql.Sql;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "sql",
        description = {
            "Run a SELECT and print the result as CSV with a header row; NULL (e.g. the sum of no rows)",
            "prints as NULL, a text 'NULL' as \"NULL\".",
            "Supported: columns or *, sum/min/max/avg/count(*)/vwap(price, volume) with AS, WHERE with",
            "AND/OR/NOT, =, !=, <, <=, >, >=, IN, BETWEEN, GROUP BY, ORDER BY one column, LIMIT.",
            "Quote table names with '/' or '.': SELECT * FROM \"data/players\"."
        })
final class SqlCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "<db>", description = "Registry file of the database.")
    Path db;

    @Parameters(index = "1", paramLabel = "<query>", description = "The SELECT statement (one argument: quote it).")
    String query;

    @Option(names = "--explain", description = "Print the plan instead of running the query.")
    boolean explain;

    @Mixin
    DbOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        try (Database d = options.open(db, true)) {
            LazyResult r = Sql.query(d, query);
            if (explain) {
                spec.commandLine().getOut().print(r.explain());
                spec.commandLine().getOut().flush();
                return;
            }
            CsvOutput.write(r.collect(), spec.commandLine().getOut(), "NULL");
        }
    }
}
