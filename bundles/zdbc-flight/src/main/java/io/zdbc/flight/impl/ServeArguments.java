package io.zdbc.flight.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code zdbc serve <db>... [--host H] [--port P]}. */
record ServeArguments(List<Path> databases, String host, int port) {
    static final String USAGE = "usage: zdbc serve <db>... [--host H] [--port P]\n"
            + "Serves the databases (registry file paths) over Arrow Flight and Flight SQL until interrupted.\n"
            + "  --host H   address to listen on (default " + ServerSettings.DEFAULT_HOST + ")\n"
            + "  --port P   TCP port (default " + ServerSettings.DEFAULT_PORT + "; 0 picks a free one)";

    /** Parses the arguments after {@code serve}. @throws IllegalArgumentException saying what is wrong */
    static ServeArguments parse(List<String> args) {
        List<Path> dbs = new ArrayList<>();
        String host = ServerSettings.DEFAULT_HOST;
        int port = ServerSettings.DEFAULT_PORT;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--host") || a.equals("--port")) {
                if (i + 1 == args.size()) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args.get(++i);
                if (a.equals("--host")) {
                    host = v;
                } else {
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port must be a number, not '" + v + "'");
                    }
                }
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a);
            } else {
                dbs.add(Path.of(a));
            }
        }
        if (dbs.isEmpty()) {
            throw new IllegalArgumentException("name at least one database to serve");
        }
        return new ServeArguments(dbs, host, port);
    }
}
