/**
 * The zdbc embedding API: open a database, create, write, append, drop and read tables as zero-copy
 * column views.
 *
 * <p>Everything here is implemented by zdbc itself ({@code @ProviderType}); applications only call it.
 * Exceptions are unchecked and all extend {@link io.zdbc.api.ZdbcException}.
 */
@Export
@Version("1.1.0")
package io.zdbc.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
