package io.omicsmonitor.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One {@code AWS::Serverless::Function} of the template.
 *
 * @param logicalId   its logical id ({@code StatusEventRecorderFunction})
 * @param shortName   the id in kebab case without the {@code Function} suffix ({@code status-event-recorder})
 * @param handlerClass the class named by {@code Handler} (without {@code ::method})
 * @param environment the variables as written (Globals merged, function's own win), values unresolved
 * @param eventRules  the EventBridge rules that invoke it: each one's bus and pattern, unresolved
 */
public record FunctionDefinition(String logicalId, String shortName, String handlerClass,
                                 Map<String, JsonNode> environment, List<EventRule> eventRules) {

    /**
     * One rule: the bus it is on ({@code EventBusName} as written; null for the default bus) and its pattern.
     * A rule sees only the events put on its own bus.
     */
    public record EventRule(JsonNode eventBus, JsonNode pattern) {
    }

    /** The rules' patterns, whatever their bus. */
    public List<JsonNode> eventPatterns() {
        return eventRules.stream().map(EventRule::pattern).toList();
    }
}
