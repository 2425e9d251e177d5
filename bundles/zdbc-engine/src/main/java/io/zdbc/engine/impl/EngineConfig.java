package io.zdbc.engine.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the zdbc engine (PID {@code io.zdbc.engine}). */
@ObjectClassDefinition(
        name = "zdbc engine",
        description = "How the zdbc engine behaves while its service bundles are replaced.")
public @interface EngineConfig {
    String PID = "io.zdbc.engine";

    @AttributeDefinition(
            name = "Service wait (ms)",
            min = "0",
            description = "How long an operation waits for a storage format or column I/O service that is being"
                    + " replaced (bundle stopped or updated) before failing with a retryable"
                    + " ServiceUnavailableException.")
    long serviceWaitMillis() default 10_000;
}
