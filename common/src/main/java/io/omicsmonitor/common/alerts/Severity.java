package io.omicsmonitor.common.alerts;

import java.util.Locale;

/**
 * How urgent an alert is, and so which topic it goes to (docs/deployment.md, "Severities"). Every message carries it
 * twice: in its subject ({@code [CRITICAL] ...}), for mailboxes, and in the message attribute {@code severity}
 * ({@code critical}), for subscription filter policies.
 */
public enum Severity {
    /** Someone must act now: a high-priority run failed, a security event, an event about to be lost. */
    CRITICAL,
    /** Someone must look today: other failures. Escalated to critical when nobody acknowledges it in time. */
    WARNING,
    /** For the record: reports and digests. Never escalated. */
    INFO;

    /** The message attribute's value: {@code critical}, {@code warning}, {@code info}. */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The subject's prefix: {@code [CRITICAL]}. */
    public String tag() {
        return "[" + name() + "]";
    }

    /** Only critical and warning alerts wait for an acknowledgement. */
    public boolean escalates() {
        return this != INFO;
    }

    /** The severity named by a message attribute, or null for a value that is none. */
    public static Severity ofAttribute(String value) {
        if (value == null) {
            return null;
        }
        for (Severity severity : values()) {
            if (severity.attribute().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return severity;
            }
        }
        return null;
    }
}
