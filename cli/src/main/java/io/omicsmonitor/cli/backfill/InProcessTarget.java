package io.omicsmonitor.cli.backfill;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.DetailTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;

/**
 * Runs the stack's handlers in this process on each replay event, as the template's rules would route it, each
 * built once with its public {@code (Env, AwsClients, Clock)} constructor. Lambda runs one event at a time per
 * handler instance, so there is one set of instances per concurrent worker and no instance sees two events at once.
 */
final class InProcessTarget implements ReplayTarget {

    /** A handler class and the events the stack's rules send it. */
    record Route(String handlerClass, String module, Predicate<ObjectNode> accepts) {
    }

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    /**
     * The stack's routing of the events backfill replays. custom-metrics is left out on purpose: CloudWatch rejects
     * data points older than two weeks, and historic runs would distort the current dashboards.
     */
    static final List<Route> STACK = List.of(
            new Route("io.omicsmonitor.status.StatusEventRecorder", "status-event-recorder",
                    e -> detailType(e).equals(DetailTypes.RUN_STATUS_CHANGE)),
            new Route("io.omicsmonitor.workflows.WorkflowRecorder", "workflow-records",
                    e -> detailType(e).equals(DetailTypes.WORKFLOW_STATUS_CHANGE)),
            new Route("io.omicsmonitor.manifests.ManifestProcessor", "manifest-processor",
                    e -> detailType(e).equals(DetailTypes.RUN_STATUS_CHANGE) && terminal(e)),
            new Route("io.omicsmonitor.runanalyzer.RunAnalyzerHandler", "run-analyzer",
                    e -> detailType(e).equals(DetailTypes.RUN_STATUS_CHANGE) && terminal(e)));

    private record Instance(Route route, RequestStreamHandler handler) {
    }

    private final BlockingQueue<List<Instance>> sets;

    /**
     * Builds {@code workers} sets of handlers up front, so a missing class or environment variable stops the backfill
     * before it replays anything.
     */
    InProcessTarget(List<Route> routes, int workers, Env env, AwsClients aws, Clock clock) {
        sets = new ArrayBlockingQueue<>(workers);
        for (int w = 0; w < workers; w++) {
            List<Instance> set = new ArrayList<>();
            for (Route route : routes) {
                set.add(new Instance(route, create(route, env, aws, clock)));
            }
            sets.add(set);
        }
    }

    @Override
    public int batchSize() {
        return 1;
    }

    @Override
    public List<String> send(List<ObjectNode> events) {
        List<Instance> set;
        try {
            set = sets.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a handler", e);
        }
        try {
            List<String> outcomes = new ArrayList<>();
            for (ObjectNode event : events) {
                outcomes.add(invoke(set, event));
            }
            return outcomes;
        } finally {
            sets.add(set);
        }
    }

    /** Runs every handler the event is routed to, in the stack's order; the first failure is the event's. */
    private static String invoke(List<Instance> set, ObjectNode event) {
        byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);
        for (Instance instance : set) {
            if (!instance.route().accepts().test(event)) {
                continue;
            }
            try {
                instance.handler().handleRequest(new ByteArrayInputStream(body), new ByteArrayOutputStream(), null);
            } catch (Exception e) {
                if (Failures.isFatal(e)) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
                return Failures.reason(simpleName(instance.route().handlerClass()), e);
            }
        }
        return null;
    }

    private static RequestStreamHandler create(Route route, Env env, AwsClients aws, Clock clock) {
        Class<?> type;
        try {
            type = Class.forName(route.handlerClass());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("--in-process needs the handler " + route.handlerClass() + " (module "
                    + route.module() + ") on the classpath; build the whole project (mvn -B package) first", e);
        }
        try {
            return (RequestStreamHandler) type.getConstructor(Env.class, AwsClients.class, Clock.class)
                    .newInstance(env, aws, clock);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(simpleName(route.handlerClass()) + " cannot start: " + cause.getMessage()
                    + " (set it in your shell or with --env NAME=VALUE)", cause);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(route.handlerClass() + " has no public (Env, AwsClients, Clock) constructor "
                    + "or is not a RequestStreamHandler", e);
        }
    }

    private static String detailType(ObjectNode event) {
        return event.path("detail-type").asText();
    }

    private static boolean terminal(ObjectNode event) {
        return TERMINAL.contains(event.path("detail").path("status").asText());
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
