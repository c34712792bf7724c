package io.omicsmonitor.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A query's result held in memory, printable as an aligned text table, CSV or JSON lines.
 *
 * @param columns column names
 * @param numeric per column, true when right-aligned (numbers)
 * @param rows    values as JDBC returned them (Long, Double, BigDecimal, String, OffsetDateTime, Struct, Array, null)
 */
public record ResultTable(List<String> columns, List<Boolean> numeric, List<List<Object>> rows) {

    static ResultTable of(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
            String type = md.getColumnTypeName(i);
            numeric.add(type.matches("(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DOUBLE|FLOAT|REAL|DECIMAL.*)"));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                Object value = rs.getObject(i);
                // nested values are read now: they are views on the result set and die with it
                row.add(value instanceof Struct || value instanceof Array ? plain(value) : value);
            }
            rows.add(Collections.unmodifiableList(row));
        }
        return new ResultTable(List.copyOf(columns), List.copyOf(numeric), List.copyOf(rows));
    }

    /** Rows as lists of cell text: nulls empty, nested values as JSON, times as ISO-8601. */
    public List<List<String>> text() {
        List<List<String>> text = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<String> cells = new ArrayList<>(row.size());
            for (Object value : row) {
                cells.add(cell(value));
            }
            text.add(cells);
        }
        return text;
    }

    /** An aligned table with a header and a rule, then a row count. */
    public String aligned() {
        List<List<String>> text = text();
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : text) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, columns, widths, false);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths, false);
        for (List<String> row : text) {
            line(out, row, widths, true);
        }
        out.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n');
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths, boolean alignNumbers) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(alignNumbers && numeric.get(c) ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** RFC 4180 CSV with a header: minimal quoting, {@code \n} line ends, nulls empty. */
    public String csv() {
        StringBuilder out = new StringBuilder();
        csvLine(out, columns);
        for (List<String> row : text()) {
            csvLine(out, row);
        }
        return out.toString();
    }

    private static void csvLine(StringBuilder out, List<String> cells) {
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                out.append(',');
            }
            String cell = cells.get(c);
            boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                    || cell.indexOf('\r') >= 0;
            out.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        out.append('\n');
    }

    /** One JSON object a line, typed: numbers as numbers, nested values as JSON, nulls as null. */
    public String jsonLines() {
        StringBuilder out = new StringBuilder();
        for (List<Object> row : rows) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (int c = 0; c < columns.size(); c++) {
                object.set(columns.get(c), json(row.get(c)));
            }
            out.append(object).append('\n');
        }
        return out.toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map || value instanceof List) {
            return json(value).toString();
        }
        return value.toString();
    }

    /** Struct and Array values as plain maps and lists, recursively. */
    private static Object plain(Object value) throws SQLException {
        if (value instanceof Struct struct) {
            Map<String, Object> map = new java.util.LinkedHashMap<>();
            // DuckDB's Struct keeps its field names; getAttributes() alone would lose them
            if (value instanceof org.duckdb.DuckDBStruct duck) {
                for (Map.Entry<String, Object> e : duck.getMap().entrySet()) {
                    map.put(e.getKey(), plain(e.getValue()));
                }
            } else {
                Object[] attributes = struct.getAttributes();
                for (int i = 0; i < attributes.length; i++) {
                    map.put(String.valueOf(i), plain(attributes[i]));
                }
            }
            return map;
        }
        if (value instanceof Array array) {
            List<Object> list = new ArrayList<>();
            for (Object item : (Object[]) array.getArray()) {
                list.add(plain(item));
            }
            return list;
        }
        return value;
    }

    private static JsonNode json(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), json(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode();
            list.forEach(v -> array.add(json(v)));
            return array;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return nodes.numberNode(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return nodes.numberNode(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return nodes.numberNode(d);
        }
        if (value instanceof BigInteger i) {
            return nodes.numberNode(i);
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        return nodes.textNode(value.toString());
    }
}
