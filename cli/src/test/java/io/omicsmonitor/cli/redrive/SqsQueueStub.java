package io.omicsmonitor.cli.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One standard SQS queue behind WireMock, answering the SDK's SqsClient (2.40.2 speaks the AWS JSON 1.0 protocol:
 * {@code POST /}, {@code X-Amz-Target: AmazonSQS.<Operation>}, {@code Content-Type: application/x-amz-json-1.0}) as
 * SQS does: ReceiveMessage hides what it returns for the visibility timeout and gives each receive a new receipt
 * handle, with {@code MD5OfBody} and {@code MD5OfMessageAttributes} the SDK checks; DeleteMessageBatch deletes only
 * with the newest receipt handle; ChangeMessageVisibilityBatch changes when a message is visible again.
 */
final class SqsQueueStub implements ResponseDefinitionTransformerV2 {

    static final String NAME = "sqs-queue";
    static final String QUEUE_URL = "https://sqs.us-west-2.amazonaws.com/123456789012/omics-monitor-StatusEventRecorderDeadLetterQueue-7Hk2";

    /** A message as it sits in the queue. */
    static final class Stored {
        final String messageId;
        final String body;
        final Map<String, String> attributes;
        String receiptHandle;
        long visibleAt;
        int receives;

        Stored(String messageId, String body, Map<String, String> attributes) {
            this.messageId = messageId;
            this.body = body;
            this.attributes = new TreeMap<>(attributes);
        }
    }

    private final List<Stored> messages = new ArrayList<>();
    private final List<String> deletedHandles = new ArrayList<>();
    private final List<String> deletedIds = new ArrayList<>();
    private final List<JsonNode> receives = new ArrayList<>();
    private final List<JsonNode> visibilityChanges = new ArrayList<>();
    private Predicate<String> deleteFails = id -> false;
    private final java.util.Set<String> ghosts = new java.util.HashSet<>();
    private int sequence;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    synchronized String add(String body, Map<String, String> attributes) {
        String id = UUID.nameUUIDFromBytes(("message-" + (++sequence)).getBytes(StandardCharsets.UTF_8)).toString();
        messages.add(new Stored(id, body, attributes));
        return id;
    }

    synchronized void reset() {
        messages.clear();
        deletedHandles.clear();
        deletedIds.clear();
        receives.clear();
        visibilityChanges.clear();
        deleteFails = id -> false;
        ghosts.clear();
        handles.clear();
        sequence = 0;
    }

    /** DeleteMessageBatch entries for these message ids fail (ReceiptHandleIsInvalid, as for a stale handle). */
    synchronized void failDeletesOf(Predicate<String> messageIds) {
        deleteFails = messageIds;
    }

    /**
     * SQS's "at least once": the first delete of this message misses one stored copy, which the next receive returns
     * again (with a new receipt handle) and a delete with that handle removes.
     */
    synchronized void copyOnceAfterDelete(String messageId) {
        ghosts.add(messageId);
    }

    synchronized List<String> messageIds() {
        return messages.stream().map(m -> m.messageId).toList();
    }

    synchronized List<String> visibleMessageIds() {
        long now = System.currentTimeMillis();
        return messages.stream().filter(m -> m.visibleAt <= now).map(m -> m.messageId).toList();
    }

    synchronized List<String> deletedHandles() {
        return List.copyOf(deletedHandles);
    }

    synchronized List<String> deletedIds() {
        return List.copyOf(deletedIds);
    }

    synchronized List<JsonNode> receiveRequests() {
        return List.copyOf(receives);
    }

    synchronized List<JsonNode> visibilityChangeRequests() {
        return List.copyOf(visibilityChanges);
    }

    /** Every receipt handle this queue gave out, by message id (in order). */
    private final Map<String, List<String>> handles = new LinkedHashMap<>();

