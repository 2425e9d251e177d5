/**
 * What a {@link io.zdbc.spi.Connector} is given and returns, and the pieces every connector shares:
 * column buffers for the batches of an import, the atomic export file, the append check, the guard
 * against a replaced bundle and the batch iterator (docs/PLUGINS.md). Provided by zdbc.
 */
@Export
@Version("1.1.0")
package io.zdbc.spi.connector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
