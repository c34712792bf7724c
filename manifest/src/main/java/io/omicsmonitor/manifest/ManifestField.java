package io.omicsmonitor.manifest;

import java.util.HashMap;
import java.util.Map;

/**
 * The keys of a manifest record that are read, and how each value is kept: the one place a new manifest field is
 * declared for both readers ({@link LineScanner} on bytes and {@link ManifestParser}'s Jackson path). Its value is
 * then {@code fields.text(FIELD)} (or {@code number}, {@code tree}) where the record is built, in
 * {@code ManifestParser.add}.
 *
 * <p>The order is the order in which keys usually come in a task line: {@link LineScanner} tries the key after the
 * previous one first.
 */
enum ManifestField {
    ARN("arn", Kind.TEXT),
    RUN("run", Kind.REPEATED, 2),
    UUID("uuid", Kind.TEXT),
    NAME("name", Kind.TEXT),
    IMAGE("image", Kind.REPEATED, 16),
    IMAGE_DIGEST("imageDigest", Kind.TEXT),
    INSTANCE_TYPE("instanceType", Kind.REPEATED, 32),
    CPUS("cpus", Kind.NUMBER),
    MEMORY("memory", Kind.NUMBER),
    GPUS("gpus", Kind.NUMBER),
    STATUS("status", Kind.REPEATED, 8),
    STATUS_MESSAGE("statusMessage", Kind.TEXT),
    FAILURE_REASON("failureReason", Kind.TEXT),
    CREATION_TIME("creationTime", Kind.TEXT),
    START_TIME("startTime", Kind.TEXT),
    STOP_TIME("stopTime", Kind.TEXT),
    METRICS("metrics", Kind.METRICS),
    WORKFLOW("workflow", Kind.TEXT),
    WORKFLOW_TYPE("workflowType", Kind.TEXT),
    ENGINE("engine", Kind.TEXT),
    MAIN("main", Kind.TEXT),
    DIGEST("digest", Kind.TEXT),
    ROLE_ARN("roleArn", Kind.TEXT),
    STARTED_BY("startedBy", Kind.TEXT),
    OUTPUT_URI("outputUri", Kind.TEXT),
    STORAGE_TYPE("storageType", Kind.TEXT),
    STORAGE_CAPACITY("storageCapacity", Kind.NUMBER),
    PARAMETERS("parameters", Kind.TREE),
    PARAMETER_TEMPLATE("parameterTemplate", Kind.TREE),
    RESOURCE_DIGESTS("resourceDigests", Kind.TREE);

    /** How a value is read and kept. */
    enum Kind {
        /** A string as is; another scalar as its text; an object or array as its JSON. */
        TEXT,
        /**
         * Text whose value repeats from task to task (the run's ARN, the status, the image, the instance type): the
         * same String as a recent record's, so 50,000 tasks hold a few dozen such Strings rather than 200,000.
         */
        REPEATED,
        /** A number as written (Long or Double), numbers written as strings too; anything else is a problem. */
        NUMBER,
        /** A user-defined nested value, kept as its JSON tree. */
        TREE,
        /** The {@code metrics} object: {@link ManifestParser#METRICS}, each checked against its bound. */
        METRICS
    }

    static final ManifestField[] ALL = values();
    /** How many fields keep a String (TEXT and REPEATED), a Number and a tree: the sizes of Fields' arrays. */
    static final int TEXTS;
    static final int NUMBERS;
    static final int TREES;
    private static final Map<String, ManifestField> BY_KEY = new HashMap<>();

    static {
        int texts = 0;
        int numbers = 0;
        int trees = 0;
        for (ManifestField field : ALL) {
            field.slot = switch (field.kind) {
                case TEXT, REPEATED -> texts++;
                case NUMBER -> numbers++;
                case TREE -> trees++;
                case METRICS -> -1;
            };
            BY_KEY.put(field.key, field);
        }
        TEXTS = texts;
        NUMBERS = numbers;
        TREES = trees;
    }

    /** The JSON key. */
    final String key;
    final Kind kind;
    /** For REPEATED: how many recent values are kept to share (more distinct values than that are simply copied). */
    final int recent;
    /** The index of the value in Fields' array for its kind. */
    int slot;

    ManifestField(String key, Kind kind) {
        this(key, kind, 0);
    }

    ManifestField(String key, Kind kind, int recent) {
        this.key = key;
        this.kind = kind;
        this.recent = recent;
    }

    /** The field of a record key, or null for a key that is not read. */
    static ManifestField of(String key) {
        return BY_KEY.get(key);
    }
}
