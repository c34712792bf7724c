package io.omicsmonitor.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.UserError;
import software.amazon.event.ruler.Machine;

/**
 * One EventBridge rule's event pattern, matched by AWS's own open-source EventBridge matcher
 * (<a href="https://github.com/aws/event-ruler">event-ruler</a>), so the command line routes an event to a function
 * exactly as the stack's rule would: numbers compared as numbers ({@code [5]} does not match {@code "5"}),
 * {@code numeric} ranges, {@code prefix}/{@code suffix}, {@code anything-but}, {@code exists},
 * {@code equals-ignore-case}, {@code wildcard}, {@code cidr}, {@code $or}, and arrays in events matched element by
 * element. Compile once ({@link #of}), match many.
 */
public final class EventPattern {

    private static final String RULE = "rule";

    private final Machine machine;

    private EventPattern(Machine machine) {
        this.machine = machine;
    }

    /** The pattern, its intrinsic functions already resolved; one EventBridge would reject is a {@link UserError}. */
    public static EventPattern of(JsonNode pattern) {
        Machine machine = new Machine();
        try {
            machine.addRule(RULE, pattern.toString());
        } catch (Exception e) { // the matcher reports a bad pattern as IOException or one of its own runtime errors
            throw new UserError("the event pattern " + pattern + " is not one EventBridge accepts: " + e.getMessage());
        }
        return new EventPattern(machine);
    }

    /** True when EventBridge would deliver {@code event} (the whole envelope, as delivered) to the rule's targets. */
    public boolean matches(JsonNode event) {
        return !machine.rulesForJSONEvent(event).isEmpty();
    }
}
