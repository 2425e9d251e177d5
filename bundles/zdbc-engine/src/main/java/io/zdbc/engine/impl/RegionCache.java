package io.zdbc.engine.impl;

import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.MappedRegion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps one mapping per column file open so that opening a view is a reference count increment,
 * not an mmap. The cache holds one reference on each mapping; a mapping too short for a newer
 * row count (after an append) is replaced, and mappings of files a table no longer uses are
 * dropped. Views keep their own references, so dropping from the cache never invalidates a view.
 */
final class RegionCache {
    private final ColumnIO io;
    private final Map<String, Map<Path, MappedRegion>> byTable = new HashMap<>();
    private boolean closed;

    RegionCache(ColumnIO io) {
        this.io = io;
    }

    /**
     * A mapping of at least {@code length} bytes of {@code file}, with one reference for the caller.
     * A hit is a map lookup and a reference count increment: the common case (an open database
     * reading a table it read before) maps nothing and allocates nothing here.
     */
    synchronized MappedRegion acquire(String table, Path file, long length, List<Path> tableFiles) throws IOException {
        if (closed) {
            return io.map(file, length);
        }
        Map<Path, MappedRegion> regions = byTable.computeIfAbsent(table, t -> new HashMap<>());
        MappedRegion r = regions.get(file);
        if (r == null || r.length() < length) {
            // The table changed (new files, or more rows): drop mappings of files it no longer uses.
            retainOnly(regions, new HashSet<>(tableFiles));
            MappedRegion fresh = io.map(file, length);
            MappedRegion old = regions.put(file, fresh);
            if (old != null) {
                old.release();
            }
            r = fresh;
        }
        r.retain();
        return r;
    }

    private static void retainOnly(Map<Path, MappedRegion> regions, Set<Path> keep) {
        for (Iterator<Map.Entry<Path, MappedRegion>> it = regions.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, MappedRegion> e = it.next();
            if (!keep.contains(e.getKey())) {
                e.getValue().release();
                it.remove();
            }
        }
    }

    /** Drops the cache's mappings of a table (after a drop or rewrite by this process). */
    synchronized void evict(String table) {
        Map<Path, MappedRegion> regions = byTable.remove(table);
        if (regions != null) {
            regions.values().forEach(MappedRegion::release);
        }
    }

    synchronized void close() {
        closed = true;
        for (Map<Path, MappedRegion> regions : byTable.values()) {
            regions.values().forEach(MappedRegion::release);
        }
        byTable.clear();
    }
}
