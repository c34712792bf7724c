package io.omicsmonitor.common.lake;

import java.util.regex.Pattern;

/**
 * The last line of defence for object keys: every part of a key the lake writes is checked here, so no value from
 * an event ('/', '..', '%2F', control characters, kilobytes of text) can place an object outside its table's prefix.
 * Handlers validate their inputs earlier with messages for the user; this check is for the programmer.
 */
public final class KeyParts {

    static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=-]{0,127}");
    /**
     * A SAFE name whose every '.' sits between two other characters: the object name {@code <id>.json} then never
     * holds "..", not even for an id that ends in '.'.
     */
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_=-]|\\.(?=[A-Za-z0-9_=-])){0,127}");
    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private KeyParts() {
    }

    public static String recordId(String value) {
        if (value == null || !RECORD_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("refusing to write an object named '" + value
                    + "': a record id is 1 to 128 letters, digits, '_', '=' or '-', with '.' only between two of them");
        }
        return value;
    }

    public static String table(String value) {
        if (value == null || !TABLE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a table name (lower case, digits, '_')");
        }
        return value;
    }
}
