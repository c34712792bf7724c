package io.omicsmonitor.cli.query;

import io.omicsmonitor.common.lake.LakeSchema;
import java.util.ArrayList;
import java.util.List;

/** A lake table's declared columns in DuckDB's terms, for {@code read_json}'s {@code columns} argument. */
final class DuckDbTypes {

    private DuckDbTypes() {
    }

    /** {@code {'event_id': 'VARCHAR', 'metrics': 'STRUCT("cpus_reserved" DOUBLE, ...)', ...}}. */
    static String columns(LakeSchema.Table table) {
        List<String> entries = new ArrayList<>();
        for (LakeSchema.Column column : table.columns()) {
            entries.add(literal(column.name()) + ": " + literal(type(column)));
        }
        return "{" + String.join(", ", entries) + "}";
    }

    static String type(LakeSchema.Column column) {
        return switch (column.type()) {
            case STRING -> "VARCHAR";
            case BIGINT -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            // DuckDB's JSON type: json_extract_string and ->> read into it, and it prints as the lake's JSON text
            case JSON -> "JSON";
            case STRING_ARRAY -> "VARCHAR[]";
            case STRING_MAP -> "MAP(VARCHAR, VARCHAR)";
            case STRUCT -> {
                List<String> fields = new ArrayList<>();
                for (LakeSchema.Column field : column.fields()) {
                    fields.add('"' + field.name() + "\" " + type(field));
                }
                yield "STRUCT(" + String.join(", ", fields) + ")";
            }
        };
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
