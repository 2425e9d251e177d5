package io.zdbc.cli;

import io.zdbc.api.DatabaseService;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.Connector;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where the commands get the database service and the connectors: from the OSGi service registry
 * when the CLI runs inside a framework (the bundle's component installs a {@link Lookup} that
 * tracks services), from the class path ({@link ServiceLoader}, {@link Zdbc}) otherwise. Only this
 * class decides; no command touches OSGi or ServiceLoader itself, and plain-Java runs never load an
 * OSGi class.
 */
public final class Services {
    /** A source of services. */
    public interface Lookup {
        /** The database service, waiting for it a bounded time; a ZdbcException naming it if none comes. */
        DatabaseService databases();

        /** The connectors available now. */
        List<Connector> connectors();
    }

    /** Plain Java: everything on the class path. */
    static final Lookup CLASS_PATH = new Lookup() {
        @Override
        public DatabaseService databases() {
            return Zdbc.service();
        }

        @Override
        public List<Connector> connectors() {
            List<Connector> list = new ArrayList<>();
            ServiceLoader.load(Connector.class, Services.class.getClassLoader()).forEach(list::add);
            return list;
        }
    };

    private static volatile Lookup lookup = CLASS_PATH;

    private Services() {}

    /** Makes the commands use {@code l} (the OSGi component calls this when it activates). */
    public static void use(Lookup l) {
        lookup = l;
    }

    /** Back to the class path, if {@code l} is still the one in use (the component deactivating). */
    public static void release(Lookup l) {
        synchronized (Services.class) {
            if (lookup == l) {
                lookup = CLASS_PATH;
            }
        }
    }

    static DatabaseService databases() {
        return lookup.databases();
    }

    static List<Connector> connectors() {
        return lookup.connectors();
    }
}
