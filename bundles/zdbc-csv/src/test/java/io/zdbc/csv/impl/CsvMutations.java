package io.zdbc.csv.impl;

import io.zdbc.engine.fuzz.ByteMutations;
import io.zdbc.engine.fuzz.ImportFuzzer.Base;
import io.zdbc.engine.fuzz.Mutant;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Structure-aware mutations of a CSV file: its fields and lines are found (RFC 4180 quoting), then
 * a quote is opened and never closed, a stray quote or NUL or invalid UTF-8 put in a field, line
 * ends changed, fields added or removed, a field or line made huge, a number made to overflow, a
 * BOM put in front, or the header changed.
 */
final class CsvMutations {
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xC3},
        {(byte) 0xFF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xC0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82},
    };
    private static final String[] NUMBERS = {
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999999",
        "1e400",
        "-1e400",
        "1e-400",
        "0x10",
        "1_000",
        "+",
        "-",
        ".",
        "1e",
        "NaN",
        "-inf",
        "Infinity",
        "1.5",
        "007",
        "-0",
        "1,5",
        " 1",
        "1 ",
        "１２",
        "9223372036854775807",
        "-9223372036854775808",
    };
    private static final byte[][] BOMS = {
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE},
    };

    private CsvMutations() {}

    /** Where a field is: bytes {@code [start, end)} of line {@code line}. */
    private record Field(int start, int end, int line) {}

    /** The fields of {@code b}, and the offset where each line starts. */
    private static List<Field> fields(byte[] b, List<Integer> lineStarts) {
        List<Field> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        lineStarts.add(0);
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ',' || c == '\n')) {
                int end = c == '\n' && i > start && b[i - 1] == '\r' ? i - 1 : i;
                out.add(new Field(start, end, lineStarts.size() - 1));
                start = i + 1;
                if (c == '\n' && i + 1 < b.length) {
                    lineStarts.add(i + 1);
                }
            }
        }
        if (start < b.length) {
            out.add(new Field(start, b.length, lineStarts.size() - 1));
        }
        return out;
    }

    static Mutant mutate(Base base, Random r) {
        byte[] b = base.bytes();
        List<Integer> lines = new ArrayList<>();
        List<Field> fs = fields(b, lines);
        Field f = fs.get(r.nextInt(fs.size()));
        Field header =
                fs.get(r.nextInt((int) fs.stream().filter(x -> x.line == 0).count()));
        switch (r.nextInt(14)) {
            case 0:
                return insert(b, f.start, ascii("\""), "a quote opened at " + f.start + " and never closed");
            case 1: {
                int at = f.start + (f.end > f.start ? r.nextInt(f.end - f.start + 1) : 0);
                return insert(b, at, ascii(r.nextBoolean() ? "\"" : "x\"y"), "a stray quote at " + at);
            }
            case 2:
                return lineEnds(b, r);
            case 3: {
                int at = f.end;
                return insert(b, at, ascii(r.nextBoolean() ? "," : ",extra,fields"), "fields added at " + at);
            }
            case 4: {
                int at = f.end;
                if (at < b.length && b[at] == ',') {
                    return new Mutant(ByteMutations.splice(b, at, 1, new byte[0]), "a delimiter removed at " + at);
                }
                return insert(b, f.start, ascii(",,"), "empty fields added at " + f.start);
            }
            case 5: {
                int size = 1 << (10 + r.nextInt(12));
                byte[] huge = new byte[size];
                Arrays.fill(huge, r.nextBoolean() ? (byte) '9' : (byte) 'x');
                return replace(b, f, huge, "field at " + f.start + " replaced by " + size + " bytes");
            }
            case 6: {
                int commas = 1 << (8 + r.nextInt(10));
                byte[] line = new byte[commas];
                Arrays.fill(line, (byte) ',');
                int at = lines.get(r.nextInt(lines.size()));
                return insert(b, at, concat(line, ascii("\n")), "a line of " + commas + " commas at " + at);
            }
            case 7: {
                byte[] bad = INVALID_UTF8[r.nextInt(INVALID_UTF8.length)];
                int at = f.start + (f.end > f.start ? r.nextInt(f.end - f.start + 1) : 0);
                return insert(b, at, bad, "invalid UTF-8 " + hex(bad) + " at " + at);
            }
            case 8: {
                byte[] bom = BOMS[r.nextInt(BOMS.length)];
                return insert(b, 0, bom, "BOM " + hex(bom) + " in front");
            }
            case 9: {
                String n = NUMBERS[r.nextInt(NUMBERS.length)];
                return replace(b, f, n.getBytes(StandardCharsets.UTF_8), "field at " + f.start + " set to '" + n + "'");
            }
            case 10: {
                int at = r.nextBoolean() ? f.start : f.end;
                return insert(b, at, new byte[] {0}, "a NUL byte at " + at);
            }
            case 11:
                return headerMutation(b, fs, header, r);
            case 12: {
                int k = r.nextInt(lines.size());
                int from = lines.get(k);
                int to = k + 1 < lines.size() ? lines.get(k + 1) : b.length;
                return r.nextBoolean()
                        ? new Mutant(
                                ByteMutations.splice(b, from, to - from, new byte[0]), "line " + (k + 1) + " removed")
                        : insert(b, from, Arrays.copyOfRange(b, from, to), "line " + (k + 1) + " doubled");
            }
            default: {
                int at = lines.get(r.nextInt(lines.size()));
                String s = r.nextBoolean() ? "\n\n" : "\"\"\n";
                return insert(b, at, ascii(s), "'" + s.replace("\n", "\\n") + "' at line start " + at);
            }
        }
    }

    private static Mutant headerMutation(byte[] b, List<Field> fs, Field h, Random r) {
        List<Field> header = fs.stream().filter(x -> x.line == 0).toList();
        Field other = header.get(r.nextInt(header.size()));
        switch (r.nextInt(5)) {
            case 0:
                return replace(b, h, Arrays.copyOfRange(b, other.start, other.end), "header name copied");
            case 1:
                return replace(b, h, new byte[0], "a header name emptied");
            case 2:
                return replace(b, h, ascii("renamed"), "a header name changed");
            case 3: {
                int end = header.get(header.size() - 1).end;
                int skip = end < b.length && b[end] == '\r' ? 2 : 1;
                return new Mutant(
                        ByteMutations.splice(b, 0, Math.min(b.length, end + skip), new byte[0]), "header line removed");
            }
            default:
                return new Mutant(Arrays.copyOf(b, header.get(header.size() - 1).end), "header only, no newline");
        }
    }

    private static Mutant lineEnds(byte[] b, Random r) {
        int style = r.nextInt(4);
        String[] names = {"CR", "CRLF", "LFCR", "mixed"};
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 64);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r' && i + 1 < b.length && b[i + 1] == '\n') {
                continue;
            }
            if (b[i] != '\n') {
                out.write(b[i]);
                continue;
            }
            int s = style == 3 ? r.nextInt(3) : style;
            out.writeBytes(ascii(s == 0 ? "\r" : s == 1 ? "\r\n" : "\n\r"));
        }
        return new Mutant(out.toByteArray(), "line ends made " + names[style]);
    }

    private static Mutant insert(byte[] b, int at, byte[] what, String label) {
        return new Mutant(ByteMutations.splice(b, at, 0, what), label);
    }

    private static Mutant replace(byte[] b, Field f, byte[] with, String label) {
        return new Mutant(ByteMutations.splice(b, f.start, f.end - f.start, with), label);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02X", x & 0xFF));
        }
        return s.toString();
    }
}
