package io.zdbc.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What {@link Database#verify()} found: one line per problem; none means consistent. */
@ProviderType
public record VerifyReport(int tablesChecked, List<String> problems, List<String> notes) {
    public VerifyReport {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
