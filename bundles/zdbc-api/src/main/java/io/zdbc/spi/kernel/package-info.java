/**
 * What {@link io.zdbc.spi.Kernels} work on: column memory, row selections, and the conditions and
 * aggregates of a fused filter-aggregate. Provided by zdbc; a kernels plugin only uses them.
 */
@Export
@Version("1.0.0")
package io.zdbc.spi.kernel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
