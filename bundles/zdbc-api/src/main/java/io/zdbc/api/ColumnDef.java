package io.zdbc.api;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/** A column's name and type, as recorded in a table's schema. */
@ProviderType
public record ColumnDef(String name, ColumnType type) {
    public ColumnDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static ColumnDef of(String name, ColumnType type) {
        return new ColumnDef(name, type);
    }

    /** Parses the CLI form {@code name:type}, e.g. {@code price:f64}. */
    public static ColumnDef parse(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException(
                    "column spec '" + spec + "' must look like name:i64, name:f64 or name:str");
        }
        return new ColumnDef(spec.substring(0, colon), ColumnType.parse(spec.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return name + ":" + type.label();
    }
}
