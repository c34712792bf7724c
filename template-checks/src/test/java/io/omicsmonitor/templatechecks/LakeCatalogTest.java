package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omicsmonitor.common.lake.Tables;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Glue crawler makes one table per lake table and leaves the analyzer's CSV copies alone. */
class LakeCatalogTest {

    static final Template T = Template.PROJECT;

    /** The analyzer's CSV copies: not a JSON table, never crawled. */
    static final String RUN_ANALYSIS_CSV = "run_analysis_csv";

    @Test
    void theCrawlerHasOneTargetPerTableAndNoneForTheCsv() throws IllegalAccessException {
        List<String> tables = new ArrayList<>();
        for (Field field : Tables.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                tables.add((String) field.get(null));
            }
        }
        List<String> targets = T.resources("AWS::Glue::Crawler").values().stream()
                .flatMap(c -> Template.oneOrMany(c.path("Properties").path("Targets").path("S3Targets")).stream())
                .map(t -> Template.text(t.path("Path")))
                .toList();

        assertEquals(new TreeSet<>(tables.stream().map(t -> "s3://${LakeBucket}/${LakePrefix}/" + t + "/").toList()),
                new TreeSet<>(targets), "one crawler target per table in Tables, run_analysis_csv excluded");
        assertEquals(targets.size(), new TreeSet<>(targets).size(), "a target listed twice: " + targets);
        assertEquals(List.of(), targets.stream().filter(t -> t.contains(RUN_ANALYSIS_CSV)).toList());
    }

    /** The functions' bookkeeping under _state/ is no table: never crawled, and expired by the bucket's lifecycle. */
    @Test
    void theStatePrefixIsNotCrawledAndExpires() {
        List<String> targets = T.resources("AWS::Glue::Crawler").values().stream()
                .flatMap(c -> Template.oneOrMany(c.path("Properties").path("Targets").path("S3Targets")).stream())
                .map(t -> Template.text(t.path("Path")))
                .toList();
        assertEquals(List.of(), targets.stream().filter(t -> !t.startsWith("s3://${LakeBucket}/${LakePrefix}/")
                || t.equals("s3://${LakeBucket}/${LakePrefix}/") || t.contains("_state")).toList(),
                "a target on the whole lake prefix or on _state/ would crawl the markers as a table");

        List<String> expiring = new ArrayList<>();
        for (var rule : Template.oneOrMany(T.resource("LakeBucket").path("Properties").path("LifecycleConfiguration").path("Rules"))) {
            if (Template.text(rule.path("Prefix")).equals("${LakePrefix}/_state/") && rule.path("Status").asText().equals("Enabled")) {
                expiring.add(rule.path("ExpirationInDays").asText());
            }
        }
        assertEquals(List.of("30"), expiring, "one enabled rule expires ${LakePrefix}/_state/ after 30 days");
    }
}
