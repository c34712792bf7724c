package io.omicsmonitor.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium on a report page, offline and with a throwaway profile; no DevTools protocol. To learn
 * what a reader sees, {@link #measure} opens a copy of the page with a short script appended (the report itself has
 * none) that records, after layout, each name element's box and whether its text overflows, and dumps the DOM.
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String WINDOW = "--window-size=1280,1000";

    private static final String MEASURE = """
            <script>(function(){
              const de=document.documentElement, vw=de.clientWidth;
              const items=[...document.querySelectorAll('.task-name, td:first-child, ul.cached-tasks li, .note, .badge, table, .gantt, dl')].map(e=>{
                const r=e.getBoundingClientRect(), s=getComputedStyle(e);
                return {cls:e.className, text:e.textContent, scrollWidth:e.scrollWidth, clientWidth:e.clientWidth,
                        left:r.left, right:r.right, height:r.height, visible:r.width>0&&r.height>0&&s.visibility!=='hidden'&&s.display!=='none'};
              });
              const tooltips=[...document.querySelectorAll('svg title')].map(t=>t.textContent)
                .concat([...document.querySelectorAll('[title]')].map(e=>e.title));
              const pre=document.createElement('pre'); pre.id='measured';
              pre.textContent=JSON.stringify({viewportWidth:vw, pageWidth:de.scrollWidth, items, tooltips});
              document.body.appendChild(pre);
            })();</script>
            """;

    private HeadlessChromium() {
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    /** Runs Chromium on the page with the given switches; returns its stdout. */
    static String run(Path scratch, Path page, String... what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory(scratch, "chromium")));
        command.addAll(List.of(what));
        command.add(page.toUri().toString());
        Path stdout = Files.createTempFile(scratch, "chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "chromium finished in time");
        assertEquals(0, process.exitValue(), "chromium's exit code");
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /** What the page looks like in a 1280 px wide window: the measurements {@link #MEASURE} took. */
    static JsonNode measure(Path scratch, Path page) throws IOException, InterruptedException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Path copy = Files.createTempFile(scratch, "measured", ".html");
        Files.writeString(copy, html.replace("</body>", MEASURE + "</body>"), StandardCharsets.UTF_8);
        String dom = run(scratch, copy, "--dump-dom", WINDOW, "--virtual-time-budget=5000");
        int at = dom.indexOf("<pre id=\"measured\">");
        assertTrue(at >= 0, "the measuring script ran");
        String text = dom.substring(at + "<pre id=\"measured\">".length(), dom.indexOf("</pre>", at));
        return Json.MAPPER.readTree(text.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0")
                .replace("&amp;", "&"));
    }

    /** The measured element of that class whose text starts with {@code text}. */
    static JsonNode item(JsonNode measured, String cssClass, String text) {
        for (JsonNode item : measured.path("items")) {
            if ((" " + item.path("cls").asText() + " ").contains(" " + cssClass + " ") && item.path("text").asText().startsWith(text)) {
                return item;
            }
        }
        throw new AssertionError("no ." + cssClass + " element reading '" + text + "' on the page");
    }

    /** The measured table cell (a row's first cell) whose text is {@code text}. */
    static JsonNode cell(JsonNode measured, String text) {
        for (JsonNode item : measured.path("items")) {
            if (item.path("text").asText().equals(text) && item.path("cls").asText().isEmpty()) {
                return item;
            }
        }
        throw new AssertionError("no table cell reading '" + text + "' on the page");
    }

    /** Shown whole: visible, its text not overflowing its box, and its box inside the window. */
    static void assertReadable(JsonNode measured, JsonNode item) {
        String what = "'" + item.path("text").asText() + "': " + item;
        assertTrue(item.path("visible").asBoolean(), "visible: " + what);
        assertTrue(item.path("scrollWidth").asDouble() <= item.path("clientWidth").asDouble(), "not clipped: " + what);
        assertTrue(item.path("left").asDouble() >= 0, "starts inside the window: " + what);
        assertTrue(item.path("right").asDouble() <= measured.path("viewportWidth").asDouble(), "ends inside the window: " + what);
    }

    /** The page fits the window's width: nothing makes it scroll sideways. */
    static void assertFitsTheWindow(JsonNode measured) {
        double width = measured.path("viewportWidth").asDouble();
        List<String> beyond = new ArrayList<>();
        measured.path("items").forEach(i -> {
            if (i.path("right").asDouble() > width) {
                beyond.add(i.toString());
            }
        });
        assertTrue(measured.path("pageWidth").asDouble() <= width, "the page is " + measured.path("pageWidth") + " px wide in a "
                + width + " px window; beyond it: " + beyond.stream().limit(5).toList());
    }

    /** The tooltip (an SVG title, or a title attribute) that contains every one of the texts. */
    static String tooltip(JsonNode measured, String... texts) {
        for (JsonNode tip : measured.path("tooltips")) {
            if (List.of(texts).stream().allMatch(tip.asText()::contains)) {
                return tip.asText();
            }
        }
        throw new AssertionError("no tooltip with " + List.of(texts) + " in " + measured.path("tooltips"));
    }
}
