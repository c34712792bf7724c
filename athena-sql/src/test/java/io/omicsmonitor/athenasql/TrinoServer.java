package io.omicsmonitor.athenasql;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One Trino server for the whole test run of this module: started on first use, stopped when the JVM exits.
 *
 * <p>The distribution is the {@code io.trino:trino-server} tar.gz Maven copied into target/trino (pom.xml), extracted
 * with the system {@code tar} (its plugins share jars through hard links, which Java unzippers do not restore) into
 * target/trino-work/dist once; later runs reuse it until {@code mvn clean}. Only the Hive and Iceberg plugins are
 * loaded (a plugin folder of links), which keeps start-up near 15 s. Both catalogs share one file metastore under the
 * data folder, as Athena's tables share the Glue catalog, and redirect to each other: SQL names a raw table and a
 * compacted one in the same schema, unqualified, exactly as the template's SQL does. The server's own log is
 * target/trino-work/server.log; {@link LogOnFailure} prints its end when a test fails.
 *
 * <p>Trino 476 needs Java 24 or newer: {@code JAVA25_HOME}, else /usr/lib/jvm/temurin-25-jdk-amd64. Without one the
 * tests are skipped (an assumption), with the reason.
 */
final class TrinoServer {

    static final Path WORK = Path.of(System.getProperty("trino.work", "target/trino-work")).toAbsolutePath();
    /** The folder the catalogs' {@code local:///} locations resolve in: the raw lake, the warehouse, the metastore. */
    static final Path DATA = WORK.resolve("data");
    static final Path LOG = WORK.resolve("server.log");

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static TrinoServer instance;
    private static String unavailable;

    private final Process process;
    private final int port;
    final Duration startup;

    private TrinoServer(Process process, int port, Duration startup) {
        this.process = process;
        this.port = port;
        this.startup = startup;
    }

    /** The running server, started on the first call; skips the calling test when no Java 24+ JDK exists. */
    static synchronized TrinoServer get() {
        assumeTrue(unavailable == null, () -> unavailable);
        if (instance == null) {
            Path java = java();
            if (java == null) {
                unavailable = "Trino " + version() + " needs Java 24 or newer: set JAVA25_HOME (none found; "
                        + "/usr/lib/jvm/temurin-25-jdk-amd64 does not exist)";
                assumeTrue(false, unavailable);
            }
            instance = start(java);
        }
        return instance;
    }

