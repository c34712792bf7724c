package io.omicsmonitor.manifest;

import static io.omicsmonitor.manifest.ManifestField.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.json.JsonTrees;
import io.omicsmonitor.json.JsonWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns manifest records, one JSON object each, into typed records. The kind of record is read from its ARN
 * ({@code :run/} or {@code :task/}), never from its position. Input is streamed: a record at a time, never the
 * whole manifest's text at once. With more than one processor, NDJSON is read in parts on several threads
 * ({@link NdjsonParts}): a file each part from its own region, a stream after reading its bytes whole.
 *
 * <p>Accepts the three forms a manifest comes in: CloudWatch Logs messages one by one ({@link #accept}), a JSON array
 * (what {@code omics-run-analyzer --show} prints) and NDJSON (one record a line, as exported from CloudWatch Logs).
 *
 * <p>Records are read straight from Jackson's tokens into {@link RunRecord}, {@link TaskRecord} and {@link Metrics}:
 * no tree per record (only the user-defined objects {@code parameters}, {@code parameterTemplate} and
 * {@code resourceDigests} become trees), no {@code String} per NDJSON line, no regex per ARN. A record's fields are
 * collected first and checked once the record has been read, in the order the record's fields are built, so errors
 * are the same whatever the order of the fields in the record; where an error happened ("line 3", "record 2") is
 * put into words only when one is thrown.
 */
public final class ManifestParser {

    /**
     * Jackson's factory, asked for when a record is not of the common shape {@link LineScanner} reads (a JSON array,
     * a log message, an unusual NDJSON line): a manifest of common lines never loads Jackson's parser.
     */
    private static JsonFactory factory() {
        return JsonTrees.factory();
    }

    private final ManifestBuilder builder = new ManifestBuilder();
    private final Fields fields = new Fields();
    /** Reads NDJSON lines of the common shape without Jackson; null (only in tests) reads every line with Jackson. */
    private final LineScanner scanner;
    private long records;

    public ManifestParser() {
        this(true);
    }

    ManifestParser(boolean scan) {
        scanner = scan ? new LineScanner() : null;
    }

    /* Where the record being read comes from: text, or text + unit + number ("test.json" ", line " 3). */
    private String whereText;
    private String whereUnit;
    private long whereNumber;

    /**
     * {@link #read(InputStream, String)} of a file, named by its path. With more than one processor, NDJSON is read in
     * parts on several threads, each from its own region of the file ({@link NdjsonParts}); otherwise streamed.
     */
    public static Manifest read(Path file) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file)) {
            int processors = Runtime.getRuntime().availableProcessors();
            if (processors > 1) {
                long start = firstRecordByte(channel);
                ByteBuffer first = ByteBuffer.allocate(1);
                if (channel.read(first, start) <= 0 || first.get(0) != '[') {
                    return NdjsonParts.read(channel, start, source, Math.min(processors, NdjsonParts.MAX_PARTS));
                }
            }
            return readStream(new NdjsonParts.Region(channel, 0, Long.MAX_VALUE), source);
        }
    }

    /** Where the first byte that is not white space or a byte-order mark is (the file's size when there is none). */
    private static long firstRecordByte(FileChannel file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (long position = 0; ; ) {
            buffer.clear();
            int read = file.read(buffer, position);
            if (read <= 0) {
                return position;
            }
            for (int i = 0; i < read; i++) {
                if (!isLeadingByte(buffer.get(i) & 0xFF)) {
                    return position + i;
                }
            }
            position += read;
        }
    }

    /** Reads a whole manifest file: a JSON array of records, or NDJSON. */
    public static Manifest read(InputStream in, String source) throws IOException {
        if (Runtime.getRuntime().availableProcessors() > 1) {
            return read(in.readAllBytes(), source);
        }
        return readStream(in, source);
    }

    /** A whole manifest already read: NDJSON in parts on several threads, or a JSON array (streamed from memory). */
    private static Manifest read(byte[] bytes, String source) throws IOException {
        int first = 0;
        while (first < bytes.length && isLeadingByte(bytes[first] & 0xFF)) {
            first++;
        }
        if (first < bytes.length && bytes[first] == '[') {
            return readStream(new ByteArrayInputStream(bytes, first, bytes.length - first), source);
        }
        int processors = Runtime.getRuntime().availableProcessors();
        return NdjsonParts.read(bytes, first, source, Math.min(processors, NdjsonParts.MAX_PARTS));
    }

    /** A manifest streamed: a record at a time. */
    private static Manifest readStream(InputStream in, String source) throws IOException {
        PushbackInputStream input = new PushbackInputStream(in, 1);
        int first = skipWhitespace(input);
        ManifestParser parser = new ManifestParser();
        if (first == '[') {
            parser.readArray(input, source);
        } else {
            parser.readLines(new Lines(input), source);
        }
        return parser.manifest(source);
    }

    private void readArray(InputStream input, String source) throws IOException {
        try (JsonParser json = factory().createParser(input)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidManifestException(source + ": expected a JSON array of manifest records");
            }
            while (json.nextToken() == JsonToken.START_OBJECT) {
                where(source, ", record ", records + 1);
                acceptObject(json);
            }
            if (json.currentToken() != JsonToken.END_ARRAY) {
                throw new InvalidManifestException(source + ", record " + (records + 1) + ": not a JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * NDJSON: each line's bytes are parsed in place. A line that does not start with {@code {}, or that Jackson
     * cannot read from its bytes, is read again as text exactly as a log message is, so what such a line means (a
     * record whose invalid UTF-8 is replaced, or which error) does not depend on the form the manifest came in.
     * Most lines are of the common shape {@link LineScanner} reads without Jackson, to the same fields.
     */
    void readLines(Lines lines, String source) throws IOException {
        long lineNumber = 0;
        while (true) {
            if (scanner != null) {
                // the record is read first, and the line's end looked for after it: one pass over the line, not two
                // (a record not of the common shape, or not whole in the buffer, is read as a line below)
                int recordEnd = scanner.scanRecord(lines.buf, lines.nextStart(), lines.limit(), fields);
                if (recordEnd >= 0) {
                    lines.next(recordEnd);
                    where(source, ", line ", ++lineNumber);
                    records++;
                    add(fields);
                    continue;
                }
            }
            if (!lines.next()) {
                break;
            }
            lineNumber++;
            byte[] buf = lines.buf;
            int from = lines.start;
            int to = lines.end;
            int first = from;
            while (first < to && buf[first] >= 0 && Character.isWhitespace(buf[first])) {
                first++;
            }
            if (first == to) {
                continue; // blank (ASCII whitespace only)
            }
            where(source, ", line ", lineNumber);
            if (buf[first] == '{') {
                if (scanner != null && scanner.scan(buf, from, to, fields)) {
                    records++;
                    add(fields);
                    continue;
                }
                try (JsonParser json = factory().createParser(buf, from, to - from)) {
                    acceptRoot(json);
                    continue;
                } catch (JsonProcessingException e) {
                    // read again as text below: the same error as a log message would get, or (invalid UTF-8) the record
                }
            }
            String line = new String(buf, from, to - from, StandardCharsets.UTF_8);
            if (!line.isBlank()) {
                accept(line, where());
            }
        }
    }

    /** Adds one record given as JSON text (a CloudWatch Logs message, an NDJSON line). */
    public void accept(String json, String where) {
        where(where, null, 0);
        try (JsonParser parser = factory().createParser(json)) {
            acceptRoot(parser);
        } catch (JsonProcessingException e) {
            // what the text's first JSON value has wrong, in the words of Jackson's tree reader (as always)
            JsonProcessingException cause = e;
            try {
                JsonTrees.readTree(json); // the tree reader's words, without an ObjectMapper (same text: JsonTrees' tests)
            } catch (JsonProcessingException tree) {
                cause = tree;
            } catch (IOException notRead) {
                throw new UncheckedIOException(notRead); // text is not read from anywhere
            }
            throw new InvalidManifestException(where + ": not a JSON record: " + cause.getOriginalMessage(), cause);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // text is not read from anywhere
        }
    }

    public void accept(JsonNode node, String where) {
        where(where, null, 0);
        if (node == null || !node.isObject()) {
            records++;
            throw new InvalidManifestException(where + ": not a JSON object");
        }
        try (JsonParser parser = node.traverse()) {
            parser.nextToken();
            acceptObject(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a tree has no syntax to get wrong
        }
    }

    /** The records read so far, for {@link NdjsonParts} to join. */
    ManifestBuilder builder() {
        return builder;
    }

    /** The manifest read so far; fails when no run record was seen (the manifest is incomplete). */
    public Manifest manifest(String source) {
        return builder.build(source);
    }

    public boolean hasRunRecord() {
        return builder.hasRun();
    }

    public int taskCount() {
        return builder.taskCount();
    }

    private void where(String text, String unit, long number) {
        whereText = text;
        whereUnit = unit;
        whereNumber = number;
    }

    /** Where the record being read is, in words: only for error messages. */
    private String where() {
        return whereUnit == null ? whereText : whereText + whereUnit + whereNumber;
    }

    /** The first JSON value of a message or line: an object is a record, anything else is not. */
    private void acceptRoot(JsonParser json) throws IOException {
        JsonToken first = json.nextToken();
        if (first != JsonToken.START_OBJECT) {
            if (first != null) {
                JsonTrees.read(json, first); // the whole value, as the tree reader did: a broken one is not JSON at all
            }
            records++;
            throw new InvalidManifestException(where() + ": not a JSON object");
        }
        acceptObject(json);
    }

    // --- one record, from its tokens -----------------------------------------------------------------------------

    /* The metrics, in the order of Metrics' components, and their bounds. */
    static final String[] METRIC_KEYS = {"cpusReserved", "cpusAverage", "cpusMaximum", "gpusReserved",
        "memoryReservedGiB", "memoryAverageGiB", "memoryMaximumGiB", "storageReservedGiB", "storageMaximumGiB",
        "storageAverageGiB", "runningSeconds"};

    /*
     * Upper bounds of the metrics, far above any HealthOmics instance or run (192 vCPUs, 1,536 GiB of memory, 64 TiB
     * of storage, runs of days): a value above one is a corrupt record, not a big run. The lower bound is 0.
     */
    static final double MAX_CPUS = 1_000;
    static final double MAX_GPUS = 64;
    static final double MAX_MEMORY_GIB = 10_000;
    static final double MAX_STORAGE_GIB = 1_000_000;
    static final double MAX_RUNNING_SECONDS = 366.0 * 24 * 3600;

    static final double[] METRIC_MAX = {MAX_CPUS, MAX_CPUS, MAX_CPUS, MAX_GPUS, MAX_MEMORY_GIB,
        MAX_MEMORY_GIB, MAX_MEMORY_GIB, MAX_STORAGE_GIB, MAX_STORAGE_GIB, MAX_STORAGE_GIB, MAX_RUNNING_SECONDS};

    static int metricIndex(String name) {
        for (int i = 0; i < METRIC_KEYS.length; i++) {
            if (METRIC_KEYS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A number field that is neither a number nor a string. */
    private static final Object NOT_A_NUMBER = new Object();

    /** A metric that is a number, but negative, not finite or above its bound: its JSON as written in the record. */
    private record OutOfRange(String json) {
    }

    static final int METRICS_ABSENT = 0;
    static final int METRICS_OBJECT = 1;
    static final int METRICS_NOT_AN_OBJECT = 2;

    /**
     * One record's fields as read, before they are checked. A problem with a number is kept, not thrown, so the
     * record is read to its end first (a JSON error anywhere in it comes first, as with a tree) and the problems are
     * then reported in the order the record's values are built. A repeated key overwrites, as in a tree.
     */
    static final class Fields {
        /** Values by {@link ManifestField#slot}: TEXT and REPEATED fields' Strings, NUMBER fields' Numbers, trees. */
        final String[] texts = new String[ManifestField.TEXTS];
        final Number[] numbers = new Number[ManifestField.NUMBERS];
        /** null, NOT_A_NUMBER, or the trimmed text of a string that is not a number */
        final Object[] numberProblems = new Object[ManifestField.NUMBERS];
        final JsonNode[] trees = new JsonNode[ManifestField.TREES];
        int metricsState;
        final Number[] metrics = new Number[METRIC_KEYS.length];
        /** null, NOT_A_NUMBER, the trimmed text of a string that is not a number, or an OutOfRange */
        final Object[] metricProblems = new Object[METRIC_KEYS.length];
        /* The last few values of each REPEATED field (see ManifestField.Kind.REPEATED), by text slot; kept across records. */
        final String[][] recent = new String[ManifestField.TEXTS][];

        Fields() {
            for (ManifestField field : ManifestField.ALL) {
                if (field.kind == ManifestField.Kind.REPEATED) {
                    recent[field.slot] = new String[field.recent];
                }
            }
        }

        String text(ManifestField field) {
            return texts[field.slot];
        }

        JsonNode tree(ManifestField field) {
            return trees[field.slot];
        }

        void reset() {
            Arrays.fill(texts, null);
            Arrays.fill(trees, null);
            Arrays.fill(numbers, null);
            Arrays.fill(numberProblems, null);
            resetMetrics(METRICS_ABSENT);
        }

        void resetMetrics(int state) {
            metricsState = state;
            Arrays.fill(metrics, null);
            Arrays.fill(metricProblems, null);
        }
    }

    /** Reads one record, the parser on its START_OBJECT, then checks and adds it. */
    private void acceptObject(JsonParser json) throws IOException {
        records++;
        Fields f = fields;
        f.reset();
        for (String key = json.nextFieldName(); key != null; key = json.nextFieldName()) {
            JsonToken token = json.nextToken();
            ManifestField field = ManifestField.of(key);
            if (field == null) {
                json.skipChildren();
                continue;
            }
            switch (field.kind) {
                case TEXT -> f.texts[field.slot] = text(json, token);
                case REPEATED -> f.texts[field.slot] = repeated(json, token, f.recent[field.slot]);
                case NUMBER -> number(json, token, f.numbers, f.numberProblems, field.slot);
                case TREE -> f.trees[field.slot] = tree(json, token);
                case METRICS -> metrics(json, token, f);
            }
        }
        add(f);
    }

    private static void metrics(JsonParser json, JsonToken token, Fields f) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            f.resetMetrics(METRICS_ABSENT);
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            f.resetMetrics(METRICS_NOT_AN_OBJECT);
            json.skipChildren();
            return;
        }
        f.resetMetrics(METRICS_OBJECT);
        for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
            JsonToken value = json.nextToken();
            int i = metricIndex(field);
            if (i < 0) {
                json.skipChildren();
                continue;
            }
            number(json, value, f.metrics, f.metricProblems, i);
            Number n = f.metrics[i];
            if (n != null) {
                double v = n.doubleValue();
                if (!(v >= 0 && v <= METRIC_MAX[i])) { // also false for NaN; infinity is above max
                    // the value as the record wrote it (a tree's JSON), for the message; rare, so no cost otherwise
                    f.metricProblems[i] = new OutOfRange(JsonWriter.toString(JsonTrees.read(json, value)));
                }
            }
        }
    }

    /**
     * A number as written: Long for integers, Double otherwise; numbers written as strings are read too. A value of
     * another kind, or a string that is no number, is kept as a problem in {@code problems[i]}.
     */
    private static void number(JsonParser json, JsonToken token, Number[] values, Object[] problems, int i)
            throws IOException {
        values[i] = null;
        problems[i] = null;
        switch (token) {
            case VALUE_NULL -> {
            }
            case VALUE_NUMBER_INT -> {
                if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    BigInteger big = json.getBigIntegerValue();
                    values[i] = big.bitLength() < 64 ? (Number) big.longValue() : (Number) big.doubleValue();
                } else {
                    values[i] = json.getLongValue();
                }
            }
            case VALUE_NUMBER_FLOAT -> values[i] = decimal(json);
            case VALUE_STRING -> {
                String t = json.getText().trim();
                try {
                    values[i] = isSmallInteger(t) ? (Number) Long.parseLong(t) : (Number) Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    problems[i] = t;
                }
            }
            default -> {
                problems[i] = NOT_A_NUMBER;
                json.skipChildren();
            }
        }
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * The double a JSON decimal token names, exactly what {@link Double#parseDouble} gives. Metrics are written like
     * {@code 3.0711}: at most 15 significant digits and no exponent, so the digits are an exactly representable long
     * and the power of ten an exact double, and one correctly rounded division gives the correctly rounded value
     * (Clinger's fast path, the one {@code parseDouble} takes itself), without the String and buffers
     * {@code parseDouble} needs. Anything else (more digits, an exponent) goes to Jackson's {@code parseDouble}.
     */
    static double decimal(JsonParser json) throws IOException {
        char[] c = json.getTextCharacters();
        int i = json.getTextOffset();
        int end = i + json.getTextLength();
        boolean negative = i < end && c[i] == '-';
        if (negative) {
            i++;
        }
        long digits = 0;
        int significant = 0;
        int scale = 0;
        boolean point = false;
        for (; i < end; i++) {
            char ch = c[i];
            if (ch >= '0' && ch <= '9') {
                if (point) {
                    scale++;
                }
                if (digits == 0 && ch == '0') {
                    continue; // a leading zero
                }
                if (++significant > 15) {
                    return json.getDoubleValue();
                }
                digits = digits * 10 + (ch - '0');
            } else if (ch == '.' && !point) {
                point = true;
            } else {
                return json.getDoubleValue(); // an exponent
            }
        }
        if (scale >= POWERS_OF_TEN.length) {
            return json.getDoubleValue();
        }
        double value = (double) digits / POWERS_OF_TEN[scale];
        return negative ? -value : value;
    }

    /** A text field: a string as is; another scalar as its text; an object or array as its JSON. */
    private static String text(JsonParser json, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return json.getText();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        JsonNode v = JsonTrees.read(json, token);
        return v.isValueNode() ? v.asText() : JsonWriter.toString(v); // JsonNode.toString() would create an ObjectMapper
    }

    /**
     * A text field whose value repeats from task to task (the run's ARN, the status, the image, the instance type):
     * the same String as a recent record's when the characters are the same, so 50,000 tasks hold a few dozen such
     * Strings rather than 200,000 (less to allocate, and far less for the collector to copy while the manifest grows).
     */
    private static String repeated(JsonParser json, JsonToken token, String[] recent) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            return text(json, token);
        }
        char[] chars = json.getTextCharacters();
        int offset = json.getTextOffset();
        int length = json.getTextLength();
        int free = -1;
        for (int i = 0; i < recent.length; i++) {
            String s = recent[i];
            if (s == null) {
                free = i;
                break;
            }
            if (s.length() == length && same(s, chars, offset, length)) {
                return s;
            }
        }
        return remember(recent, free, new String(chars, offset, length));
    }

    /** Keeps {@code value} among the recent strings, in slot {@code free} or, if none is free (-1), the oldest's. */
    static String remember(String[] recent, int free, String value) {
        if (free < 0) {
            System.arraycopy(recent, 0, recent, 1, recent.length - 1); // forget the oldest
            free = 0;
        }
        recent[free] = value;
        return value;
    }

    private static boolean same(String s, char[] chars, int offset, int length) {
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    /** A user-defined nested value, kept as its tree. */
    private static JsonNode tree(JsonParser json, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_NULL ? null : JsonTrees.read(json, token);
    }

    // --- checking a record read, and adding it -------------------------------------------------------------------

    private void add(Fields f) {
        String arn = f.text(ARN);
        int id = resourceIdStart(arn);
        if (id < 0) {
            throw new InvalidManifestException(where() + ": 'arn' is " + (arn == null ? "missing" : "'" + arn + "'")
                    + ", expected a HealthOmics run or task ARN");
        }
        String resourceId = arn.substring(id);
        if (arn.startsWith("run/", id - 4)) {
            RunRecord run = new RunRecord(arn, resourceId, f.text(UUID), f.text(NAME), f.text(WORKFLOW),
                    f.text(WORKFLOW_TYPE), f.text(ENGINE), f.text(MAIN), f.text(DIGEST), f.text(STATUS),
                    f.text(STATUS_MESSAGE), f.text(FAILURE_REASON), f.text(ROLE_ARN), f.text(STARTED_BY),
                    f.text(OUTPUT_URI), f.tree(PARAMETERS), f.tree(PARAMETER_TEMPLATE), f.tree(RESOURCE_DIGESTS),
                    f.text(STORAGE_TYPE), checked(f, STORAGE_CAPACITY), f.text(CREATION_TIME), f.text(START_TIME),
                    f.text(STOP_TIME), metrics(f, resourceId));
            if (builder.isAnotherRun(run)) {
                throw new InvalidManifestException(where() + ": a second run record (" + run.arn()
                        + ") in the manifest of " + builder.run().arn());
            }
            builder.run(run);
        } else {
            builder.task(new TaskRecord(arn, resourceId, f.text(RUN), f.text(UUID), f.text(NAME), f.text(IMAGE),
                    f.text(IMAGE_DIGEST), f.text(INSTANCE_TYPE), checked(f, CPUS), checked(f, MEMORY), checked(f, GPUS),
                    f.text(STATUS), f.text(STATUS_MESSAGE), f.text(FAILURE_REASON), f.text(CREATION_TIME),
                    f.text(START_TIME), f.text(STOP_TIME), metrics(f, builder.runId())));
        }
    }

    /**
     * Where the id starts in {@code arn:<partition>:omics:<region>:<account>:run/<digits>} (or {@code task/}),
     * else -1: the HealthOmics run and task ARNs, checked a character at a time.
     */
    static int resourceIdStart(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return -1;
        }
        int partitionEnd = arn.indexOf(':', 4);
        if (partitionEnd <= 4 || !arn.startsWith("omics:", partitionEnd + 1)) {
            return -1;
        }
        int regionEnd = arn.indexOf(':', partitionEnd + 7);
        int accountEnd = regionEnd < 0 ? -1 : arn.indexOf(':', regionEnd + 1);
        if (accountEnd < 0) {
            return -1;
        }
        int id;
        if (arn.startsWith("run/", accountEnd + 1)) {
            id = accountEnd + 5;
        } else if (arn.startsWith("task/", accountEnd + 1)) {
            id = accountEnd + 6;
        } else {
            return -1;
        }
        if (id == arn.length()) {
            return -1;
        }
        for (int i = id; i < arn.length(); i++) {
            char c = arn.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return id;
    }

    private Number checked(Fields f, ManifestField field) {
        Object problem = f.numberProblems[field.slot];
        if (problem != null) {
            throw notANumber(f, field.key, problem);
        }
        return f.numbers[field.slot];
    }

    private InvalidManifestException notANumber(Fields f, String field, Object problem) {
        return new InvalidManifestException(where() + ": record " + f.text(ARN) + ": '" + field + "' is "
                + (problem == NOT_A_NUMBER ? "not a number" : "'" + problem + "', not a number"));
    }

    /**
     * A record's metrics, each checked to be a finite number from 0 to its bound: a negative, non-finite or absurd
     * value fails the manifest, naming the run, the record and the field, rather than becoming negative hours and
     * costs downstream. The check is two comparisons a value; the message is built only when it fails.
     *
     * @param runIdOfRecord the run's id for a run record; for a task, the id of the run record read so far (or null)
     */
    private Metrics metrics(Fields f, String runIdOfRecord) {
        if (f.metricsState == METRICS_ABSENT) {
            return null;
        }
        if (f.metricsState == METRICS_NOT_AN_OBJECT) {
            throw new InvalidManifestException(where() + ": record " + f.text(ARN) + ": 'metrics' is not an object");
        }
        Object[] problems = f.metricProblems;
        for (int i = 0; i < problems.length; i++) {
            Object problem = problems[i];
            if (problem instanceof OutOfRange value) {
                throw new InvalidManifestException(where() + ": " + describe(f, runIdOfRecord) + ": 'metrics."
                        + METRIC_KEYS[i] + "' is " + value.json() + ", expected a number from 0 to "
                        + (long) METRIC_MAX[i]);
            }
            if (problem != null) {
                throw notANumber(f, "metrics." + METRIC_KEYS[i], problem);
            }
        }
        Number[] m = f.metrics;
        return new Metrics(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10]);
    }

    /** "run 7382915, task arn:...:task/4804037" or "run 7382915 (arn:...:run/7382915)": for error messages only. */
    private static String describe(Fields f, String runIdOfRecord) {
        String arn = f.text(ARN);
        if (arn.contains(":run/")) {
            return "run " + runIdOfRecord + " (" + arn + ")";
        }
        String run = f.text(RUN);
        int at = run == null ? -1 : run.lastIndexOf(":run/");
        String runId = at >= 0 ? run.substring(at + ":run/".length()) : runIdOfRecord;
        return "run " + (runId != null ? runId : "(not named in the task record)") + ", task " + arn;
    }

    /** {@code -?\d{1,18}}, without a regex: a long that cannot overflow. */
    private static boolean isSmallInteger(String t) {
        int from = t.startsWith("-") ? 1 : 0;
        int digits = t.length() - from;
        if (digits < 1 || digits > 18) {
            return false;
        }
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** White space and byte-order-mark bytes, skipped before the first record of a file. */
    private static boolean isLeadingByte(int c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF;
    }

    private static int skipWhitespace(PushbackInputStream in) throws IOException {
        int c = in.read();
        while (isLeadingByte(c)) {
            c = in.read();
        }
        if (c != -1) {
            in.unread(c);
        }
        return c;
    }

    /**
     * The lines of a byte stream, as {@link java.io.BufferedReader#readLine()} splits them ({@code \n}, {@code \r}
     * or {@code \r\n}), each left in place in one growing buffer: [start, end) of {@link #buf}.
     */
    static final class Lines {
        private final InputStream in;
        byte[] buf;
        int start;
        int end;
        private int pos;
        private int limit;
        private boolean eof;
        private boolean skipLf;

        Lines(InputStream in) {
            this.in = in;
            buf = new byte[1 << 16];
        }

        /** The lines of [from, to) of bytes already read, left where they are (shared, never written). */
        Lines(byte[] bytes, int from, int to) {
            in = null;
            buf = bytes;
            pos = from;
            limit = to;
            eof = true;
        }

        /** Moves to the next line; false at the end of the stream. */
        boolean next() throws IOException {
            return next(0);
        }

        /**
         * Where the next line starts in {@link #buf}, whose bytes up to {@link #limit()} the caller may read before
         * {@link #next(int)}; {@code limit()} itself when the buffer holds none of it yet.
         */
        int nextStart() {
            if (skipLf && pos < limit) {
                if (buf[pos] == '\n') {
                    pos++;
                }
                skipLf = false;
            }
            return pos;
        }

        /** The end of the bytes read into {@link #buf} so far. */
        int limit() {
            return limit;
        }

        /** {@link #next()} when the caller knows that the next line has no line end before index {@code at}. */
        boolean next(int at) throws IOException {
            if (skipLf) {
                if (pos == limit) {
                    fill();
                }
                if (pos < limit && buf[pos] == '\n') {
                    pos++;
                }
                skipLf = false;
            }
            int i = Math.max(pos, at);
            while (true) {
                byte[] b = buf;
                int n = limit;
                for (; i < n; i++) {
                    byte c = b[i];
                    if (c == '\n' || c == '\r') {
                        start = pos;
                        end = i;
                        pos = i + 1;
                        skipLf = c == '\r';
                        return true;
                    }
                }
                if (eof) {
                    if (pos < limit) {
                        start = pos;
                        end = limit;
                        pos = limit;
                        return true;
                    }
                    return false;
                }
                int scanned = i - pos;
                fill();
                i = pos + scanned;
            }
        }

        /** Keeps [pos, limit), moved to the front (the buffer grown when full), and reads more after it. */
        private void fill() throws IOException {
            if (in == null) {
                return; // bytes already read: eof from the start, nothing to move
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int read = in.read(buf, limit, buf.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
    }
}
