package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lambda's advanced logging controls on every function: JSON lines, the application level from the LogLevel
 * parameter (Lambda drops lines below it and passes it as AWS_LAMBDA_LOG_LEVEL, which Log reads), system logs at
 * INFO. SAM merges the Globals' LoggingConfig into each function's own (LogFormat, LogGroup).
 */
class LoggingConfigTest {

    static final Template T = Template.PROJECT;

    @Test
    void everyFunctionLogsJsonAtTheLogLevelParameter() {
        JsonNode globals = T.template.path("Globals").path("Function").path("LoggingConfig");
        for (Map.Entry<String, JsonNode> function : T.functions().entrySet()) {
            ObjectNode merged = ((ObjectNode) globals).deepCopy();
            merged.setAll((ObjectNode) function.getValue().path("Properties").path("LoggingConfig"));
            assertEquals("JSON", merged.path("LogFormat").asText(), function.getKey());
            assertEquals("LogLevel", Template.referenced(merged.path("ApplicationLogLevel")), function.getKey());
            assertEquals("INFO", merged.path("SystemLogLevel").asText(), function.getKey());
            assertFalse(T.functionProperty(function.getKey(), "Environment").path("Variables").has("LOG_LEVEL"),
                    function.getKey() + ": the level is LoggingConfig's, which Lambda passes as AWS_LAMBDA_LOG_LEVEL");
        }
    }

    @Test
    void theLogLevelParameterOffersLambdasLevels() {
        JsonNode parameter = T.template.path("Parameters").path("LogLevel");
        assertEquals("INFO", parameter.path("Default").asText());
        assertEquals(List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"),
                parameter.path("AllowedValues").valueStream().map(JsonNode::asText).toList());
    }
}
