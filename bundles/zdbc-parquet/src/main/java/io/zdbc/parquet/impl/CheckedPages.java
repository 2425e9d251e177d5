package io.zdbc.parquet.impl;

import io.zdbc.api.ZdbcException;
import java.util.Optional;
import java.util.PrimitiveIterator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;

/**
 * A row group's pages, with each dictionary page checked before parquet-java decodes it: its
 * declared value count sizes the arrays the dictionary is decoded into, and every plain-encoded
 * dictionary value takes at least one byte of the (already decompressed) page.
 */
final class CheckedPages implements PageReadStore {
    private final PageReadStore pages;
    private final String where;

    CheckedPages(PageReadStore pages, String where) {
        this.pages = pages;
        this.where = where;
    }

    @Override
    public PageReader getPageReader(ColumnDescriptor column) {
        PageReader r = pages.getPageReader(column);
        return new PageReader() {
            @Override
            public DictionaryPage readDictionaryPage() {
                DictionaryPage d = r.readDictionaryPage();
                if (d != null
                        && (d.getDictionarySize() < 0
                                || d.getDictionarySize() > d.getBytes().size())) {
                    throw new ZdbcException(where + ", column '" + String.join(".", column.getPath())
                            + "': the dictionary page declares " + d.getDictionarySize() + " values in "
                            + d.getBytes().size() + " bytes (corrupt file)");
                }
                return d;
            }

            @Override
            public long getTotalValueCount() {
                return r.getTotalValueCount();
            }

            @Override
            public DataPage readPage() {
                return r.readPage();
            }
        };
    }

    @Override
    public long getRowCount() {
        return pages.getRowCount();
    }

    @Override
    public Optional<Long> getRowIndexOffset() {
        return pages.getRowIndexOffset();
    }

    @Override
    public Optional<PrimitiveIterator.OfLong> getRowIndexes() {
        return pages.getRowIndexes();
    }

    @Override
    public void close() {
        pages.close();
    }
}
