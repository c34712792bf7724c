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
 * @param eventPatterns the EventBridge patterns of the rules that invoke it
 */
public record FunctionDefinition(String logicalId, String shortName, String handlerClass,
                                 Map<String, JsonNode> environment, List<JsonNode> eventPatterns) {
}
