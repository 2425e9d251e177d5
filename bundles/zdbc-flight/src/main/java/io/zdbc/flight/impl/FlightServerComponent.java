package io.zdbc.flight.impl;

import io.zdbc.api.Database;
import io.zdbc.flight.FlightEndpoint;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Flight server as a DS component: configured through Config Admin (PID
 * {@value FlightServerConfig#PID}), serving the {@link Database} services (each named by its
 * {@code name} property). A change of configuration or of the database services restarts it; it
 * is registered as a {@link FlightEndpoint} while it listens. Immediate: a delayed component would
 * listen only while some bundle held the endpoint service.
 */
@Component(
        service = FlightEndpoint.class,
        immediate = true,
        configurationPid = FlightServerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FlightServerConfig.class)
public final class FlightServerComponent implements FlightEndpoint {
    private final ZdbcFlightServer server;

    @Activate
    public FlightServerComponent(
            BundleContext context,
            FlightServerConfig config,
            @Reference(service = Database.class, policyOption = ReferencePolicyOption.GREEDY)
                    List<Map.Entry<Map<String, Object>, Database>> databases) {
        ServerSettings settings = new ServerSettings(
                config.host(), config.port(), config.max_streams(), config.batch_rows(), config.batch_bytes());
        FlightSecurity security = securityOptions(config).build(o -> FlightServerConfig.PID + " " + property(o));
        this.server = ZdbcFlightServer.start(
                served(config.databases(), databases),
                settings,
                security,
                context.getBundle().getVersion().toString());
    }

    /** The databases the configuration names, in its order, or every one in service order. */
    static Map<String, Database> served(String[] names, List<Map.Entry<Map<String, Object>, Database>> services) {
        Map<String, Database> byName = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, Database> e : services) {
            Object name = e.getKey().get("name");
            String n = name != null
                    ? name.toString()
                    : e.getValue().registry().getFileName().toString();
            byName.putIfAbsent(n, e.getValue());
        }
        if (names.length == 0) {
            return byName;
        }
        Map<String, Database> chosen = new LinkedHashMap<>();
        for (String n : names) {
            Database db = byName.get(n);
            if (db == null) {
                throw new IllegalArgumentException("the Flight server is configured to serve database '" + n
                        + "', but no Database service has that name (there are: " + byName.keySet() + ")");
            }
            chosen.put(n, db);
        }
        return chosen;
    }

    /** The options as {@link FlightSecurity} takes them. */
    static FlightSecurity.Options securityOptions(FlightServerConfig c) {
        FlightSecurity.Options o = new FlightSecurity.Options();
        o.user = c.auth_user();
        o.passwordFile = c.auth_password_file();
        o.passwordEnv = c.auth_password_env();
        o.tokenFile = c.auth_token_file();
        o.tokenEnv = c.auth_token_env();
        o.allowNoAuth = c.allow_no_auth();
        o.tlsCert = c.tls_cert();
        o.tlsKey = c.tls_key();
        return o;
    }

    /** A command-line option's configuration name ({@code password-file}: {@code auth_password_file}). */
    static String property(String option) {
        String p = option.replace('-', '_');
        return p.startsWith("tls_") || p.startsWith("allow_") ? p : "auth_" + p;
    }

    @Deactivate
    void deactivate() {
        server.close();
    }

    @Override
    public URI location() {
        return server.location();
    }

    @Override
    public List<String> databases() {
        return server.databases();
    }

    @Override
    public String toString() {
        return server.toString();
    }
}
