package io.zdbc.engine.impl;

import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.OpenOptions;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.StorageFormat;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Opens databases with the highest-ranked storage format and column I/O services. */
@Component(service = DatabaseService.class)
public final class DatabaseServiceImpl implements DatabaseService {
    private final StorageFormat format;
    private final ColumnIO io;

    @Activate
    public DatabaseServiceImpl(@Reference StorageFormat format, @Reference ColumnIO io) {
        this.format = format;
        this.io = io;
    }

    @Override
    public Database open(Path registry, OpenOptions options) {
        return new ZdbcDatabase(format.open(registry, options, io), io);
    }
}
