package io.zdbc.api.query;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/** Static entry points of the DSL: {@code import static io.zdbc.api.query.Expressions.col;}. */
@ProviderType
public final class Expressions {
    private Expressions() {}

    public static Column col(String name) {
        return new Column(Objects.requireNonNull(name, "column name"));
    }

    /** Normalizes a constant: integers to Long, floats to Double, text to String. */
    static Object literal(Object v) {
        if (v instanceof Long || v instanceof Double || v instanceof String) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        if (v instanceof Character) {
            return v.toString();
        }
        throw new IllegalArgumentException("unsupported constant " + v
                + (v == null ? "" : " of " + v.getClass().getSimpleName()) + ": use a number or a string");
    }

    static String show(Object v) {
        return v instanceof String ? "'" + ((String) v).replace("'", "''") + "'" : String.valueOf(v);
    }
}
