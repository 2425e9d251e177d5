package io.zdbc.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.zdbc.benchdata.PlayersTable;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * CSV through FastCSV 4.4.0: header + one record per row ({@code Long.toString},
 * {@code Double.toString}, which round-trips exactly); read back record by record, parsing only
 * the requested fields ({@code Long.parseLong}/{@code Double.parseDouble}) into arrays that grow
 * as rows come (a CSV file does not know its row count).
 */
final class CsvFormat implements Format {
    static final String FILE = "players.csv";

    @Override
    public String name() {
        return "CSV";
    }

    @Override
    public String id() {
        return "csv";
    }

    @Override
    public String method() {
        return "FastCSV 4.4.0 CsvWriter/CsvReader; parse = Long.parseLong/Double.parseDouble of the requested fields";
    }

    @Override
    public boolean loadIsMaterialize() {
        return true;
    }

    @Override
    public void write(PlayersTable d, Path dir) throws Exception {
        try (CsvWriter w = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(dir.resolve(FILE))) {
            w.writeRecord(PlayersTable.COLUMNS);
            String[] rec = new String[5];
            for (int i = 0; i < d.rows; i++) {
                rec[0] = Long.toString(d.id[i]);
                rec[1] = d.name[i];
                rec[2] = Double.toString(d.score[i]);
                rec[3] = Long.toString(d.active[i]);
                rec[4] = d.category[i];
                w.writeRecord(rec);
            }
        }
    }

    /** Growable columns; {@link #trim} gives exact-length arrays. */
    private static final class Cols {
        final int[] field;
        final Object[] arrays;
        int rows;

        Cols(List<String> header, List<String> columns) {
            field = new int[columns.size()];
            arrays = new Object[columns.size()];
            for (int i = 0; i < field.length; i++) {
                String c = columns.get(i);
                field[i] = header.indexOf(c);
                if (field[i] < 0) {
                    throw new BenchFailure("CSV header has no column " + c);
                }
                arrays[i] = c.equals("score")
                        ? new double[1024]
                        : c.equals("name") || c.equals("category") ? new String[1024] : new long[1024];
            }
        }

        void add(CsvRecord r) {
            if (rows == Array.getLength(arrays[0])) {
                for (int i = 0; i < arrays.length; i++) {
                    Object a = arrays[i];
                    int n = rows * 2;
                    arrays[i] = a instanceof long[]
                            ? Arrays.copyOf((long[]) a, n)
                            : a instanceof double[] ? Arrays.copyOf((double[]) a, n) : Arrays.copyOf((String[]) a, n);
                }
            }
            for (int i = 0; i < arrays.length; i++) {
                Object a = arrays[i];
                String f = r.getField(field[i]);
                if (a instanceof long[]) {
                    ((long[]) a)[rows] = Long.parseLong(f);
                } else if (a instanceof double[]) {
                    ((double[]) a)[rows] = Double.parseDouble(f);
                } else {
                    ((String[]) a)[rows] = f;
                }
            }
            rows++;
        }

        Object trim(int i) {
            Object a = arrays[i];
            return a instanceof long[]
                    ? Arrays.copyOf((long[]) a, rows)
                    : a instanceof double[] ? Arrays.copyOf((double[]) a, rows) : Arrays.copyOf((String[]) a, rows);
        }
    }

    private static Object[] read(Path dir, List<String> columns) throws Exception {
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(dir.resolve(FILE))) {
            Iterator<CsvRecord> it = reader.iterator();
            Cols cols = new Cols(it.next().getFields(), columns);
            while (it.hasNext()) {
                cols.add(it.next());
            }
            Object[] out = new Object[columns.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = cols.trim(i);
            }
            return out;
        }
    }

    @Override
    public Loaded load(Path dir, List<String> columns) throws Exception {
        Object[] a = read(dir, columns);
        return Loaded.of(Array.getLength(a[0]), a.length, null);
    }

    @Override
    public Columns materialize(Path dir) throws Exception {
        Object[] a = read(dir, PlayersTable.COLUMNS);
        return new Columns((long[]) a[0], (String[]) a[1], (double[]) a[2], (long[]) a[3], (String[]) a[4]);
    }

    @Override
    public Sums scan(Path dir) throws Exception {
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(dir.resolve(FILE))) {
            Iterator<CsvRecord> it = reader.iterator();
            List<String> header = it.next().getFields();
            int fi = header.indexOf("id");
            int fs = header.indexOf("score");
            int fa = header.indexOf("active");
            long a = 0;
            long c = 0;
            double b = 0;
            while (it.hasNext()) {
                CsvRecord r = it.next();
                a += Long.parseLong(r.getField(fi));
                b += Double.parseDouble(r.getField(fs));
                c += Long.parseLong(r.getField(fa));
            }
            return new Sums(a, b, c);
        }
    }
}
