package io.omicsmonitor.cli.backfill;

import io.omicsmonitor.common.aws.AwsClients;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.OmicsClientBuilder;

/**
 * The SDK clients backfill uses, with a retry strategy made for long bulk jobs and, for Omics, the rate limit.
 *
 * <p>Retries: the SDK's standard strategy (it knows the throttling error codes, {@code ThrottlingException} on HTTP
 * 400 included, and HTTP 429/5xx), with more attempts, exponential backoff with full jitter, and no circuit breaker:
 * a backfill that meets throttling should slow down and go on, not give up once the retry quota of an interactive
 * client is spent.
 *
 * <p>The rate limit is an interceptor at {@code beforeTransmission}, which the SDK calls for every HTTP attempt,
 * retries included: what reaches the Omics API is what the bucket allows.
 */
final class ClientTuning {

    /** Attempts per call (the first one and its retries). */
    static final int MAX_ATTEMPTS = 8;

    private final Duration baseDelay;
    private final Duration maxDelay;

    /** @param baseDelay the first retry's delay bound (doubled each retry, up to {@code maxDelay}, fully jittered) */
    ClientTuning(Duration baseDelay, Duration maxDelay) {
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    static ClientTuning production() {
        return new ClientTuning(Duration.ofMillis(500), Duration.ofSeconds(20));
    }

    Duration baseDelay() {
        return baseDelay;
    }

    Duration maxDelay() {
        return maxDelay;
    }

    RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxDelay))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(baseDelay.multipliedBy(2), maxDelay))
                .circuitBreakerEnabled(false)
                .build();
    }

    OmicsClient omics(AwsClients aws, TokenBucket rate) {
        OmicsClientBuilder builder = OmicsClient.builder().overrideConfiguration(c -> c
                .retryStrategy(retryStrategy())
                .addExecutionInterceptor(new RateLimit(rate)));
        return aws.configure(builder, "omics");
    }

    EventBridgeClient eventBridge(AwsClients aws) {
        EventBridgeClientBuilder builder = EventBridgeClient.builder().overrideConfiguration(c -> c
                .retryStrategy(retryStrategy()));
        return aws.configure(builder, "eventbridge");
    }

    /** Takes a permit from the bucket before every HTTP attempt. */
    private static final class RateLimit implements ExecutionInterceptor {
        private final TokenBucket bucket;

        RateLimit(TokenBucket bucket) {
            this.bucket = bucket;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            bucket.acquire();
        }
    }
}
