package io.omicsmonitor.common.aws;

import io.omicsmonitor.common.Env;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds every SDK client the functions use, in one place: the region from {@code AWS_REGION}, the default
 * credentials chain, one light HTTP client shared by all clients of a function, and an endpoint override per service
 * for local runs and tests.
 *
 * <p>Endpoint overrides use the SDK's own variable names ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL_OMICS},
 * ..., or {@code AWS_ENDPOINT_URL} for all), so whoever knows the SDK knows these.
 */
public final class AwsClients {

    /** How long to wait for a connection to an AWS endpoint. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    /**
     * How long a response may stay silent before the attempt is abandoned and the SDK retries it. Well under the
     * recorders' 30-second Lambda timeout: with 30 seconds here, one hung connection used the whole invocation and the
     * SDK's own retry never ran (docs/reliability.md). Every call the functions make answers within a second or two
     * when the service is healthy; a silence of 10 seconds is a dead connection.
     */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Map<String, URI> endpoints;
    private final SdkHttpClient httpClient;

    /**
     * @param endpoints endpoint overrides by service id ({@code s3}, {@code omics}, {@code sns}, {@code cloudwatch_logs},
     *                  {@code pricing}, {@code cloudwatch}, {@code eventbridge}, {@code athena}, {@code scheduler}, {@code sesv2}); {@code *}
     *                  overrides every service
     */
    public AwsClients(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints) {
        this(region, credentials, endpoints, CONNECTION_TIMEOUT, SOCKET_TIMEOUT);
    }

    /**
     * With other timeouts than the functions': for tests that make an endpoint hang (and so need a socket timeout of
     * milliseconds, not seconds) and for tools with longer calls.
     */
    public AwsClients(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints,
                      Duration connectionTimeout, Duration socketTimeout) {
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.endpoints = Map.copyOf(endpoints);
        this.httpClient = new PrimingAnswers(UrlConnectionHttpClient.builder()
                .connectionTimeout(connectionTimeout)
                .socketTimeout(socketTimeout)
                .build());
    }

    /** Production wiring: what Lambda (or a user's shell) provides. */
    public static AwsClients fromEnvironment(Env env) {
        Region region = Region.of(env.required("AWS_REGION"));
        Map<String, URI> endpoints = new java.util.HashMap<>();
        env.optional("AWS_ENDPOINT_URL").ifPresent(url -> endpoints.put("*", URI.create(url)));
        for (String service : new String[] {"s3", "omics", "sns", "cloudwatch_logs", "pricing", "cloudwatch", "eventbridge",
                "athena", "scheduler", "sesv2"}) {
            env.optional("AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT))
                    .ifPresent(url -> endpoints.put(service, URI.create(url)));
        }
        return new AwsClients(region, DefaultCredentialsProvider.builder().build(), endpoints);
    }

    public Region region() {
        return region;
    }

    /**
     * The lake's S3 client. {@code extraInterceptors} are for tests that watch the calls (what priming marshals):
     * they get the same client the function gets, plus their interceptor.
     */
    public S3Client s3(ExecutionInterceptor... extraInterceptors) {
        var builder = S3Client.builder();
        // A local S3 server (S3Proxy) answers on one host: bucket names go in the path there, not in the host name.
        endpoint("s3").ifPresent(uri -> builder.forcePathStyle(true));
        // Every lake object is a byte array in memory: send it as is, with its CRC32 in a header, rather than
        // aws-chunked with the CRC32 in a trailer. The integrity check is the same; the body needs no framing, and the
        // local S3 server (S3Proxy) drops a kept-alive connection after each aws-chunked upload, which made between one
        // PutObject in fifty and one in ten fail on its stale connection and wait out a retry back-off of up to
        // 100 ms (the warm p99 in docs/benchmarks.md).
        builder.serviceConfiguration(c -> c.chunkedEncodingEnabled(false));
        builder.overrideConfiguration(c -> {
            c.addExecutionInterceptor(new NoExpectContinue());
            for (ExecutionInterceptor interceptor : extraInterceptors) {
                c.addExecutionInterceptor(interceptor);
            }
        });
        return configure(builder, "s3");
    }

    /**
     * Applies the shared settings to any synchronous client builder and builds the client. Override configuration the
     * caller already set on the builder (a retry strategy, interceptors) is kept.
     *
     * @param serviceId the service's id in {@code AWS_ENDPOINT_URL_<SERVICE>}, lower case
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, String serviceId) {
        return configure(builder, serviceId, region);
    }

    /**
     * As {@link #configure(AwsClientBuilder, String)}, for a service that answers in one region only whatever the
     * function's own (the Price List API: us-east-1).
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, String serviceId,
                                                                                            Region clientRegion) {
        builder.region(clientRegion).credentialsProvider(credentials).httpClient(httpClient);
        endpoint(serviceId).ifPresent(uri -> builder
                .endpointOverride(uri)
                // Omics prefixes its host names ("workflows-omics..."): a local endpoint has no such host.
                .overrideConfiguration(builder.overrideConfiguration().toBuilder()
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
                        .build()));
        return builder.build();
    }

    private Optional<URI> endpoint(String serviceId) {
        return Optional.ofNullable(endpoints.getOrDefault(serviceId, endpoints.get("*")));
    }
}
