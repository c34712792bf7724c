package io.omicsmonitor.cli.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --in-process} routes each replay as the project's template.yaml routes it on the stack's bus, in the account
 * the replay comes from (the stack's own), with EventBridge's matcher.
 */
class ReplayRoutingTest {

    static final List<InProcessTarget.Route> STACK = InProcessTarget.projectStack();

    @ParameterizedTest(name = "{0} {1} from {2} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            Run Status Change      | RUNNING   | omics-monitor.replay | 111122223333 | status-event-recorder
            Run Status Change      | COMPLETED | omics-monitor.replay | 111122223333 | status-event-recorder manifest-processor run-analyzer
            Run Status Change      | FAILED    | omics-monitor.replay | 123456789012 | status-event-recorder manifest-processor run-analyzer
            Workflow Status Change | ACTIVE    | omics-monitor.replay | 111122223333 | workflow-records
            Workflow Status Change | FAILED    | omics-monitor.replay | 111122223333 | ''
            Run Status Change      | COMPLETED | aws.omics            | 111122223333 | ''
            """)
    void aReplayReachesTheFunctionsWhoseRulesOnTheStacksBusMatchIt(String detailType, String status, String source,
                                                                  String account, String functions) throws IOException {
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree("""
                {"version":"0","id":"r-1","detail-type":"%s","source":"%s","account":"%s","time":"2026-11-20T10:00:00Z",
                 "region":"eu-west-1","resources":[],"detail":{"status":"%s","runId":"1234567"}}"""
                .formatted(detailType, source, account, status));
        List<String> routed = STACK.stream().filter(r -> r.accepts().test(event)).map(InProcessTarget.Route::module).toList();
        assertEquals(functions.isEmpty() ? List.of() : List.of(functions.split(" ")), routed);
    }
}
