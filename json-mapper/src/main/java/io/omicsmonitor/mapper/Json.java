package io.omicsmonitor.mapper;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The project's one ObjectMapper, configured explicitly (no module discovery by classpath scan, which costs cold start).
 *
 * <p>Times are written as ISO-8601 strings ({@code 2022-10-20T22:07:35Z}), never as epoch numbers; unknown
 * properties are ignored because AWS adds fields to its events and API shapes.
 *
 * <p><b>Not for the Lambda functions' path</b> (handlers, their constructors, priming, anything they call): for the
 * command line, {@code local-aws} and tests only, which is why it has a module of its own that no function depends on
 * but in test scope. In a fresh JVM with Lambda's flags, the first {@code readTree} of a
 * small event costs 250-320 ms (ObjectMapper and JavaTimeModule initialisation, deserializer lookup) and the first
 * record written another ~75 ms, against ~55 ms for jackson-core alone, out of a 1.7-2.1 s cold start. Functions read
 * with {@link io.omicsmonitor.json.JsonTrees} and write with {@link io.omicsmonitor.json.JsonWriter}, which write the
 * same bytes as this mapper (the equivalence tests pin that); bench's {@code FunctionJarsTest} (run by {@code mvn verify}) fails
 * a shipped function jar whose code refers to any of databind but its tree model, or whose process loads
 * {@code ObjectMapper}.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Writers append several records to one stream (NDJSON): Jackson must not close it after each.
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private Json() {
    }
}
