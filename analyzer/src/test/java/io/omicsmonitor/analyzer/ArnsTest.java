package io.omicsmonitor.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Arns} against the regex split on {@code :} and {@code /} that upstream uses (and this class did). */
class ArnsTest {

    private static final List<String> ARNS = List.of("arn:aws:omics:us-east-1:123456789012:run/7382915",
            "arn:aws:omics:us-east-1:123456789012:task/1", "arn:aws:omics::1:run/1", "arn:aws:omics", "arn:aws:omics:",
            "arn:aws:omics:x", "arn:aws:omics:x:", "arn:aws:omics/x", ":::", "::::", ":::r", "/a/b/c/d/", "", "arn",
            "a:b:c:d:e:f:g/h/i", "arn:aws:omics:r::", "arn:aws:omics:r:1:task/", "arn:aws:omics:r:1:task//", "x/task/1",
            "task/1", "/task/1", "a:b:tasks/1", "arn:aws:omics:us-west-2:1:task/4:", "arn:aws-cn:omics:cn-north-1:1:run/2");

    @Test
    void regionIsTheFourthFieldOfTheRegexSplit() {
        Random random = new Random(7);
        List<String> arns = new java.util.ArrayList<>(ARNS);
        for (int n = 0; n < 2000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(10); k > 0; k--) {
                s.append("ab:/:/".charAt(random.nextInt(6)));
            }
            arns.add(s.toString());
        }
        for (String arn : arns) {
            String[] parts = arn.split("[:/]");
            if (parts.length < 4 || parts[3].isEmpty()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arns.region(arn), arn);
                assertEquals("'" + arn + "' is not an ARN with a region", e.getMessage());
            } else {
                assertEquals(parts[3], Arns.region(arn), arn);
            }
            assertEquals(parts.length < 2 ? null : parts[parts.length - 2], Arns.resourceType(arn), arn);
        }
    }
}
