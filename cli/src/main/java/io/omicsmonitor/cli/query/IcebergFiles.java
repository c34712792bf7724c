package io.omicsmonitor.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * The live files of a compacted (Apache Iceberg) table copied from S3 to a local folder ({@code aws s3 sync} of
 * its {@code metadata/} and {@code data/}), read without the Iceberg library or DuckDB's iceberg extension: the newest
 * {@code NNNNN-<uuid>.metadata.json}, its current snapshot's manifest list, and each manifest's files that the snapshot
 * has not deleted. Paths inside the metadata are the table's S3 location; they are mapped under the local folder.
 *
 * @param location  the table's location as its metadata names it ({@code s3://bucket/compacted/run_status_events})
 * @param folder    where that location was copied to
 * @param dataFiles the Parquet files that hold the table's rows
 * @param deletes   Parquet position-delete files ({@code file_path}, {@code pos}): rows of data files replaced by a
 *                  MERGE's update, which readers must skip
 */
public record IcebergFiles(String location, Path folder, List<Path> dataFiles, List<Path> deletes) {

    /** Iceberg's manifest entry status and file content codes (the Iceberg table spec). */
    private static final int DELETED = 2;
    private static final int DATA = 0;
    private static final int POSITION_DELETES = 1;

    /** Whether {@code folder} looks like an Iceberg table: a {@code metadata/} folder with a table metadata file. */
    static boolean isTable(Path folder) {
        return !metadataFiles(folder).isEmpty();
    }

    /** Reads the table's current snapshot; a table with no snapshot yet has no files. */
    public static IcebergFiles read(Path folder) {
        Path metadataFile = newest(folder);
        JsonNode metadata;
        try {
            metadata = Json.MAPPER.readTree(metadataFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metadataFile, e);
        }
        String location = metadata.path("location").asText();
        long current = metadata.path("current-snapshot-id").asLong(-1);
        List<Path> data = new ArrayList<>();
        List<Path> deletes = new ArrayList<>();
        IcebergFiles files = new IcebergFiles(location, folder, data, deletes);
        if (current == -1) {
            return files;
        }
        JsonNode snapshot = null;
        for (JsonNode s : metadata.path("snapshots")) {
            if (s.path("snapshot-id").asLong() == current) {
                snapshot = s;
            }
        }
        if (snapshot == null || !snapshot.hasNonNull("manifest-list")) {
            throw new UserError(metadataFile + ": current snapshot " + current + " has no manifest list");
        }
        for (GenericRecord manifest : records(files.local(snapshot.get("manifest-list").asText()))) {
            for (GenericRecord entry : records(files.local(manifest.get("manifest_path").toString()))) {
                if (((Number) entry.get("status")).intValue() == DELETED) {
                    continue;
                }
                GenericRecord file = (GenericRecord) entry.get("data_file");
                int content = file.get("content") == null ? DATA : ((Number) file.get("content")).intValue();
                String format = String.valueOf(file.get("file_format"));
                if (!format.equalsIgnoreCase("PARQUET")) {
                    throw new UserError(folder + ": " + format + " data files are not read here, only Parquet");
                }
                Path local = files.local(file.get("file_path").toString());
                if (content == DATA) {
                    data.add(local);
                } else if (content == POSITION_DELETES) {
                    deletes.add(local);
                } else {
                    throw new UserError(folder + " has equality deletes, which Athena and Trino do not write and this "
                            + "reader does not apply; query that table in Athena");
                }
            }
        }
        return files;
    }

    /** The local copy of a path under the table's location; a clear error for one outside it, or missing. */
    Path local(String path) {
        String prefix = location.endsWith("/") ? location : location + "/";
        if (!path.startsWith(prefix)) {
            throw new UserError("the Iceberg table copied to " + folder + " names a file outside its location "
                    + location + ": " + path);
        }
        Path local = folder.resolve(path.substring(prefix.length())).normalize();
        if (!local.startsWith(folder) || !Files.isRegularFile(local)) {
            throw new UserError("the Iceberg table in " + folder + " is missing " + local + " (" + path + "): copy "
                    + "the table's whole metadata/ and data/ folders");
        }
        return local;
    }

    private static List<Path> metadataFiles(Path folder) {
        Path metadata = folder.resolve("metadata");
        if (!Files.isDirectory(metadata)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(metadata)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".metadata.json")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The newest metadata file: Athena and Trino number them {@code 00000-}, {@code 00001-}, ... in commit order. Two
     * with the same number mean a commit that lost a race left its file behind; only the catalog (Glue) knows which
     * won, so that is an error rather than a guess.
     */
    private static Path newest(Path folder) {
        Path newest = null;
        long version = -1;
        boolean tie = false;
        for (Path file : metadataFiles(folder)) {
            String name = file.getFileName().toString();
            long v;
            try {
                v = Long.parseLong(name.substring(0, name.indexOf('-')));
            } catch (RuntimeException e) {
                throw new UserError(file + ": not a metadata file name this reader knows (NNNNN-<uuid>.metadata.json)");
            }
            if (v > version) {
                newest = file;
                version = v;
                tie = false;
            } else if (v == version) {
                tie = true;
            }
        }
        if (tie) {
            throw new UserError(folder.resolve("metadata") + " has two metadata files numbered " + version + ": copy "
                    + "the table again, or delete the one that Glue's metadata_location does not name");
        }
        return newest;
    }

    private static List<GenericRecord> records(Path avro) {
        List<GenericRecord> records = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(avro.toFile(), new GenericDatumReader<>())) {
            reader.forEach(records::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Iceberg manifest " + avro, e);
        }
        return records;
    }
}
