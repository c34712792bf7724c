package io.omicsmonitor.cli.query;

import io.omicsmonitor.common.lake.LakeSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A compacted (Iceberg) table's rows in DuckDB: its live Parquet files, less the rows its position deletes remove. */
final class IcebergViews {

    private IcebergViews() {
    }

    /**
     * The table's declared columns, cast to the types its object view has so the two union by position. A table
     * with no files yet is an empty result of the same shape.
     */
    static String select(LakeSchema.Table table, IcebergFiles files) {
        List<String> columns = new ArrayList<>();
        for (LakeSchema.Column column : table.columns()) {
            // Glue's Iceberg columns cannot be lists or maps: the compacted tables keep them as their JSON text
            String value = column.type() == LakeSchema.Type.STRING_ARRAY || column.type() == LakeSchema.Type.STRING_MAP
                    ? "CAST(d." + column.name() + " AS JSON)" : "d." + column.name();
            columns.add("CAST(" + value + " AS " + DuckDbTypes.type(column) + ") AS " + column.name());
        }
        for (String partition : LakeSchema.PARTITIONS) {
            columns.add("CAST(d." + partition + " AS VARCHAR) AS " + partition);
        }
        if (files.dataFiles().isEmpty()) {
            List<String> empty = new ArrayList<>();
            for (LakeSchema.Column column : table.columns()) {
                empty.add("CAST(NULL AS " + DuckDbTypes.type(column) + ") AS " + column.name());
            }
            for (String partition : LakeSchema.PARTITIONS) {
                empty.add("CAST(NULL AS VARCHAR) AS " + partition);
            }
            return "SELECT " + String.join(", ", empty) + " WHERE false";
        }
        String select = "SELECT " + String.join(", ", columns) + " FROM read_parquet(" + list(files.dataFiles())
                + ", filename = true, file_row_number = true) d";
        if (files.deletes().isEmpty()) {
            return select;
        }
        // A position delete names a data file by its path under the table's location, and a row by its position.
        String folder = files.folder().toAbsolutePath() + "/";
        String location = files.location().endsWith("/") ? files.location() : files.location() + "/";
        return select + " WHERE NOT EXISTS (SELECT 1 FROM read_parquet(" + list(files.deletes()) + ") x"
                + " WHERE x.pos = d.file_row_number AND x.file_path = " + literal(location) + " || substr(d.filename, "
                + (folder.length() + 1) + "))";
    }

    private static String list(List<Path> files) {
        List<String> literals = new ArrayList<>();
        for (Path file : files) {
            literals.add(literal(file.toAbsolutePath().toString()));
        }
        return "[" + String.join(", ", literals) + "]";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
