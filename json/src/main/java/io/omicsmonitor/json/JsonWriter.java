package io.omicsmonitor.json;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the values the functions write (records, trees, strings, numbers, times, maps, lists) to a streaming
 * generator, byte for byte as {@code io.omicsmonitor.mapper.Json.MAPPER} writes them, without an {@code ObjectMapper}:
 * initialising one and building its serializers costs a function's cold start about 0.3 s.
 *
 * <p>What the mapper does, and so what this does:
 * <ul>
 * <li>a record: an object of its components in declaration order, each named by its {@code @JsonProperty} value, else
 *     by the snake_case rule when the record has {@code @JsonNaming(SnakeCaseStrategy.class)}, else by the component's
 *     name; nulls are written;</li>
 * <li>{@link Instant}, {@link Duration}, {@link LocalDate}: ISO-8601 strings (JavaTimeModule with
 *     {@code WRITE_DATES_AS_TIMESTAMPS} and {@code WRITE_DURATIONS_AS_TIMESTAMPS} off);</li>
 * <li>an enum: its {@code name()}; a map: an object in the map's order; a collection or an array: an array;
 *     {@code byte[]}: base64; a {@link JsonNode}: the tree as it is.</li>
 * </ul>
 * Anything else, and a record using any other Jackson annotation or with a getter-like method the mapper would add as
 * a property ({@code getX()}, {@code isX()}), fails loudly, naming the class: guessing would change the lake's bytes
 * silently. {@link #writeLenient} (for log lines) writes such a value as its {@code String.valueOf} instead.
 *
 * <p>Numbers, strings and escapes come from the generator itself, which is the same as the mapper's.
 */
public final class JsonWriter {

    /**
     * Plain streaming factory. Writers append several values to one stream (NDJSON) and Lambda owns its output
     * stream: closing a generator flushes, never closes, its target (as {@code Json.MAPPER} is configured).
     */
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private static final ClassValue<RecordShape> RECORDS = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return RecordShape.of(type);
        }
    };

    /** Per enum class: "" when the mapper writes its constants by name, else why it does not. */
    private static final ClassValue<String> ENUMS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            String problem = jacksonAnnotation(type, null);
            for (AnnotatedElement constant : type.getDeclaredFields()) {
                problem = problem != null ? problem : jacksonAnnotation(constant, null);
            }
            for (AnnotatedElement method : type.getDeclaredMethods()) {
                problem = problem != null ? problem : jacksonAnnotation(method, null);
            }
            return problem == null ? "" : problem;
        }
    };

    private JsonWriter() {
    }

    /** The factory of this writer's generators: a generator from it closes without closing its target. */
    public static JsonFactory factory() {
        return FACTORY;
    }

    /** Writes {@code value}; a type the mapper would write otherwise than described above fails, naming its class. */
    public static void write(JsonGenerator json, Object value) throws IOException {
        write(json, value, false);
    }

    /** As {@link #write(JsonGenerator, Object)}, but a value of an unknown type is written as its String.valueOf. */
    public static void writeLenient(JsonGenerator json, Object value) throws IOException {
        write(json, value, true);
    }

    /**
     * One value to {@code out}, as {@code ObjectMapper.writeValue(OutputStream, value)}: UTF-8, flushed, and
     * {@code out} left open.
     */
    public static void write(OutputStream out, Object value) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writeRoot(json, value);
        }
    }

    /** {@code ObjectMapper.writeValueAsBytes}. */
    public static byte[] toBytes(Object value) throws JsonProcessingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            write(bytes, value);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array is not written anywhere
        }
        return bytes.toByteArray();
    }

    /** {@code ObjectMapper.writeValueAsString}. */
    public static String toString(Object value) throws JsonProcessingException {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            writeRoot(json, value);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string is not written anywhere
        }
        return text.toString();
    }

    /** On a failure, closing the generator must not complete the half-written value (as the mapper does). */
    private static void writeRoot(JsonGenerator json, Object value) throws IOException {
        try {
            write(json, value, false);
        } catch (IOException | RuntimeException e) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            throw e;
        }
    }

    private static void write(JsonGenerator json, Object value, boolean lenient) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Number number) {
            writeNumber(json, number, lenient);
        } else if (value instanceof JsonNode node) {
            writeTree(json, node, lenient);
        } else if (value instanceof Record record) {
            writeRecord(json, record, lenient);
        } else if (value instanceof Enum<?> constant) {
            String problem = ENUMS.get(constant.getDeclaringClass());
            if (problem.isEmpty()) {
                json.writeString(constant.name());
            } else {
                unsupported(json, value, lenient, problem);
            }
        } else if (value instanceof Instant || value instanceof Duration || value instanceof LocalDate) {
            json.writeString(value.toString()); // what JavaTimeModule writes: ISO_INSTANT is Instant.toString
        } else if (value instanceof Map<?, ?> map) {
            writeMap(json, map, lenient);
        } else if (value instanceof Collection<?> collection) {
            json.writeStartArray();
            for (Object element : collection) {
                write(json, element, lenient);
            }
            json.writeEndArray();
        } else if (value.getClass().isArray()) {
            writeArray(json, value, lenient);
        } else if (value instanceof Character c) {
            json.writeString(c.toString());
        } else {
            unsupported(json, value, lenient, "no JSON form is defined for it here");
        }
    }

    private static void writeNumber(JsonGenerator json, Number number, boolean lenient) throws IOException {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            json.writeNumber(number.intValue());
        } else if (number instanceof Long) {
            json.writeNumber(number.longValue());
        } else if (number instanceof Double) {
            json.writeNumber(number.doubleValue());
        } else if (number instanceof Float) {
            json.writeNumber(number.floatValue());
        } else if (number instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (number instanceof BigInteger integer) {
            json.writeNumber(integer);
        } else {
            unsupported(json, number, lenient, "not one of the JDK's Integer, Long, Short, Byte, Double, Float, "
                    + "BigDecimal, BigInteger");
        }
    }

    /** As the nodes' own {@code serialize} writes them with the mapper's default configuration. */
    private static void writeTree(JsonGenerator json, JsonNode node, boolean lenient) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                json.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    json.writeFieldName(field.getKey());
                    writeTree(json, field.getValue(), lenient);
                }
                json.writeEndObject();
                return;
            case ARRAY:
                json.writeStartArray();
                for (JsonNode element : node) {
                    writeTree(json, element, lenient);
                }
                json.writeEndArray();
                return;
            case STRING:
                json.writeString(node.textValue());
                return;
            case BOOLEAN:
                json.writeBoolean(node.booleanValue());
                return;
            case NULL:
            case MISSING:
                json.writeNull();
                return;
            case BINARY:
                json.writeBinary(node.binaryValue());
                return;
            case POJO:
                write(json, ((POJONode) node).getPojo(), lenient);
                return;
            case NUMBER:
                if (node.numberType() != null) {
                    switch (node.numberType()) {
                        case INT:
                            json.writeNumber(node.intValue());
                            return;
                        case LONG:
                            json.writeNumber(node.longValue());
                            return;
                        case BIG_INTEGER:
                            json.writeNumber(node.bigIntegerValue());
                            return;
                        case FLOAT:
                            json.writeNumber(node.floatValue());
                            return;
                        case DOUBLE:
                            json.writeNumber(node.doubleValue());
                            return;
                        case BIG_DECIMAL:
                            json.writeNumber(node.decimalValue());
                            return;
                        default:
                            break;
                    }
                }
                break;
            default:
                break;
        }
        unsupported(json, node, lenient, "a JSON node of type " + node.getNodeType());
    }

    private static void writeMap(JsonGenerator json, Map<?, ?> map, boolean lenient) throws IOException {
        json.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            if (key instanceof String name) {
                json.writeFieldName(name);
            } else if (key instanceof Integer || key instanceof Long) {
                json.writeFieldName(key.toString());
            } else if (key instanceof Enum<?> constant && ENUMS.get(constant.getDeclaringClass()).isEmpty()) {
                json.writeFieldName(constant.name());
            } else if (lenient) {
                json.writeFieldName(String.valueOf(key));
            } else {
                throw new JsonGenerationException("cannot write a " + map.getClass().getName() + " as JSON: a key "
                        + (key == null ? "is null" : "is a " + key.getClass().getName()) + " (keys here: String, Integer, "
                        + "Long, enum)", json);
            }
            write(json, entry.getValue(), lenient);
        }
        json.writeEndObject();
    }

    private static void writeArray(JsonGenerator json, Object array, boolean lenient) throws IOException {
        Class<?> element = array.getClass().getComponentType();
        if (element == byte.class) {
            json.writeBinary((byte[]) array); // base64, the mapper's default variant
        } else if (element == char.class) {
            json.writeString(new String((char[]) array));
        } else {
            int length = Array.getLength(array);
            json.writeStartArray();
            for (int i = 0; i < length; i++) {
                write(json, Array.get(array, i), lenient);
            }
            json.writeEndArray();
        }
    }

    private static void writeRecord(JsonGenerator json, Record record, boolean lenient) throws IOException {
        RecordShape shape = RECORDS.get(record.getClass());
        if (shape.problem != null) {
            unsupported(json, record, lenient, shape.problem);
            return;
        }
        json.writeStartObject();
        for (int i = 0; i < shape.names.length; i++) {
            json.writeFieldName(shape.names[i]);
            Object value;
            try {
                value = shape.accessors[i].invoke(record);
            } catch (InvocationTargetException | IllegalAccessException e) {
                Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
                throw new JsonGenerationException("could not read " + record.getClass().getName() + "."
                        + shape.accessors[i].getName() + "(): " + cause, cause, json);
            }
            write(json, value, lenient);
        }
        json.writeEndObject();
    }

    private static void unsupported(JsonGenerator json, Object value, boolean lenient, String why) throws IOException {
        if (lenient) {
            json.writeString(String.valueOf(value));
            return;
        }
        throw new JsonGenerationException("cannot write a " + value.getClass().getName() + " as JSON: " + why
                + ". JsonWriter writes exactly what Json.MAPPER would, for the types it knows; extend it for this one, "
                + "do not use an ObjectMapper on a function's path", json);
    }

    /** The first Jackson annotation on {@code element} other than {@code allowed}, described; null when none. */
    static String jacksonAnnotation(AnnotatedElement element, Class<? extends Annotation> allowed) {
        for (Annotation annotation : element.getAnnotations()) {
            Class<? extends Annotation> type = annotation.annotationType();
            boolean jackson = type.getName().startsWith("com.fasterxml.jackson.")
                    || type.isAnnotationPresent(JacksonAnnotationsInside.class);
            if (jackson && type != allowed) {
                return "@" + type.getSimpleName() + " on " + element + " changes what Jackson writes";
            }
        }
        return null;
    }

    /** A record class's properties as the mapper writes them, found once per class; or why it is not supported. */
    static final class RecordShape {

        /** The rule databind's {@code @JsonNaming(SnakeCaseStrategy.class)} applies (a plain function of the name). */
        private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE_CASE =
                new PropertyNamingStrategies.SnakeCaseStrategy();

        final SerializableString[] names;
        final Method[] accessors;
        final String problem;

        private RecordShape(SerializableString[] names, Method[] accessors, String problem) {
            this.names = names;
            this.accessors = accessors;
            this.problem = problem;
        }

        private static RecordShape unsupported(String problem) {
            return new RecordShape(null, null, problem);
        }

        static RecordShape of(Class<?> type) {
            String problem = jacksonAnnotation(type, JsonNaming.class);
            if (problem != null) {
                return unsupported(problem);
            }
            JsonNaming naming = type.getAnnotation(JsonNaming.class);
            if (naming != null && naming.value() != PropertyNamingStrategies.SnakeCaseStrategy.class) {
                return unsupported("@JsonNaming(" + naming.value().getName() + ") is not supported, only SnakeCaseStrategy");
            }
            RecordComponent[] components = type.getRecordComponents();
            if (components.length == 0) {
                return unsupported("a record without components (the mapper fails on an empty bean)");
            }
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Parameter[] parameters;
            try {
                Constructor<?> canonical = type.getDeclaredConstructor(types);
                parameters = canonical.getParameters();
            } catch (NoSuchMethodException e) {
                return unsupported("no canonical constructor");
            }
            SerializableString[] names = new SerializableString[components.length];
            Method[] accessors = new Method[components.length];
            Set<String> componentNames = new HashSet<>();
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                componentNames.add(component.getName());
                accessors[i] = component.getAccessor();
                // a component's annotation lands on its field, accessor and constructor parameter (by its targets)
                AnnotatedElement[] places;
                try {
                    places = new AnnotatedElement[] {accessors[i], type.getDeclaredField(component.getName()), parameters[i]};
                } catch (NoSuchFieldException e) {
                    return unsupported("no field for component " + component.getName());
                }
                String explicit = null;
                for (AnnotatedElement place : places) {
                    problem = jacksonAnnotation(place, JsonProperty.class);
                    if (problem != null) {
                        return unsupported(problem);
                    }
                    JsonProperty property = place.getAnnotation(JsonProperty.class);
                    if (property == null) {
                        continue;
                    }
                    if (property.access() == JsonProperty.Access.WRITE_ONLY || property.index() != JsonProperty.INDEX_UNKNOWN) {
                        return unsupported("@JsonProperty access or index on " + component.getName());
                    }
                    if (!property.value().isEmpty()) {
                        if (explicit != null && !explicit.equals(property.value())) {
                            return unsupported("two @JsonProperty names for " + component.getName());
                        }
                        explicit = property.value();
                    }
                }
                String name = explicit != null ? explicit
                        : naming != null ? SNAKE_CASE.translate(component.getName()) : component.getName();
                names[i] = new SerializedString(name);
                if (!accessors[i].trySetAccessible()) { // a record nested in a non-public class: as the mapper does
                    return unsupported("its accessor " + accessors[i].getName() + "() cannot be made accessible");
                }
            }
            for (Method method : type.getMethods()) {
                if (method.getDeclaringClass() == Object.class || Modifier.isStatic(method.getModifiers())
                        || method.getParameterCount() != 0 || method.getReturnType() == void.class
                        || method.isSynthetic() || method.isBridge()) {
                    continue;
                }
                if (getterLike(method)) {
                    // Jackson writes getX()/isX() as properties too; a component named so gets a version-dependent name
                    return unsupported("its method " + method.getName() + "() looks like a getter, which Jackson "
                            + "would write as a property");
                }
                if (!componentNames.contains(method.getName()) && jacksonAnnotation(method, null) != null) {
                    return unsupported(jacksonAnnotation(method, null));
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (!componentNames.contains(method.getName()) && jacksonAnnotation(method, null) != null) {
                    return unsupported(jacksonAnnotation(method, null));
                }
            }
            return new RecordShape(names, accessors, null);
        }

        private static boolean getterLike(Method method) {
            String name = method.getName();
            Class<?> returns = method.getReturnType();
            return name.startsWith("get") && name.length() > 3
                    || name.startsWith("is") && name.length() > 2 && (returns == boolean.class || returns == Boolean.class);
        }
    }
}
