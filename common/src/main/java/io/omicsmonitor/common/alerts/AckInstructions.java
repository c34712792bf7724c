package io.omicsmonitor.common.alerts;

import io.omicsmonitor.common.Env;
import java.util.Objects;

/**
 * How an operator acknowledges an alert, in the exact words the alert prints: the {@code omics-monitor ack} command,
 * and the command to type in a chat channel of Amazon Q Developer in chat applications (formerly AWS Chatbot), which
 * invokes the stack's ack function.
 *
 * @param stack        the stack's name ({@code STACK_NAME})
 * @param region       the stack's region (the function's own)
 * @param ackFunction  the ack function's name ({@code ALERT_ACK_FUNCTION})
 */
public record AckInstructions(String stack, String region, String ackFunction) {

    public static final String STACK_VARIABLE = "STACK_NAME";
    public static final String ACK_FUNCTION_VARIABLE = "ALERT_ACK_FUNCTION";

    public AckInstructions {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(ackFunction, "ackFunction");
    }

    /**
     * What the template sets; outside the stack (an in-process backfill, a local run without the template) the text
     * names placeholders rather than refusing to start over words in an alert.
     */
    public static AckInstructions fromEnvironment(Env env, String region) {
        String stack = env.optional(STACK_VARIABLE, "<stack>");
        return new AckInstructions(stack, region, env.optional(ACK_FUNCTION_VARIABLE, "<the stack's AlertAckFunction>:live"));
    }

    /** {@code omics-monitor ack <id> --stack <stack> --region <region>} */
    public String cli(String alertId) {
        return "omics-monitor ack " + alertId + " --stack " + stack + " --region " + region;
    }

    /** What to type in the chat channel; the channel's role may invoke the ack function and nothing else. */
    public String chat(String alertId) {
        return "@Amazon Q lambda invoke --function-name " + ackFunction + " --region " + region
                + " --payload {\"alertId\": \"" + alertId + "\"}";
    }
}
