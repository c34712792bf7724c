package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the run analyzer may read the customer's price book and nothing else of its bucket, and only when the
 * PriceBookUri parameter names one. The statement is an {@code !If} (which the generic least-privilege walk does not
 * unfold), so it is checked here: its shape, and the ARN its expression makes for sample values.
 */
class PriceBookPermissionTest {

    static final Template T = Template.PROJECT;

    @Test
    void theBookIsReadableOnlyWhenNamedAndOnlyThatObject() {
        List<JsonNode> conditional = new ArrayList<>();
        for (JsonNode policy : T.resource("RunAnalyzerRole").path("Properties").path("Policies")) {
            policy.path("PolicyDocument").path("Statement").forEach(s -> {
                if (s.has("Fn::If")) {
                    conditional.add(s.get("Fn::If"));
                }
            });
        }
        assertEquals(1, conditional.size(), "one conditional statement: the price book's");
        JsonNode ifBook = conditional.get(0);
        assertEquals("HasPriceBook", ifBook.get(0).asText());
        assertEquals("AWS::NoValue", ifBook.get(2).path("Ref").asText(), "no statement at all without a book");
        JsonNode statement = ifBook.get(1);
        assertEquals("Allow", statement.path("Effect").asText());
        assertEquals("s3:GetObject", statement.path("Action").asText(), "read, one action");

        JsonNode sub = statement.path("Resource").path("Fn::Sub");
        assertEquals("arn:${AWS::Partition}:s3:::${BucketAndKey}", sub.get(0).asText());
        JsonNode select = sub.get(1).path("BucketAndKey").path("Fn::Select");
        JsonNode split = select.get(1).path("Fn::Split");
        assertEquals("${PriceBookUri}s3://", split.get(1).path("Fn::Sub").asText());
        // the expression, evaluated as CloudFormation does: Fn::Split keeps empty pieces, Fn::Select takes one
        int index = select.get(0).asInt();
        String delimiter = split.get(0).asText();
        for (String[] uriAndObject : new String[][] {{"s3://acme-prices/omics/2026.json", "acme-prices/omics/2026.json"},
                {"s3://b.example/k", "b.example/k"}}) {
            String[] pieces = (uriAndObject[0] + "s3://").split(Pattern.quote(delimiter), -1);
            assertEquals(uriAndObject[1], pieces[index], uriAndObject[0]);
        }

        JsonNode condition = T.template.path("Conditions").path("HasPriceBook").path("Fn::Not").get(0).path("Fn::Equals");
        assertEquals("PriceBookUri", condition.get(0).path("Ref").asText());
        assertEquals("", condition.get(1).asText());
        String pattern = T.template.path("Parameters").path("PriceBookUri").path("AllowedPattern").asText();
        assertTrue("s3://acme-prices/omics/2026.json".matches(pattern) && "".matches(pattern));
        for (String widening : List.of("s3://acme-prices/*", "s3://acme-prices/omics/?.json", "acme-prices/k",
                "s3://acme-prices/")) {
            assertTrue(!widening.matches(pattern), widening + " must not be a PriceBookUri: it would widen the grant");
        }
    }

    @Test
    void theRunAnalyzerGetsBothParameters() {
        JsonNode variables = T.resource("RunAnalyzerFunction").path("Properties").path("Environment").path("Variables");
        assertEquals("PriceBookUri", Template.referenced(variables.path("PRICE_BOOK_URI")));
        assertEquals("PriceDiscount", Template.referenced(variables.path("PRICE_DISCOUNT")));
        String discount = T.template.path("Parameters").path("PriceDiscount").path("AllowedPattern").asText();
        for (String ok : List.of("0", "0.15", "0.999999")) {
            assertTrue(ok.matches(discount), ok);
        }
        for (String wrong : List.of("1", "15", "-0.1", "0.", ".15")) {
            assertTrue(!wrong.matches(discount), wrong);
        }
    }
}
