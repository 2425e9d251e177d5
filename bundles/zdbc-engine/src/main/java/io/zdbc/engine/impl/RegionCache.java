package io.zdbc.engine.impl;

import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.MappedRegion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
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

    /** A mapping of at least {@code length} bytes of {@code file}, with one reference for the caller. */
    synchronized MappedRegion acquire(String table, Path file, long length, Set<Path> tableFiles) throws IOException {
        if (closed) {
            MappedRegion r = io.map(file, length);
            return r;
        }
        Map<Path, MappedRegion> regions = byTable.computeIfAbsent(table, t -> new HashMap<>());
        retainOnly(regions, tableFiles);
        MappedRegion r = regions.get(file);
        if (r == null || r.length() < length) {
            MappedRegion fresh = io.map(file, length);
            if (r != null) {
                r.release();
            }
            regions.put(file, fresh);
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
