package io.zdbc.format.impl;

import io.zdbc.api.OpenOptions;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Storage;
import io.zdbc.spi.StorageFormat;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;

/** The {@code zdbc} storage format as a service (and a {@code ServiceLoader} provider outside OSGi). */
@Component(
        service = StorageFormat.class,
        property = {StorageFormat.FORMAT_PROPERTY + "=zdbc", "service.ranking:Integer=0"})
public final class ZdbcStorageFormat implements StorageFormat {
    public static final String NAME = "zdbc";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Storage open(Path registry, OpenOptions options, ColumnIO io) {
        return ZdbcStorage.open(registry, options, io, FileOps.DEFAULT);
    }
}
