/**
 * The zdbc embedding API: open a database, create, write, append, drop and read tables as zero-copy
 * column views.
 *
 * <p>Everything here is implemented by zdbc itself ({@code @ProviderType}); applications only call it,
 * except {@link io.zdbc.api.Progress}, the callback they pass to long operations. Exceptions are
 * unchecked and all extend {@link io.zdbc.api.ZdbcException}.
 */
@Export
@Version("2.0.0")
package io.zdbc.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
