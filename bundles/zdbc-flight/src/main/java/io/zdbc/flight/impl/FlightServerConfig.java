package io.zdbc.flight.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Arrow Flight server (PID {@value #PID}). */
@ObjectClassDefinition(
        name = "zdbc Arrow Flight server",
        description = "Serves the Database services over Arrow Flight and Flight SQL.")
public @interface FlightServerConfig {
    String PID = "io.zdbc.flight";

    @AttributeDefinition(description = "Address to listen on; loopback unless clients on other hosts must connect.")
    String host() default ServerSettings.DEFAULT_HOST;

    @AttributeDefinition(min = "0", max = "65535", description = "TCP port; 0 picks a free one.")
    int port() default ServerSettings.DEFAULT_PORT;

    @AttributeDefinition(
            description = "Names (the services' name property) of the databases to serve, in the"
                    + " order table names are looked up; empty: every Database service.")
    String[] databases() default {};

    @AttributeDefinition(
            name = "Concurrent streams",
            min = "1",
            description = "DoGet and DoPut calls running at once; more are refused as RESOURCE_EXHAUSTED.")
    int max_streams() default 64;

    @AttributeDefinition(name = "Batch rows", min = "1", description = "Most rows in one record batch.")
    int batch_rows() default 65_536;

    @AttributeDefinition(
            name = "Batch bytes",
            min = "64",
            description = "Most value bytes in one record batch (gRPC clients accept 4 MB messages by default).")
    long batch_bytes() default 2L << 20;
}
