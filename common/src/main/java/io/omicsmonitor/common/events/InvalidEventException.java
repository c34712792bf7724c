package io.omicsmonitor.common.events;

/**
 * An event the function cannot process as it stands. The message always names the event id and the field, and the
 * invocation fails with it, so EventBridge's retries and the dead-letter queue keep the event for someone to look at.
 */
public class InvalidEventException extends RuntimeException {

    public static final String UNKNOWN_ID = "(no id)";

    public InvalidEventException(String eventId, String problem) {
        super("event " + (eventId == null ? UNKNOWN_ID : eventId) + ": " + problem);
    }

    public InvalidEventException(String eventId, String problem, Throwable cause) {
        super("event " + (eventId == null ? UNKNOWN_ID : eventId) + ": " + problem, cause);
    }
}