    /** A new connection with the session's catalog {@code hive} and the given schema, time zone UTC (as Athena's). */
    Connection connect(String schema) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        properties.setProperty("timezone", "UTC");
        return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port + "/hive/" + schema, properties);
    }

    static String version() {
        return System.getProperty("trino.version", "476");
    }

    private static Path java() {
        List<Path> homes = new ArrayList<>();
        String env = System.getenv("JAVA25_HOME");
        if (env != null && !env.isBlank()) {
            homes.add(Path.of(env));
        }
        homes.add(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
        for (Path home : homes) {
            Path java = home.resolve("bin/java");
            if (Files.isExecutable(java) && featureVersion(home) >= 24) {
                return java;
            }
        }
        return null;
    }

    /** The JDK's feature version from its {@code release} file ({@code JAVA_VERSION="25.0.1"}), 0 when unknown. */
    private static int featureVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('"') + 1);
                    return Integer.parseInt(v.split("[.\"]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static TrinoServer start(Path java) {
        long begin = System.nanoTime();
        try {
            Path dist = extract();
            deleteRecursively(DATA);
            deleteRecursively(WORK.resolve("node"));
            Files.createDirectories(DATA);
            Path plugins = WORK.resolve("plugins");
            deleteRecursively(plugins);
            Files.createDirectories(plugins);
            for (String plugin : List.of("hive", "iceberg")) {
                Files.createSymbolicLink(plugins.resolve(plugin), dist.resolve("plugin").resolve(plugin));
            }
            int port = freePort();
            Path etc = WORK.resolve("etc");
            Path catalogs = etc.resolve("catalog");
            Files.createDirectories(catalogs);
            write(etc.resolve("config.properties"),
                    "coordinator=true",
                    "node-scheduler.include-coordinator=true",
                    "http-server.http.port=" + port,
                    "discovery.uri=http://127.0.0.1:" + port,
                    "plugin.dir=" + plugins,
                    "catalog.config-dir=" + catalogs,
                    "query.max-memory=1GB",
                    "query.max-memory-per-node=1GB",
                    // its request log, which it would otherwise write under var/ of the working folder
                    "http-server.log.path=" + WORK.resolve("http-request.log"));
            // Both catalogs: one file metastore, local folders under DATA (local:///x is DATA/x).
            write(catalogs.resolve("hive.properties"),
                    "connector.name=hive",
                    "hive.metastore=file",
                    "hive.metastore.catalog.dir=local:///metastore",
                    "fs.native-local.enabled=true",
                    "local.location=" + DATA,
                    "hive.iceberg-catalog-name=iceberg");
            write(catalogs.resolve("iceberg.properties"),
                    "connector.name=iceberg",
                    // Trino 476 has no "hive.metastore=file" for Iceberg's hive_metastore catalog type; its file
                    // metastore is this type, the same FileHiveMetastore the Hive catalog uses.
                    "iceberg.catalog.type=TESTING_FILE_METASTORE",
                    "hive.metastore.catalog.dir=local:///metastore",
                    "fs.native-local.enabled=true",
                    "local.location=" + DATA,
                    "iceberg.hive-catalog-name=hive");
            Files.deleteIfExists(LOG);
            List<String> command = List.of(java.toString(),
                    "-Xmx2G", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-XX:-OmitStackTraceInFastThrow",
                    "-XX:+EnableDynamicAgentLoading", "-Djdk.attach.allowAttachSelf=true",
                    "--enable-native-access=ALL-UNNAMED", "-Dfile.encoding=UTF-8",
                    "-Dnode.environment=test", "-Dnode.id=athena-sql-tests",
                    "-Dnode.data-dir=" + WORK.resolve("node"),
                    "-Dconfig=" + etc.resolve("config.properties"),
                    "-Dlog.output-file=" + LOG, "-Dlog.enable-console=false",
                    "-cp", dist.resolve("lib") + "/*", "io.trino.server.TrinoServer");
            Process process = new ProcessBuilder(command)
                    .directory(WORK.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(WORK.resolve("stdout.log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "trino-stop"));
            TrinoServer server = new TrinoServer(process, port, Duration.ZERO);
            server.awaitReady();
            Duration startup = Duration.ofNanos(System.nanoTime() - begin);
            System.out.printf("Trino %s ready on 127.0.0.1:%d after %.1f s (log: %s)%n", version(), port,
                    startup.toMillis() / 1000.0, LOG);
            return new TrinoServer(process, port, startup);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Trino: " + e.getMessage(), e);
        }
    }

    /** The extracted distribution, extracting the tarball first when needed. */
    private static Path extract() throws IOException {
        Path tarball = Path.of(System.getProperty("trino.tarball",
                "target/trino/trino-server-" + version() + ".tar.gz")).toAbsolutePath();
        Path dist = WORK.resolve("dist").resolve("trino-server-" + version());
        Path done = WORK.resolve("dist").resolve(".extracted-" + version());
        if (Files.exists(done) && Files.isDirectory(dist.resolve("lib"))) {
            return dist;
        }
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("no Trino distribution at " + tarball + ": run the tests through Maven "
                    + "(mvn -pl athena-sql test), whose generate-test-resources phase copies io.trino:trino-server:"
                    + version() + ":tar.gz there");
        }
        deleteRecursively(WORK.resolve("dist"));
        Files.createDirectories(WORK.resolve("dist"));
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", WORK.resolve("dist").toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (tar.waitFor() != 0) {
                throw new IllegalStateException("tar -xzf " + tarball + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Files.createFile(done);
        return dist;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Trino exited with " + process.exitValue() + " while starting:\n"
                        + logTail(60));
            }
            // Neither "SERVER STARTED" nor an answer to SELECT 1 (the coordinator alone) is enough: the node must also
            // have announced its catalogs, else queries fail with "No nodes available to run query". A write and a
            // scan in the Hive catalog need that; each statement may be repeated.
            try (Connection c = connect("information_schema"); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS hive.trino_ready");
                s.execute("CREATE TABLE IF NOT EXISTS hive.trino_ready.probe AS SELECT 1 AS x");
                s.execute("SELECT count(*) FROM hive.trino_ready.probe");
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(500);
        }
        stop(process);
        throw new IllegalStateException("Trino did not answer within " + START_TIMEOUT + " (last: "
                + (last == null ? "none" : last.getMessage()) + "):\n" + logTail(60));
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the server's log (and of its console output, where start-up failures before logging go). */
    static String logTail(int lines) {
        StringBuilder text = new StringBuilder();
        for (Path file : List.of(WORK.resolve("stdout.log"), LOG)) {
            try {
                List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
                text.append("---- ").append(file).append(" (last ").append(Math.min(lines, all.size()))
                        .append(" lines) ----\n");
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> text.append(l).append('\n'));
            } catch (IOException e) {
                text.append("---- ").append(file).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    /** Prints the end of Trino's log when a test fails, so a failure on CI says what the server said. */
    static final class LogOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (instance != null) {
                System.err.println("Trino log after the failure of " + context.getDisplayName() + ":\n" + logTail(80));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void write(Path file, String... lines) throws IOException {
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
