package io.omicsmonitor.budgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

class MonthlyBudgetsTest {

    static final String SYNTAX = ". Expected comma-separated <tag key>:<tag value>=<USD> or workflow:<workflow id>=<USD>, "
            + "e.g. project:oncology=5000,workflow:1234567=2000";

    @Test
    void tagAndWorkflowBudgets() {
        assertEquals(List.of(
                        new Budget("project:oncology", "project", "oncology", null, new BigDecimal("5000")),
                        new Budget("workflow:1234567", null, null, "1234567", new BigDecimal("2000")),
                        new Budget("cost-center:CC 12/a@b", "cost-center", "CC 12/a@b", null, new BigDecimal("1250.50")),
                        new Budget("team:x:y", "team", "x:y", null, new BigDecimal("0.01"))),
                MonthlyBudgets.parse("project:oncology=5000,workflow:1234567=2000, cost-center:CC 12/a@b=1250.50,team:x:y=0.01"));
    }

    @Test
    void emptyIsNoBudget() {
        assertEquals(List.of(), MonthlyBudgets.parse(""));
        assertEquals(List.of(), MonthlyBudgets.parse(null));
        assertEquals(List.of(), MonthlyBudgets.parse("  "));
    }

    @Test
    void everyBadEntryIsNamedInOneError() {
        var e = assertThrows(MonthlyBudgets.InvalidBudgetsException.class, () -> MonthlyBudgets.parse(
                "project:oncology=5000,oncology=100,project:x=$100,workflow:abc=5,project:=5,,project:oncology=7,"
                        + "a:b=1=2,project:y=0,project:y =5,x:z=-3,project:a'b=4,pro:jectoncology=5000"));
        assertEquals("MonthlyBudgets is not valid: "
                + "entry 2 'oncology=100': the part before '=' must be <tag key>:<tag value> or workflow:<workflow id>; "
                + "entry 3 'project:x=$100': the amount '$100' is not a positive number of dollars (like 5000 or 1250.50, no currency sign); "
                + "entry 4 'workflow:abc=5': 'abc' is not a HealthOmics workflow id (digits, like 1234567); "
                + "entry 5 'project:=5': tag project has no value after ':'; "
                + "entry 6 is empty (two commas in a row, or one at an end); "
                + "entry 7 'project:oncology=7': budget project:oncology is already set by 'project:oncology=5000'; "
                + "entry 8 'a:b=1=2' has more than one '='; "
                + "entry 9 'project:y=0': the amount '0' is not a positive number of dollars (like 5000 or 1250.50, no currency sign); "
                + "entry 10 'project:y =5' has spaces around its '='; "
                + "entry 11 'x:z=-3': the amount '-3' is not a positive number of dollars (like 5000 or 1250.50, no currency sign); "
                + "entry 12 'project:a'b=4': not a HealthOmics tag (keys up to 128 and values up to 256 letters, digits, spaces and _ . : / + - @); "
                + "entry 13 'pro:jectoncology=5000': its letters and digits (projectoncology5000) are those of "
                + "'project:oncology=5000'; the template cannot name both budgets' alarms" + SYNTAX, e.getMessage());
    }

    @Test
    void aMissingAmountIsNamed() {
        var e = assertThrows(MonthlyBudgets.InvalidBudgetsException.class, () -> MonthlyBudgets.parse("project:oncology"));
        assertEquals("MonthlyBudgets is not valid: entry 1 'project:oncology' has no '=<USD>'" + SYNTAX, e.getMessage());
    }

    @Test
    void atMostFiftyBudgets() {
        StringJoiner fifty = new StringJoiner(",");
        for (int i = 0; i < MonthlyBudgets.MAX_BUDGETS; i++) {
            fifty.add("project:p" + i + "=10");
        }
        assertEquals(50, MonthlyBudgets.parse(fifty.toString()).size());
        var e = assertThrows(MonthlyBudgets.InvalidBudgetsException.class,
                () -> MonthlyBudgets.parse(fifty + ",project:one-more=10"));
        assertEquals("MonthlyBudgets is not valid: 51 budgets; at most 50 (two alarms each)" + SYNTAX, e.getMessage());
    }

    @Test
    void workflowIsTheWorkflowPrefixOnlyInLowerCase() {
        assertEquals(List.of(new Budget("Workflow:rnaseq", "Workflow", "rnaseq", null, BigDecimal.TEN)),
                MonthlyBudgets.parse("Workflow:rnaseq=10"));
    }
}
