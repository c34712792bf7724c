package io.omicsmonitor.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.invoke.FunctionRunner;
import io.omicsmonitor.cli.local.EmbeddedAws;
import io.omicsmonitor.cli.local.LocalFunctions;
import io.omicsmonitor.cli.template.EventPattern;
import io.omicsmonitor.cli.template.FunctionDefinition;
import io.omicsmonitor.cli.template.Intrinsics;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Plays events through the functions as the stack's EventBridge rules would: each event goes to every function with a
 * rule (from template.yaml) on the bus the event was put on whose pattern matches it, in template order; the events a
 * function puts on a bus (the run analyzer's {@code Run Analysis Completed}, on the stack's own bus) are delivered
 * next, to whichever functions' rules on that bus match them. Patterns are matched with their intrinsic values
 * ({@code account: [!Ref AWS::AccountId]}) resolved as the functions' environments are.
 */
final class Replay {

    /** One function invocation and what came of it. */
    record Invocation(Delivery delivery, String function, FunctionRunner.Outcome outcome) {
    }

    private final LocalFunctions functions;
    private final EmbeddedAws aws;
    private final Clock clock;
    private final List<FunctionDefinition> definitions;
    private final Map<String, List<Rule>> rules = new LinkedHashMap<>();
    private int relayed;

    /** A rule as it runs locally: the name of its bus and its pattern, resolved and compiled. */
    private record Rule(String bus, EventPattern pattern) {
    }

    Replay(LocalFunctions functions, EmbeddedAws aws, Clock clock) {
        this.functions = functions;
        this.aws = aws;
        this.clock = clock;
        this.definitions = functions.template().functions();
        Intrinsics values = functions.values();
        for (FunctionDefinition function : definitions) {
            rules.put(function.logicalId(), function.eventRules().stream()
                    .map(r -> new Rule(Intrinsics.busName(values.resolve(r.eventBus()).orElse(null)),
                            EventPattern.of(values.resolveTree(r.pattern()))))
                    .toList());
        }
    }

    private boolean routes(FunctionDefinition function, Delivery delivery) {
        return rules.get(function.logicalId()).stream()
                .anyMatch(r -> r.bus().equals(delivery.bus()) && r.pattern().matches(delivery.event()));
    }

    /** Plays the deliveries in order; {@code progress} hears of each delivery with its invocations as it is done. */
    List<Invocation> play(List<Delivery> deliveries, Consumer<List<Invocation>> progress) {
        Deque<Delivery> queue = new ArrayDeque<>(deliveries);
        List<Invocation> all = new ArrayList<>();
        while (!queue.isEmpty()) {
            Delivery delivery = queue.poll();
            List<Invocation> invocations = new ArrayList<>();
            for (FunctionDefinition function : definitions) {
                if (routes(function, delivery)) {
                    invocations.add(new Invocation(delivery, function.shortName(),
                            functions.runner(function).invoke(delivery.bytes())));
                }
            }
            all.addAll(invocations);
            progress.accept(invocations.isEmpty() ? List.of(new Invocation(delivery, null, null)) : invocations);
            // what the bus received meanwhile is delivered before the next sample event, as EventBridge would soon
            List<Delivery> emitted = new ArrayList<>();
            List<JsonNode> entries = aws.putEvents();
            for (; relayed < entries.size(); relayed++) {
                JsonNode entry = entries.get(relayed);
                emitted.add(new Delivery("relayed", event(entry),
                        Intrinsics.busName(entry.path("EventBusName").asText(null))));
            }
            for (int i = emitted.size() - 1; i >= 0; i--) {
                queue.addFirst(emitted.get(i));
            }
        }
        return all;
    }

    /** The event EventBridge would deliver for a PutEvents entry. */
    private ObjectNode event(JsonNode entry) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.nameUUIDFromBytes(entry.toString().getBytes(StandardCharsets.UTF_8)).toString());
        event.put("detail-type", entry.path("DetailType").asText());
        event.put("source", entry.path("Source").asText());
        event.put("account", Intrinsics.LOCAL_ACCOUNT);
        event.put("time", time(entry.get("Time")).toString());
        event.put("region", aws.clients().region().id());
        event.set("resources", entry.has("Resources") ? entry.get("Resources") : Json.MAPPER.createArrayNode());
        try {
            event.set("detail", Json.MAPPER.readTree(entry.path("Detail").asText("{}")));
        } catch (IOException e) {
            throw new IllegalStateException("a PutEvents entry's Detail is not JSON: " + entry, e);
        }
        return event;
    }

    /** The entry's time (the SDK sends epoch seconds), else now; to the second, as EventBridge writes it. */
    private Instant time(JsonNode time) {
        Instant instant;
        if (time == null || time.isNull()) {
            instant = clock.instant();
        } else if (time.isNumber()) {
            instant = Instant.ofEpochMilli(Math.round(time.asDouble() * 1000));
        } else {
            instant = Instant.parse(time.asText());
        }
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
