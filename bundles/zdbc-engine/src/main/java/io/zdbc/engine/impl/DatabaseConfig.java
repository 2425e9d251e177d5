package io.zdbc.engine.impl;

import io.zdbc.api.Durability;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One database opened by configuration: a factory configuration of PID {@code io.zdbc.database}
 * per database. Each is registered as a {@link io.zdbc.api.Database} service with these
 * properties, so consumers can select one with a filter such as {@code (name=trades)}.
 */
@ObjectClassDefinition(
        name = "zdbc database",
        description = "A zdbc database opened from configuration and registered as a Database service.")
public @interface DatabaseConfig {
    String FACTORY_PID = "io.zdbc.database";

    @AttributeDefinition(description = "Name consumers select the database by, e.g. (name=trades).")
    String name();

    @AttributeDefinition(description = "Path of the registry file; the data directory is <path>dir beside it.")
    String path();

    @AttributeDefinition(description = "DURABLE (every commit fsynced) or FAST (atomic against process crashes only).")
    Durability durability() default Durability.DURABLE;

    @AttributeDefinition(name = "Read-only", description = "Open without taking the writer lock; writes fail.")
    boolean readOnly() default false;

    @AttributeDefinition(name = "Create if missing")
    boolean createIfMissing() default true;

    @AttributeDefinition(
            name = "Lock timeout (ms)",
            min = "0",
            description = "How long a write waits for another writer (thread or process) to finish.")
    long lockTimeoutMillis() default 10_000;
}
