package io.omicsmonitor.cli.backfill;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.AwsFailures;
import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.cli.template.EventPattern;
import io.omicsmonitor.cli.template.FunctionDefinition;
import io.omicsmonitor.cli.template.Intrinsics;
import io.omicsmonitor.cli.template.SamTemplate;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * The stack's routing of the events backfill replays: each function's rules on the stack's own bus (where replays
     * are put), from the project's template.yaml. custom-metrics is left out on purpose: CloudWatch rejects data
     * points older than two weeks, and historic runs would distort the current dashboards.
     */
    static List<Route> projectStack() {
        return stack(SamTemplate.read(ProjectFiles.locate().template()));
    }

    static List<Route> stack(SamTemplate template) {
        List<Route> routes = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            ReplayRules rules = new ReplayRules(template, function);
            if (!function.shortName().equals("custom-metrics") && rules.any()) {
                routes.add(new Route(function.handlerClass(), function.shortName(), rules));
            }
        }
        return routes;
    }

    /**
     * A function's rules on the stack's bus, matched by EventBridge's matcher with {@code AWS::AccountId} resolved to
     * the replayed event's own account: the stack runs in the account whose runs it replays.
     */
    private static final class ReplayRules implements Predicate<ObjectNode> {
        private final SamTemplate template;
        private final List<FunctionDefinition.EventRule> rules;
        private final Map<String, List<EventPattern>> byAccount = new ConcurrentHashMap<>();

        ReplayRules(SamTemplate template, FunctionDefinition function) {
            this.template = template;
            Intrinsics values = Intrinsics.local(template.root(), "us-east-1");
            this.rules = function.eventRules().stream()
                    .filter(r -> !Intrinsics.busName(values.resolve(r.eventBus()).orElse(null)).equals("default"))
                    .toList();
        }

        boolean any() {
            return !rules.isEmpty();
        }

        @Override
        public boolean test(ObjectNode event) {
            String account = event.path("account").asText();
            return byAccount.computeIfAbsent(account, a -> {
                Intrinsics values = Intrinsics.local(template.root(), event.path("region").asText("us-east-1"), a);
                return rules.stream().map(r -> EventPattern.of(values.resolveTree(r.pattern()))).toList();
            }).stream().anyMatch(p -> p.matches(event));
        }
    }

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
                return AwsFailures.reason(simpleName(instance.route().handlerClass()), e);
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

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
