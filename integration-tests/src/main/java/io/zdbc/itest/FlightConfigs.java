package io.zdbc.itest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** A database and a Flight server that serves it, configured through Config Admin as an operator would. */
record FlightConfigs(Configuration database, Configuration server) {
    /** Configures database {@code name} at {@code path} and a Flight server for it on {@code port} (0: any). */
    static FlightConfigs create(ConfigurationAdmin admin, String name, Path path, int port) throws IOException {
        Configuration db = admin.createFactoryConfiguration("io.zdbc.database", "?");
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("name", name);
        d.put("path", path.toString());
        db.update(d);
        Configuration server = admin.getConfiguration("io.zdbc.flight", "?");
        Dictionary<String, Object> s = new Hashtable<>();
        s.put("port", port);
        s.put("databases", new String[] {name});
        server.update(s);
        return new FlightConfigs(db, server);
    }
}
