package io.omicsmonitor.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Athena on an {@link ApiStub}, in its wire shape (JSON 1.1: {@code POST /} with {@code X-Amz-Target:
 * AmazonAthena.<Operation>}), answering one query: StartQueryExecution gives its id; GetQueryExecution says QUEUED,
 * then RUNNING, then the final state (SUCCEEDED, or FAILED / CANCELLED with a StateChangeReason and an AthenaError);
 * GetQueryResults gives the rows in pages, the first page's first row the column names (as Athena does for a SELECT),
 * each page but the last with a NextToken, and the columns in ResultSetMetadata.ColumnInfo.
 */
public final class AthenaStub {

    private static final String TARGET = "X-Amz-Target";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final ApiStub stub;

    public AthenaStub(ApiStub stub) {
        this.stub = stub;
    }

    /** A query that succeeds with these rows (values as text, null for SQL NULL), {@code pageSize} rows a page. */
    public AthenaStub succeeds(String queryExecutionId, List<String> columns, List<List<String>> rows, int pageSize) {
        started(queryExecutionId);
        return answers(queryExecutionId, columns, rows, pageSize);
    }

    /**
     * One of several queries of an invocation, told apart by a text its QueryString contains, that succeeds with these
     * rows. Every query of the invocation must be stubbed this way (WireMock answers with the latest matching stub).
     */
    public AthenaStub succeedsWhen(String queryContaining, String queryExecutionId, List<String> columns,
            List<List<String>> rows) {
        stub.server().stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("AmazonAthena.StartQueryExecution"))
                .withRequestBody(matchingJsonPath("$.QueryString", containing(queryContaining)))
                .willReturn(json(Json.MAPPER.createObjectNode().put("QueryExecutionId", queryExecutionId))));
        return answers(queryExecutionId, columns, rows, 1000);
    }

    private AthenaStub answers(String queryExecutionId, List<String> columns, List<List<String>> rows, int pageSize) {
        states(queryExecutionId, execution(queryExecutionId, "SUCCEEDED", null));
        List<List<String>> all = new ArrayList<>();
        all.add(columns);
        all.addAll(rows);
        int pages = Math.max(1, (all.size() + pageSize - 1) / pageSize);
        for (int p = 0; p < pages; p++) {
            ObjectNode page = Json.MAPPER.createObjectNode();
            page.put("UpdateCount", 0);
            ObjectNode resultSet = page.putObject("ResultSet");
            ArrayNode rowNodes = resultSet.putArray("Rows");
            for (List<String> row : all.subList(p * pageSize, Math.min(all.size(), (p + 1) * pageSize))) {
                ArrayNode data = rowNodes.addObject().putArray("Data");
                // Athena leaves VarCharValue out of a NULL's Datum
                row.forEach(v -> {
                    ObjectNode datum = data.addObject();
                    if (v != null) {
                        datum.put("VarCharValue", v);
                    }
                });
            }
            ArrayNode info = resultSet.putObject("ResultSetMetadata").putArray("ColumnInfo");
            for (String column : columns) {
                info.addObject().put("CatalogName", "hive").put("SchemaName", "").put("TableName", "")
                        .put("Name", column).put("Label", column).put("Type", "varchar").put("Precision", 2147483647)
                        .put("Scale", 0).put("Nullable", "UNKNOWN").put("CaseSensitive", true);
            }
            if (p + 1 < pages) {
                page.put("NextToken", "page-" + (p + 1));
            }
            MappingBuilder request = post(urlEqualTo("/")).withHeader(TARGET, equalTo("AmazonAthena.GetQueryResults"))
                    .withRequestBody(matchingJsonPath("$.QueryExecutionId", equalTo(queryExecutionId)));
            request = p == 0 ? request.withRequestBody(notContaining("\"NextToken\""))
                    : request.withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-" + p)));
            stub.server().stubFor(request.willReturn(json(page)));
        }
        return this;
    }

    /** A query that ends FAILED or CANCELLED, with Athena's reason. */
    public AthenaStub ends(String queryExecutionId, String state, String reason) {
        started(queryExecutionId);
        states(queryExecutionId, execution(queryExecutionId, state, reason));
        return this;
    }

    /** The QueryString of every StartQueryExecution received, in order. */
    public List<String> queries() {
        return bodies("StartQueryExecution").stream().map(b -> b.path("QueryString").asText()).toList();
    }

    /** The body of every call of {@code operation} received, in order. */
    public List<JsonNode> bodies(String operation) {
        List<JsonNode> bodies = new ArrayList<>();
        stub.server().findAll(postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("AmazonAthena." + operation)))
                .forEach(r -> {
                    try {
                        bodies.add(Json.MAPPER.readTree(r.getBodyAsString()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        return bodies;
    }

    private void started(String queryExecutionId) {
        stub.server().stubFor(post(urlEqualTo("/")).withHeader(TARGET, equalTo("AmazonAthena.StartQueryExecution"))
                .willReturn(json(Json.MAPPER.createObjectNode().put("QueryExecutionId", queryExecutionId))));
    }

    /** QUEUED, RUNNING, then {@code last} for every later call. */
    private void states(String id, ObjectNode last) {
        stub.server().stubFor(getExecution(id).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("running")
                .willReturn(json(execution(id, "QUEUED", null))));
        stub.server().stubFor(getExecution(id).whenScenarioStateIs("running").willSetStateTo("ended")
                .willReturn(json(execution(id, "RUNNING", null))));
        stub.server().stubFor(getExecution(id).whenScenarioStateIs("ended").willReturn(json(last)));
    }

    private static ScenarioMappingBuilder getExecution(String id) {
        return post(urlEqualTo("/")).withHeader(TARGET, equalTo("AmazonAthena.GetQueryExecution"))
                .withRequestBody(matchingJsonPath("$.QueryExecutionId", equalTo(id))).inScenario("athena-" + id);
    }

    /** GetQueryExecution's answer: {@code {"QueryExecution": {...}}}, times as epoch seconds, as Athena sends them. */
    static ObjectNode execution(String id, String state, String reason) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ObjectNode e = answer.putObject("QueryExecution");
        e.put("QueryExecutionId", id).put("Query", "SELECT ...").put("StatementType", "DML");
        e.putObject("ResultConfiguration").put("OutputLocation", "s3://athena-results/results/" + id + ".csv");
        e.putObject("QueryExecutionContext").put("Database", "omics_monitor").put("Catalog", "awsdatacatalog");
        ObjectNode status = e.putObject("Status");
        status.put("State", state).put("SubmissionDateTime", 1.7647728E9);
        if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
            status.put("CompletionDateTime", 1.764772812345E9);
        }
        if (reason != null) {
            status.put("StateChangeReason", reason);
            if (state.equals("FAILED")) {
                status.putObject("AthenaError").put("ErrorCategory", 2).put("ErrorType", 1006).put("Retryable", false)
                        .put("ErrorMessage", reason);
            }
        }
        ObjectNode statistics = e.putObject("Statistics");
        statistics.put("EngineExecutionTimeInMillis", 1840).put("TotalExecutionTimeInMillis", 2012)
                .put("QueryQueueTimeInMillis", 95);
        if (state.equals("SUCCEEDED")) {
            statistics.put("DataScannedInBytes", 48_213_550L);
        }
        e.put("WorkGroup", "omics-monitor-omics-monitor");
        e.putObject("EngineVersion").put("SelectedEngineVersion", "AUTO")
                .put("EffectiveEngineVersion", "Athena engine version 3");
        return answer;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(JsonNode body) {
        return aResponse().withStatus(200).withHeader("Content-Type", CONTENT_TYPE).withBody(body.toString());
    }
}