    synchronized List<String> handlesOf(String messageId) {
        return List.copyOf(handles.getOrDefault(messageId, List.of()));
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        String target = event.getRequest().getHeader("X-Amz-Target");
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(event.getRequest().getBodyAsString());
        } catch (IOException e) {
            return error(400, "com.amazonaws.sqs#InvalidParameterValue", "InvalidParameterValue", "not JSON");
        }
        if (!QUEUE_URL.equals(request.path("QueueUrl").asText())) {
            return error(400, "com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
                    "The specified queue does not exist.");
        }
        return switch (target) {
            case "AmazonSQS.ReceiveMessage" -> receive(request);
            case "AmazonSQS.DeleteMessageBatch" -> deleteBatch(request);
            case "AmazonSQS.ChangeMessageVisibilityBatch" -> changeVisibilityBatch(request);
            default -> error(400, "com.amazonaws.sqs#UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation",
                    target + " is not stubbed");
        };
    }

    private ResponseDefinition receive(JsonNode request) {
        receives.add(request);
        int max = request.path("MaxNumberOfMessages").asInt(1);
        int visibility = request.path("VisibilityTimeout").asInt(30);
        long now = System.currentTimeMillis();
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Stored m : messages) {
            if (out.size() >= max) {
                break;
            }
            if (m.visibleAt > now) {
                continue;
            }
            m.receives++;
            m.receiptHandle = "AQEB" + m.messageId.replace("-", "") + "-r" + m.receives;
            handles.computeIfAbsent(m.messageId, k -> new ArrayList<>()).add(m.receiptHandle);
            m.visibleAt = now + visibility * 1000L;
            ObjectNode json = out.addObject();
            json.put("MessageId", m.messageId);
            json.put("ReceiptHandle", m.receiptHandle);
            json.put("MD5OfBody", md5(m.body.getBytes(StandardCharsets.UTF_8)));
            json.put("Body", m.body);
            ObjectNode system = json.putObject("Attributes");
            system.put("ApproximateReceiveCount", String.valueOf(m.receives));
            system.put("SentTimestamp", "1795766875000");
            if (!m.attributes.isEmpty()) {
                json.put("MD5OfMessageAttributes", attributesMd5(m.attributes));
                ObjectNode attributes = json.putObject("MessageAttributes");
                m.attributes.forEach((name, value) -> attributes.putObject(name).put("DataType", "String")
                        .put("StringValue", value));
            }
        }
        if (!out.isEmpty()) {
            response.set("Messages", out);
        }
        return ok(response);
    }

    private ResponseDefinition deleteBatch(JsonNode request) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode successful = response.putArray("Successful");
        ArrayNode failed = response.putArray("Failed");
        for (JsonNode entry : request.path("Entries")) {
            String handle = entry.path("ReceiptHandle").asText();
            Stored m = messages.stream().filter(s -> handle.equals(s.receiptHandle)).findFirst().orElse(null);
            if (m == null || deleteFails.test(m.messageId)) {
                failed.addObject().put("Id", entry.path("Id").asText()).put("SenderFault", true)
                        .put("Code", "ReceiptHandleIsInvalid")
                        .put("Message", "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
                continue;
            }
            messages.remove(m);
            if (ghosts.remove(m.messageId)) {
                messages.add(new Stored(m.messageId, m.body, m.attributes));
            }
            deletedHandles.add(handle);
            deletedIds.add(m.messageId);
            successful.addObject().put("Id", entry.path("Id").asText());
        }
        return ok(response);
    }

    private ResponseDefinition changeVisibilityBatch(JsonNode request) {
        visibilityChanges.add(request);
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode successful = response.putArray("Successful");
        ArrayNode failed = response.putArray("Failed");
        long now = System.currentTimeMillis();
        for (JsonNode entry : request.path("Entries")) {
            String handle = entry.path("ReceiptHandle").asText();
            Stored m = messages.stream().filter(s -> handle.equals(s.receiptHandle)).findFirst().orElse(null);
            if (m == null) {
                failed.addObject().put("Id", entry.path("Id").asText()).put("SenderFault", true)
                        .put("Code", "ReceiptHandleIsInvalid").put("Message", "not a valid receipt handle");
                continue;
            }
            m.visibleAt = now + entry.path("VisibilityTimeout").asInt() * 1000L;
            successful.addObject().put("Id", entry.path("Id").asText());
        }
        return ok(response);
    }

    private static ResponseDefinition ok(JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(body.toString()).build();
    }

    private static ResponseDefinition error(int status, String type, String queryCode, String message) {
        return new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withHeader("x-amzn-query-error", queryCode + ";Sender")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}").build();
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SQS's MD5 of message attributes: for each attribute by name, the name, the data type (each as a 4-byte
     * big-endian length and UTF-8 bytes), the transport type 1 (string) and the value (length and bytes).
     */
    static String attributesMd5(Map<String, String> attributes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            for (Map.Entry<String, String> e : new TreeMap<>(attributes).entrySet()) {
                lengthAndBytes(digest, e.getKey());
                lengthAndBytes(digest, "String");
                digest.update((byte) 1);
                lengthAndBytes(digest, e.getValue());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void lengthAndBytes(MessageDigest digest, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
