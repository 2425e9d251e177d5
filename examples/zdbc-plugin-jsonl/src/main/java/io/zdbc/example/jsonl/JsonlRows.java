package io.zdbc.example.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.zdbc.api.ZdbcException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses each non-blank line into one row: the values of the selected fields, in column order, as
 * {@link Long}, {@link BigInteger} (an integer beyond i64), {@link Flt}, {@link String},
 * {@link Boolean} or null (JSON null or a missing field).
 */
final class JsonlRows {
    /** A JSON number with a fraction or exponent, and its text (kept for str columns). */
    record Flt(double value, String text) {}

    /** An array or object value, which no column type holds. */
    private record Nested(String kind) {}

    private final JsonFactory json;
    private final Lines lines;
    private List<String> firstNames;
    private List<Object> firstValues;
    private long firstLine;
    private Map<String, Integer> index;
    private int width;
    private boolean ignoreOthers;
    private Object[] row;
    private final BitSet seen = new BitSet();

    JsonlRows(JsonFactory json, Lines lines) {
        this.json = json;
        this.lines = lines;
    }

    /** Reads the first object and returns its field names, or null if the file has no object. */
    List<String> first() throws IOException {
        while (lines.next()) {
            if (lines.blank()) {
                continue;
            }
            firstLine = lines.number();
            firstNames = new ArrayList<>();
            firstValues = new ArrayList<>();
            try (JsonParser p = open()) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (firstNames.contains(name)) {
                        throw new ZdbcException(at(firstLine) + "field '" + name + "' appears twice");
                    }
                    firstNames.add(name);
                    JsonToken t = p.nextToken();
                    firstValues.add(
                            t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT
                                    ? new Nested(t == JsonToken.START_ARRAY ? "an array" : "an object")
                                    : value(p, t));
                    if (t.isStructStart()) {
                        p.skipChildren();
                    }
                }
                end(p);
            } catch (JsonProcessingException e) {
                throw invalid(firstLine, e);
            }
            return firstNames;
        }
        return null;
    }

    /**
     * Selects the fields that become columns. Fields not selected are skipped when
     * {@code ignoreOthers} (the user named the columns), else they are an error.
     */
    void select(List<String> names, boolean ignoreOthers) {
        this.index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        this.width = names.size();
        this.ignoreOthers = ignoreOthers;
    }

    /** 1-based line of the row last returned. */
    long line() {
        return lines.number();
    }

    /**
     * The next row (an array reused by the next call), or null at the end of the file.
     * @throws ZdbcException naming the line if it is not a JSON object of supported values
     */
    Object[] next() throws IOException {
        if (row == null) {
            row = new Object[width];
            if (firstNames != null) { // the first line, parsed already
                for (int i = 0; i < firstNames.size(); i++) {
                    put(firstLine, firstNames.get(i), firstValues.get(i));
                }
                firstNames = null;
                firstValues = null;
                return row;
            }
        }
        while (lines.next()) {
            if (lines.blank()) {
                continue;
            }
            long line = lines.number();
            Arrays.fill(row, null);
            seen.clear();
            try (JsonParser p = open()) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    Integer col = index.get(name);
                    if (col == null && ignoreOthers) {
                        p.skipChildren();
                        continue;
                    }
                    if (col != null && seen.get(col)) {
                        throw new ZdbcException(at(line) + "field '" + name + "' appears twice");
                    }
                    put(
                            line,
                            name,
                            t.isStructStart()
                                    ? new Nested(t == JsonToken.START_ARRAY ? "an array" : "an object")
                                    : value(p, t));
                }
                end(p);
            } catch (JsonProcessingException e) {
                throw invalid(line, e);
            }
            return row;
        }
        return null;
    }

    private void put(long line, String name, Object value) {
        Integer col = index.get(name);
        if (col == null) {
            if (ignoreOthers) {
                return;
            }
            throw new ZdbcException(at(line) + "field '" + name + "' is not one of the columns " + index.keySet()
                    + " (the first line's fields; use --columns to import only some fields)");
        }
        if (value instanceof Nested) {
            throw new ZdbcException(at(line) + "field '" + name + "' is " + ((Nested) value).kind
                    + "; only numbers, strings, booleans and null can be imported (use --columns to import the"
                    + " other fields)");
        }
        seen.set(col);
        row[col] = value;
    }

    private JsonParser open() throws IOException {
        JsonParser p = json.createParser(lines.buffer(), lines.start(), lines.length());
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            p.close();
            throw new ZdbcException(at(lines.number()) + "expected a JSON object, found "
                    + (t == null ? "nothing" : t.isScalarValue() ? "a value" : "'" + t.asString() + "'"));
        }
        return p;
    }

    /** After the object's END_OBJECT: nothing may follow on the line. */
    private void end(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new ZdbcException(at(lines.number()) + "malformed object");
        }
        if (p.nextToken() != null) {
            throw new ZdbcException(at(lines.number()) + "more than one JSON value on the line (one object per line)");
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue()
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return new Flt(p.getDoubleValue(), p.getText());
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                return null; // structs are handled by the callers
        }
    }

    private static String at(long line) {
        return "line " + line + ": ";
    }

    private static ZdbcException invalid(long line, JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        int nl = msg.indexOf('\n');
        return new ZdbcException(
                at(line) + "not valid JSON: " + (nl < 0 ? msg : msg.substring(0, nl))
                        + (e.getLocation() == null
                                ? ""
                                : " (at character " + e.getLocation().getColumnNr() + ")"),
                e);
    }
}
