package io.omicsmonitor.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.bench.launch.FunctionLauncher;
import io.omicsmonitor.local.AthenaStub;
import io.omicsmonitor.local.MetricDataStub;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jars users deploy, run as Lambda runs them. Each function's {@code target/function.jar} is shrunk by ProGuard
 * ({@code function-jar.pro}); the module tests check each handler on its module's class path, and this checks that the
 * shipped jar still holds every class those paths need. Per function (one row of {@code bench/functions.tsv}): a fresh
 * JVM with the jar and the launcher only, with {@code -Xverify:all}; the handler built by name with its no-arg
 * constructor, from the environment alone; SnapStart priming; then its sample events, against local endpoints. Each
 * runs on the JDK running the tests and on JDK 25, template.yaml's runtime, where installed ({@link #jdks}).
 */
class FunctionJarsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    static LocalEndpoints.Running endpoints;

    @BeforeAll
    static void start() throws IOException {
        endpoints = LocalEndpoints.start(dir, 0, 1_000);
    }

    @AfterAll
    static void stop() {
        endpoints.close();
    }

    /** A row of bench/functions.tsv, with what the function must leave behind: the lake tables it writes. */
    record Function(String module, String handler, String event, List<String> warmEvents) {
        Set<String> tables() {
            return switch (module) {
                case "status-event-recorder" -> Set.of("run_status_events", "task_status_events", "workflow_status_events", "security_events");
                case "workflow-records" -> Set.of("workflows", "workflow_versions");
                case "manifest-processor" -> Set.of("runs", "tasks");
                case "run-analyzer" -> Set.of("run_analysis", "run_analysis_csv");
                case "custom-metrics" -> Set.of("_state");
                case "budget-monitor" -> Set.of(); // reads the lake through Athena, writes nothing there
                case "report-generator" -> Set.of(); // reads through Athena, writes under reports/, outside the lake
                // the alerts' records under _state/alerts/ (issue 16)
                case "alert-escalation" -> Set.of("_state");
                // acknowledges the escalation's sample alert when its record is there (it runs after the escalation);
                // cleaning _state first would leave it an unknown alert
                case "alert-ack" -> Set.of();
                default -> throw new IllegalArgumentException("no tables known for " + module);
            };
        }

        @Override
        public String toString() {
            return module;
        }
    }

    /**
     * The JDKs to run the jars on: this one, and JDK 25 (template.yaml's java25) from {@code $JDK25} or where
     * bench/run.sh looks for it, if it is there and not this one.
     */
    static List<Path> jdks() {
        Path current = Path.of(System.getProperty("java.home"));
        String configured = System.getenv("JDK25");
        Path jdk25 = Path.of(configured != null ? configured : "/usr/lib/jvm/temurin-25-jdk-amd64");
        return Files.isExecutable(jdk25.resolve("bin/java")) && !jdk25.equals(current) && Runtime.version().feature() != 25
                ? List.of(current, jdk25) : List.of(current);
    }

    static List<Arguments> functionsOnEachJdk() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (Function function : functions()) {
            for (Path jdk : jdks()) {
                cases.add(Arguments.of(function, jdk));
            }
        }
        return cases;
    }

    static List<Function> functions() throws IOException {
        return Files.readAllLines(ROOT.resolve("bench/functions.tsv")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t"))
                .map(f -> new Function(f[0], f[1], f[2], List.of(f[3].split(","))))
                .toList();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("functionsOnEachJdk")
    void theShippedJarPrimesAndHandlesItsSampleEvents(Function function, Path jdk) throws Exception {
        // the function's tables emptied first: a run on another JDK wrote the same run's and workflow's keys
        lakeKeys().stream().filter(k -> function.tables().contains(table(k)))
                .forEach(k -> endpoints.s3().client().deleteObject(d -> d.bucket(LocalEndpoints.BUCKET).key(k)));
        endpoints.sns().server().resetRequests();
        endpoints.cloudwatch().server().resetRequests();
        endpoints.eventbridge().server().resetRequests();
        endpoints.athena().server().resetRequests();
        endpoints.scheduler().server().resetRequests();
        endpoints.ses().server().resetRequests();
        if (function.module().equals("report-generator")) {
            // its e-mail marker from the run on another JDK would keep it from e-mailing the report
            lakeKeys().stream().filter(k -> k.startsWith("reports/"))
                    .forEach(k -> endpoints.s3().client().deleteObject(d -> d.bucket(LocalEndpoints.BUCKET).key(k)));
        }

        Launch launch = launch(jdk, function, function.event(), "jar-" + function.module() + "-" + jdk.getFileName(),
                function.warmEvents());

        assertEquals(0, launch.exitCode(), launch::describe);
        assertTrue(launch.stderr().contains("\"failedEvents\":0,"), launch::describe);
        assertFalse(launch.stdout().contains("\"level\":\"ERROR\""), launch::describe);
        assertFalse(launch.stdout().matches("(?s).*\"level\":\"WARN\"[^\\n]*priming.*"), launch::describe);
        // Initialising an ObjectMapper costs a cold start about 0.3 s: the functions read with JsonTrees and write
        // with JsonWriter (module json); Json.MAPPER (module json-mapper) is for the command line and tests.
        assertFalse(Files.readString(classLog(launch)).contains("] com.fasterxml.jackson.databind.ObjectMapper source:"),
                function.module() + " loaded com.fasterxml.jackson.databind.ObjectMapper while priming or handling events");
        Set<String> written = lakeKeys().stream().map(FunctionJarsTest::table)
                .filter(function.tables()::contains).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(function.tables()), written, "tables written by " + function.module());
        switch (function.module()) {
            case "status-event-recorder" -> assertTrue(published().stream().anyMatch(m -> m.contains("9103774")),
                    "an alert for the failed run 9103774: " + published());
            case "custom-metrics" -> assertFalse(endpoints.cloudwatch().server().getAllServeEvents().isEmpty(),
                    "no PutMetricData reached CloudWatch");
            case "run-analyzer" -> assertFalse(endpoints.eventbridge().server().getAllServeEvents().isEmpty(),
                    "no Run Analysis Completed reached EventBridge");
            case "budget-monitor" -> {
                assertEquals(1 + function.warmEvents().size(), new AthenaStub(endpoints.athena()).queries().size(),
                        "one Athena query per budget check");
                assertFalse(endpoints.cloudwatch().server().getAllServeEvents().isEmpty(),
                        "no PutMetricData reached CloudWatch");
            }
            case "report-generator" -> {
                assertFalse(MetricDataStub.requests(endpoints.cloudwatch().server()).isEmpty(),
                        "no GetMetricData reached CloudWatch");
                assertEquals(1, endpoints.ses().server().findAll(com.github.tomakehurst.wiremock.client.WireMock
                        .postRequestedFor(urlEqualTo("/v2/email/outbound-emails"))).size(),
                        "one SendEmail for the daily report, however often its event comes");
                // the launcher's events are of today: the report of yesterday, its marker beside it
                assertTrue(lakeKeys().stream().anyMatch(k -> k.matches("reports/daily/\\d{4}-\\d{2}-\\d{2}/email-sent\\.json")),
                        lakeKeys().toString());
            }
            case "alert-escalation" -> assertTrue(endpoints.scheduler().server().getAllServeEvents().stream()
                    .anyMatch(e -> e.getRequest().getMethod().getName().equals("POST")
                            && e.getRequest().getUrl().startsWith("/schedules/alert-")),
                    "no CreateSchedule reached the scheduler");
            default -> { }
        }
    }

    /**
     * What a function's own code may use of jackson-databind: the JsonNode tree model (built by JsonTrees from the
     * streaming parser) and the naming annotation JsonWriter honours. Never the mapping machinery.
     */
    static final Pattern DATABIND_TREE_MODEL = Pattern.compile("com\\.fasterxml\\.jackson\\.databind\\."
            + "(JsonNode|node\\.[A-Za-z0-9$]+|annotation\\.JsonNaming|PropertyNamingStrategies(\\$SnakeCaseStrategy)?)");

    /**
     * The functions' no-databind rule, on the jar users deploy: no class of the project in it refers to any of
     * jackson-databind but its tree model (jdeps, class by class), and neither the project's ObjectMapper (module
     * json-mapper) nor Jackson's java.time module is shipped at all.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void theShippedJarsCodeUsesNoDatabindButItsTreeModel(Function function) throws IOException {
        Path jar = ROOT.resolve(function.module()).resolve("target/function.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is not built (mvn package builds it)");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out), new PrintWriter(err),
                "--multi-release", "17", "--ignore-missing-deps", "-verbose:class", jar.toString());
        assertEquals(0, exit, err::toString);
        List<String> uses = out.toString().lines().map(String::trim)
                .filter(line -> line.startsWith("io.omicsmonitor."))
                .map(line -> line.split("\\s+"))
                .filter(dep -> dep.length >= 3 && dep[2].startsWith("com.fasterxml.jackson.databind.")
                        && !DATABIND_TREE_MODEL.matcher(dep[2]).matches())
                .map(dep -> dep[0] + " -> " + dep[2])
                .distinct().toList();
        assertEquals(List.of(), uses, function.module() + "'s code uses databind beyond its tree model");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> shipped = zip.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("io/omicsmonitor/mapper/") || n.startsWith("com/fasterxml/jackson/datatype/"))
                    .toList();
            assertEquals(List.of(), shipped, "the ObjectMapper's module or Jackson's java.time module in " + jar);
        }
    }

    /** An AWS error, as the service sends it, unmarshalled by the shrunk jar: the alert still goes out and says why. */
    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void theShippedJarReadsAnApiErrorIntoTheAlert(Path jdk) throws Exception {
        Function status = functions().stream().filter(f -> f.module().equals("status-event-recorder")).findFirst().orElseThrow();
        StubMapping notFound = endpoints.omics().server().stubFor(get(urlEqualTo("/run/9103774")).atPriority(1)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                        .withBody("{\"message\":\"Run 9103774 not found\"}")));
        endpoints.sns().server().resetRequests();
        try {
            Launch launch = launch(jdk, status, "run-failed.json", "jar-error-path-" + jdk.getFileName(), List.of());
            assertEquals(0, launch.exitCode(), launch::describe);
            List<String> alerts = published();
            assertEquals(1, alerts.size(), launch::describe);
            assertTrue(alerts.get(0).contains("GetRun failed (Run 9103774 not found (Service: Omics, Status Code: 404"),
                    alerts.get(0));
        } finally {
            endpoints.omics().server().removeStub(notFound);
        }
    }

    record Launch(List<String> command, int exitCode, String stdout, String stderr) {
        String describe() {
            return String.join(" ", command) + "\nexit " + exitCode + "\nstderr:\n" + tail(stderr) + "\nstdout:\n" + tail(stdout);
        }

        static String tail(String text) {
            return text.length() <= 4_000 ? text : "..." + text.substring(text.length() - 4_000);
        }
    }

    /** The function's jar and the launcher, nothing else, in a JVM whose environment holds only the local endpoints. */
    static Launch launch(Path jdk, Function function, String event, String id, List<String> warmEvents) throws Exception {
        Path jar = ROOT.resolve(function.module()).resolve("target/function.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is not built (mvn package builds it)");
        Path launcher = Path.of(FunctionLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(),
                "-Xverify:all", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xlog:class+load=info:file=" + dir.resolve(id + ".classes") + "::filecount=0",
                "-cp", jar + java.io.File.pathSeparator + launcher, FunctionLauncher.class.getName(),
                function.handler(), ROOT.resolve("events").resolve(event).toString(), "--id", id, "--prime"));
        if (!warmEvents.isEmpty()) {
            command.addAll(List.of("--warm", String.valueOf(warmEvents.size()), "--events",
                    warmEvents.stream().map(e -> ROOT.resolve("events").resolve(e).toString()).collect(Collectors.joining(","))));
        }
        Path out = dir.resolve(id + ".out");
        Path err = dir.resolve(id + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(endpoints.env());
        // no profile or credentials file of whoever runs the tests
        builder.environment().put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(function.module() + " did not finish in 120 s: " + command);
        }
        return new Launch(command, process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The classes the launch's JVM loaded, one line each ({@code -Xlog:class+load}). */
    static Path classLog(Launch launch) {
        String option = launch.command().stream().filter(o -> o.startsWith("-Xlog:class+load")).findFirst().orElseThrow();
        return Path.of(option.substring(option.indexOf("file=") + "file=".length(), option.indexOf("::")));
    }

    /** The table (or {@code _state}) of a lake key: lake/TABLE/... */
    static String table(String key) {
        return key.split("/")[1];
    }

    static List<String> lakeKeys() {
        return endpoints.s3().keys(LocalEndpoints.BUCKET);
    }

    /** The Message of every SNS Publish received, decoded from the query-protocol form. */
    static List<String> published() {
        List<String> messages = new ArrayList<>();
        for (LoggedRequest request : endpoints.sns().server().findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/")))) {
            Arrays.stream(request.getBodyAsString().split("&"))
                    .filter(p -> p.startsWith("Message="))
                    .map(p -> URLDecoder.decode(p.substring("Message=".length()), StandardCharsets.UTF_8))
                    .forEach(messages::add);
        }
        return messages;
    }
}
