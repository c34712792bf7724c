package io.omicsmonitor.cli.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.omicsmonitor.cli.CommandRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's way into `analyze` without picocli: the same output, errors and exit code as through picocli. */
class AnalyzeMainTest {

    static final String MANIFEST = AnalyzeCommandTest.MANIFEST;
    static final String PRICES = AnalyzeCommandTest.PRICES;

    @Test
    void plainCommandLinesRunAsThroughPicocli(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.ndjson"), "{\"arn\":\"x\"}\n");
        Path badPrices = Files.writeString(dir.resolve("prices.json"), "{\"regions\":{\"us-east-1\":{\"a\":\"b\"}}}");
        List<String[]> plain = List.of(
                new String[] {"analyze", "--manifest", MANIFEST},
                new String[] {"analyze", "--manifest", MANIFEST, "--prices", PRICES},
                new String[] {"analyze", "--prices", PRICES, "--manifest", MANIFEST, "--format", "csv"},
                new String[] {"analyze", "--manifest", MANIFEST, "--prices", PRICES, "--headroom", "0.1"},
                new String[] {"analyze", "--manifest", MANIFEST, "--prices", PRICES, "--price-region", "eu-west-1"},
                new String[] {"analyze", "--manifest", MANIFEST, "--headroom", "10"},
                new String[] {"analyze", "--manifest", MANIFEST, "--headroom", "NaN"},
                new String[] {"analyze", "--manifest", "no-such-manifest.json"},
                new String[] {"analyze", "--manifest", broken.toString()},
                new String[] {"analyze", "--manifest", MANIFEST, "--prices", badPrices.toString()},
                new String[] {"analyze", "--manifest", MANIFEST, "--prices", dir.resolve("none.json").toString()});
        for (String[] args : plain) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Integer code = AnalyzeMain.runPlain(args, new PrintWriter(out), new PrintWriter(err));
            assertNotNull(code, String.join(" ", args));
            CommandRun picocli = CommandRun.of(args);
            assertEquals(picocli, new CommandRun(code, out.toString(), err.toString()), String.join(" ", args));
        }
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        List<String[]> others = List.of(
                new String[] {"analyze"},
                new String[] {"analyze", "--help"},
                new String[] {"analyze", "-h", "--manifest", MANIFEST},
                new String[] {"analyze", "--manifest", MANIFEST, "--version"},
                new String[] {"analyze", "--manifest=" + MANIFEST},
                new String[] {"analyze", "--manifest", MANIFEST, "--manifest", MANIFEST},
                new String[] {"analyze", "--manifest", MANIFEST, "--headroom", "0.1", "--headroom", "0.2"},
                new String[] {"analyze", "--manifest", MANIFEST, "--headroom", "abc"},
                new String[] {"analyze", "--manifest", MANIFEST, "--headroom", "-0.1"},
                new String[] {"analyze", "--manifest", MANIFEST, "--format", "json"},
                new String[] {"analyze", "--manifest", MANIFEST, "--format", "CSV"},
                new String[] {"analyze", "--manifest", MANIFEST, "--batch", "--engine", "WDL"},
                new String[] {"analyze", "--manifest", "@args.txt"},
                new String[] {"analyze", "--manifest", "help"},
                new String[] {"analyze", "--manifest", "--prices", PRICES},
                new String[] {"analyze", "--manifest", MANIFEST, "extra", "words"},
                new String[] {"analyze", "--prices", PRICES, "--price-region", "us-east-1"},
                new String[] {"analyze", "9103774"},
                new String[] {"analyze", "--time", "1d", "--prices", PRICES},
                new String[] {"analyze", "--manifest", MANIFEST, "--region", "us-west-2"},
                new String[] {"analyze", "--manifest", MANIFEST, "--out", "run.csv"},
                new String[] {"analyze", "--manifest", MANIFEST, "--price-list", "true"},
                new String[] {"query", "--manifest", MANIFEST},
                new String[] {"analyze", "--manifest", "a\u0000b"});
        for (String[] args : others) {
            assertNull(AnalyzeMain.plain(args), String.join(" ", args));
        }
    }
}
