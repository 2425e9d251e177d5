/**
 * The service interfaces the zdbc bundles implement and third parties may implement too: the
 * storage format ({@link io.zdbc.spi.StorageFormat}, with the {@link io.zdbc.spi.Storage} and
 * {@link io.zdbc.spi.MappedRegion} it hands out), column I/O ({@link io.zdbc.spi.ColumnIO}),
 * kernels ({@link io.zdbc.spi.Kernels}) and import/export connectors
 * ({@link io.zdbc.spi.Connector}). Each is registered as an OSGi service (and listed in
 * {@code META-INF/services} for plain-Java use). The values and helpers they take and return are in
 * {@link io.zdbc.spi.kernel} and {@link io.zdbc.spi.connector}, which never refer back here.
 */
@Export
@Version("2.0.0")
package io.zdbc.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
