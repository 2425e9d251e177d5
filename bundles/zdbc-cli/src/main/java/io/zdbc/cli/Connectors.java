package io.zdbc.cli;

import io.zdbc.spi.Connector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Finds the connector for a file by --format or by the file's extension. */
final class Connectors {
    private Connectors() {}

    static List<Connector> all() {
        return Services.connectors();
    }

    static Connector choose(Path file, String format) {
        List<Connector> all = all();
        String wanted = format;
        if (wanted == null) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                throw new IllegalArgumentException(
                        "cannot tell the format of '" + file + "' from its name; use --format");
            }
            String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
            for (Connector c : all) {
                if (c.extensions().contains(ext)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no connector for '." + ext + "' files (available: " + names(all) + ")");
        }
        for (Connector c : all) {
            if (c.format().equalsIgnoreCase(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown format '" + wanted + "' (available: " + names(all) + ")");
    }

    private static List<String> names(List<Connector> all) {
        List<String> n = new ArrayList<>();
        for (Connector c : all) {
            n.add(c.format());
        }
        return n;
    }
}
