package io.omicsmonitor.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.omicsmonitor.reliability.Harness.Fn;
import io.omicsmonitor.reliability.Harness.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EventBridge delivers at least once: the same event 2 to 5 times, one after another (a redelivery, Lambda's retry of
 * an invocation that timed out after writing) and at the same time (Lambda runs each delivery in its own execution
 * environment: here, one handler instance per delivery, sharing the S3 server). The lake must hold exactly what one
 * delivery writes: the same keys, the same bytes.
 */
class DuplicateDeliveryTest {

    static Harness lake;

    @BeforeAll
    static void start() {
        lake = new Harness();
    }

    @AfterAll
    static void stop() {
        lake.close();
    }

    @BeforeEach
    void reset() {
        lake.reset();
    }

    enum Mode { SEQUENTIAL, CONCURRENT }

    /** Every function that writes to the lake, with an event that makes it write, and the objects it writes. */
    static Stream<Arguments> deliveries() {
        List<Arguments> cases = new ArrayList<>();
        Object[][] events = {
            {Fn.STATUS, "run-running.json", 1},
            {Fn.STATUS, "run-completed-legacy.json", 1},
            {Fn.STATUS, "run-failed.json", 1},
            {Fn.STATUS, "task-completed.json", 1},
            {Fn.WORKFLOWS, "workflow-active.json", 1},
            {Fn.WORKFLOWS, "workflow-version-active.json", 2},
            {Fn.MANIFESTS, "run-completed.json", 2},
            {Fn.MANIFESTS, "run-cancelled.json", 2},
            {Fn.ANALYZER, "run-completed.json", 2},
            {Fn.ANALYZER, "run-failed.json", 2},
        };
        for (Object[] e : events) {
            for (int copies = 2; copies <= 5; copies++) {
                for (Mode mode : Mode.values()) {
                    cases.add(Arguments.of(e[0], e[1], e[2], copies, mode));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} delivered {3} times, {4}")
    @MethodSource("deliveries")
    void theLakeHoldsWhatOneDeliveryWrites(Fn fn, String sample, int objects, int copies, Mode mode) throws Exception {
        lake.invoke(fn, Harness.sample(sample)).ok();
        TreeMap<String, String> once = lake.objects();
        int alertsOnce = lake.publishes().size();
        assertEquals(objects, once.size(), "one delivery writes " + objects + " objects: " + once.keySet());
        lake.reset();

        List<Outcome> outcomes = deliver(fn, Harness.sample(sample), copies, mode);

        outcomes.forEach(Outcome::ok);
        assertEquals(once, lake.objects(), "the same keys and bytes as one delivery");
        int alerts = lake.publishes().size();
        if (mode == Mode.SEQUENTIAL) {
            assertEquals(alertsOnce, alerts, "a redelivered failure is alerted once");
        } else {
            // Concurrent copies of a FAILED event may each see no record yet and alert: at least once, at most once
            // per copy (docs/reliability.md, "Alerts are at least once").
            assertTrue(alerts >= alertsOnce && alerts <= copies * Math.max(1, alertsOnce), "alerts: " + alerts);
            if (alertsOnce > 0) Figures.record("concurrent-failed-alerts", sample + " x" + copies + ": " + alerts + " alerts");
        }
    }

    /**
     * Metrics: CloudWatch cannot tell a redelivered data point from a new one. The publisher marks each event it
     * published in {@code lake/_state/custom-metrics/} and skips a marked one: a redelivery in sequence is counted once,
     * and costs no second GetRun.
     */
    @ParameterizedTest(name = "metrics for run-completed.json delivered {0} times, in sequence, are counted once")
    @MethodSource("copies")
    void aRedeliveredStatusChangeIsCountedOnce(int copies) throws Exception {
        deliver(Fn.METRICS, Harness.sample("run-completed.json"), copies, Mode.SEQUENTIAL).forEach(Outcome::ok);

        assertEquals(1, lake.putMetricData().size(), "one PutMetricData for one event, however often it is delivered");
        assertEquals(1, lake.apis.server().findAll(getRequestedFor(urlEqualTo("/run/7382915"))).size(), "one GetRun");
        assertEquals(List.of("lake/_state/custom-metrics/2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12.json"),
                List.copyOf(lake.objects().keySet()), "one marker, and nothing in the tables");
        Figures.record("metrics-redelivered", "run-completed.json x" + copies + " in sequence: "
                + lake.putMetricData().size() + " PutMetricData");
    }

    /**
     * Copies at the same moment each find no marker yet and may each publish: at least once, at most once per copy
     * (docs/reliability.md). The figure measured is reported.
     */
    @ParameterizedTest(name = "metrics for run-completed.json delivered {0} times at once: at least once")
    @MethodSource("copies")
    void concurrentCopiesOfAStatusChangeArePublishedAtLeastOnce(int copies) throws Exception {
        deliver(Fn.METRICS, Harness.sample("run-completed.json"), copies, Mode.CONCURRENT).forEach(Outcome::ok);

        int calls = lake.putMetricData().size();
        assertTrue(calls >= 1 && calls <= copies, "PutMetricData calls: " + calls);
        assertEquals(1, lake.objects().size(), "one marker key: " + lake.objects().keySet());
        Figures.record("metrics-concurrent", "run-completed.json x" + copies + " at once: " + calls + " PutMetricData");
    }

    static Stream<Integer> copies() {
        return Stream.of(2, 3, 4, 5);
    }

    /** Delivers the event {@code copies} times, each to its own handler instance (its own execution environment). */
    static List<Outcome> deliver(Fn fn, byte[] event, int copies, Mode mode) throws Exception {
        List<RequestStreamHandler> environments = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            environments.add(lake.handler(fn));
        }
        List<Outcome> outcomes = new ArrayList<>();
        if (mode == Mode.SEQUENTIAL) {
            for (RequestStreamHandler handler : environments) {
                outcomes.add(lake.invoke(fn, handler, event));
            }
            return outcomes;
        }
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> running = new ArrayList<>();
            for (RequestStreamHandler handler : environments) {
                running.add(pool.submit(() -> {
                    start.await();
                    return lake.invokeUnchecked(handler, event);
                }));
            }
            start.countDown();
            for (Future<Outcome> f : running) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        lake.checkPuts(fn);
        return outcomes;
    }
}
