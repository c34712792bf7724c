package io.omicsmonitor.reportgenerator;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.omicsmonitor.json.JsonTrees;
import io.omicsmonitor.json.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Attachment;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentDisposition;
import software.amazon.awssdk.services.sesv2.model.AttachmentContentTransferEncoding;
import software.amazon.awssdk.services.sesv2.model.Content;

/**
 * E-mails a report through SES v2 (SendEmail, Simple content): the page as the HTML body, the announcement's text as
 * the plain-text part, the CSVs attached while the whole message stays under {@link #MAX_MESSAGE_BYTES}.
 *
 * <p>Once per report: after SES accepts the message, a marker {@value #MARKER} beside the page records its message id,
 * and a retry (Lambda's, or a redrive of the dead-letter queue) that finds the marker sends nothing. So an invocation
 * that failed after the e-mail (the announcement on SNS) does not e-mail the readers twice; one that failed before it
 * (SES refused) e-mails them when it succeeds. Delete the marker to send a report again.
 */
final class ReportEmail {

    /** The template's parameters ReportEmailSender and ReportEmailRecipients; either empty: no e-mail. */
    static final String SENDER_VARIABLE = "REPORT_EMAIL_SENDER";
    static final String RECIPIENTS_VARIABLE = "REPORT_EMAIL_RECIPIENTS";
    static final String MARKER = "email-sent.json";
    /** SES takes at most 50 recipients in one message. */
    static final int MAX_RECIPIENTS = 50;
    /**
     * SES v2 accepts a message of up to 40 MB; many receiving mail servers refuse more than 10 MB. Above this (base64
     * makes a CSV a third larger) the CSVs stay in S3 only, and the text says so.
     */
    static final long MAX_MESSAGE_BYTES = 10L * 1024 * 1024;

    /** What was sent, or found already sent. */
    record Sent(String messageId, boolean before, List<String> attached) {
    }

    private record Marker(String messageId, String eventId, Instant sentAt, List<String> to, List<String> attached) {
    }

    private final SesV2Client ses;
    private final S3Client s3;
    private final String bucket;
    private final String sender;
    private final List<String> recipients;

    ReportEmail(SesV2Client ses, S3Client s3, String bucket, String sender, List<String> recipients) {
        this.ses = Objects.requireNonNull(ses);
        this.s3 = Objects.requireNonNull(s3);
        this.bucket = Objects.requireNonNull(bucket);
        this.sender = Objects.requireNonNull(sender);
        this.recipients = List.copyOf(recipients);
    }

    /**
     * The recipients of {@code REPORT_EMAIL_RECIPIENTS} when both it and the sender are set; none (no e-mail) when
     * both are empty. One without the other, an address without '@' or more than 50 recipients: an error naming the
     * variable.
     */
    static Optional<List<String>> recipients(String sender, String list) {
        List<String> to = Arrays.stream(list.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
        if (sender.isBlank() && to.isEmpty()) {
            return Optional.empty();
        }
        if (sender.isBlank() || to.isEmpty()) {
            throw new IllegalArgumentException(SENDER_VARIABLE + " and " + RECIPIENTS_VARIABLE
                    + " are both set or both empty: sender '" + sender + "', recipients '" + list + "'");
        }
        if (!sender.contains("@")) {
            throw new IllegalArgumentException(SENDER_VARIABLE + ": '" + sender + "' is not an e-mail address");
        }
        to.stream().filter(a -> !a.contains("@")).findFirst().ifPresent(a -> {
            throw new IllegalArgumentException(RECIPIENTS_VARIABLE + ": '" + a + "' is not an e-mail address");
        });
        if (to.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException(RECIPIENTS_VARIABLE + " names " + to.size()
                    + " addresses; SES sends one message to at most " + MAX_RECIPIENTS);
        }
        return Optional.of(to);
    }

    /**
     * Sends the report unless its marker says it was sent.
     *
     * @param folder the report's folder in the bucket ({@code reports/daily/2026-11-15/})
     * @param files  the report's files, name to content, the page first
     */
    Sent send(String eventId, String folder, String subject, String text, Map<String, String> files, Instant now) {
        String marker = folder + MARKER;
        Optional<String> earlier = sentBefore(marker);
        if (earlier.isPresent()) {
            return new Sent(earlier.get(), true, List.of());
        }
        String html = files.values().iterator().next();
        List<Attachment> attachments = new ArrayList<>();
        long size = utf8(html) + utf8(text);
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (file.getKey().endsWith(".csv")) {
                size += (utf8(file.getValue()) + 2) / 3 * 4;
                attachments.add(Attachment.builder().fileName(file.getKey()).contentType("text/csv")
                        .contentDisposition(AttachmentContentDisposition.ATTACHMENT)
                        .contentTransferEncoding(AttachmentContentTransferEncoding.BASE64)
                        .rawContent(SdkBytes.fromUtf8String(file.getValue())).build());
            }
        }
        String body = text;
        if (size > MAX_MESSAGE_BYTES) {
            attachments.clear();
            body = text + "\nThe CSVs are not attached: with them the message would be over "
                    + MAX_MESSAGE_BYTES / (1024 * 1024) + " MB.\n";
        }
        String plain = body;
        List<Attachment> attached = List.copyOf(attachments);
        String messageId = ses.sendEmail(e -> e.fromEmailAddress(sender).destination(d -> d.toAddresses(recipients))
                .content(c -> c.simple(m -> m.subject(utf8Content(subject))
                        .body(b -> b.html(utf8Content(html)).text(utf8Content(plain))).attachments(attached))))
                .messageId();
        List<String> names = attached.stream().map(Attachment::fileName).toList();
        try {
            byte[] json = JsonWriter.toBytes(new Marker(messageId, eventId, now, recipients, names));
            s3.putObject(b -> b.bucket(bucket).key(marker).contentType("application/json"), RequestBody.fromBytes(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new Sent(messageId, false, names);
    }

    /**
     * The marker's message id, if the marker is there. Listed first, not just read: without s3:ListBucket a missing
     * object reads as AccessDenied, and the role may list only under reports/ (template.yaml, ReportGeneratorEmailPolicy).
     */
    private Optional<String> sentBefore(String marker) {
        boolean there = s3.listObjectsV2(b -> b.bucket(bucket).prefix(marker).maxKeys(1)).contents().stream()
                .anyMatch(o -> o.key().equals(marker));
        if (!there) {
            return Optional.empty();
        }
        try {
            byte[] json = s3.getObjectAsBytes(b -> b.bucket(bucket).key(marker)).asByteArray();
            return Optional.of(JsonTrees.readTree(json).path("messageId").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("s3://" + bucket + "/" + marker + " is not JSON; delete it to e-mail the "
                    + "report again", e);
        }
    }

    private static Content utf8Content(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
