package io.omicsmonitor.common.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Drops {@code Expect: 100-continue} from S3 uploads smaller than 1 MiB: all the lake's records but the tasks of the
 * very largest runs. The SDK (2.40.2) adds it to every PutObject; over url-connection-client it costs a round trip
 * (PutObject p99 82 ms with it, 7 ms without: docs/benchmarks.md) and, when the server answers before the body is
 * sent, fails the call with "Unexpected end of file from server", which this SDK does not retry. Later SDK releases
 * skip the header below 1 MiB themselves (aws-sdk-java-v2 #6864); this does the same until the project can move.
 *
 * <p>Client interceptors run after the service's own, so the header S3's interceptor added is there to remove.
 */
final class NoExpectContinue implements ExecutionInterceptor {

    static final long THRESHOLD_BYTES = 1024 * 1024;

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        boolean small = context.requestBody()
                .flatMap(body -> body.optionalContentLength())
                .map(length -> length < THRESHOLD_BYTES)
                .orElse(false);
        return small && request.firstMatchingHeader("Expect").isPresent()
                ? request.toBuilder().removeHeader("Expect").build()
                : request;
    }
}
