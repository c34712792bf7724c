package io.omicsmonitor.common.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The functions' HTTP client, which answers SnapStart priming's dry-run calls itself. Priming points a call at
 * {@link #HOST} (a name under {@code .invalid}, which never resolves: were this client not in place, the call could
 * not reach anything); this client answers it with an empty success in the service's protocol, so that the SDK's
 * response side (unmarshalling, the response interceptors, the checksum handlers: about 500 classes) runs before the
 * snapshot too. Every other request goes to the real client untouched.
 *
 * <p>The answers: {@code {}} for the JSON protocols (Omics, CloudWatch Logs, Price List, EventBridge), an empty
 * {@code <ActionResponse><ActionResult/></ActionResponse>} for the query protocol (SNS, CloudWatch), no body for S3.
 * Each carries {@link #ANSWERED_HEADER}, which {@code SnapStartPriming.dryRun} checks.
 */
public final class PrimingAnswers implements SdkHttpClient {

    /** Where priming sends its calls. */
    public static final String HOST = "snapstart-priming.invalid";

    /** On every answer this client makes, so priming can tell that no call went out. */
    public static final String ANSWERED_HEADER = "x-omics-monitor-priming";

    private final SdkHttpClient delegate;

    PrimingAnswers(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (!HOST.equals(request.httpRequest().host())) {
            return delegate.prepareRequest(request);
        }
        byte[] body = answer(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                SdkHttpResponse response = SdkHttpResponse.builder().statusCode(200).statusText("OK")
                        .putHeader(ANSWERED_HEADER, "answered")
                        .putHeader("Content-Length", String.valueOf(body.length))
                        .putHeader("x-amzn-RequestId", "priming")
                        .build();
                return HttpExecuteResponse.builder().response(response)
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
            }

            @Override
            public void abort() {
                // answered in memory: nothing to abort
            }
        };
    }

    private static byte[] answer(HttpExecuteRequest request) {
        SdkHttpRequest http = request.httpRequest();
        String contentType = http.firstMatchingHeader("Content-Type").orElse("");
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            String action = action(request);
            return ("<" + action + "Response><" + action + "Result/></" + action + "Response>")
                    .getBytes(StandardCharsets.UTF_8);
        }
        boolean s3 = http.firstMatchingHeader("Authorization").filter(a -> a.contains("/s3/aws4_request")).isPresent();
        // S3 (the one REST-XML service here) answers these calls without a body; every other service speaks JSON
        return s3 ? new byte[0] : "{}".getBytes(StandardCharsets.UTF_8);
    }

    /** The query protocol's {@code Action=...} form field. */
    private static String action(HttpExecuteRequest request) {
        String form = request.contentStreamProvider().map(provider -> {
            try (InputStream in = provider.newStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse("");
        for (String field : form.split("&")) {
            if (field.startsWith("Action=")) {
                return URLDecoder.decode(field.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("priming: a form-encoded request without an Action");
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
