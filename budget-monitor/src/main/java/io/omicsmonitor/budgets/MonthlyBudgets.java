package io.omicsmonitor.budgets;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack's {@code MonthlyBudgets} parameter: comma-separated entries, each a budget for one calendar month (UTC)
 * of estimated cost, in USD:
 *
 * <pre>
 * workflow:&lt;workflow id&gt;=&lt;USD&gt;     every run of that HealthOmics workflow      workflow:1234567=2000
 * &lt;tag key&gt;:&lt;tag value&gt;=&lt;USD&gt;     every run whose tag has that value           project:oncology=5000
 * </pre>
 *
 * The part before {@code =} names the budget (the metrics' {@code Budget} dimension). The tag key is everything up to
 * the first {@code :}, so a key holding a {@code :} cannot be budgeted; neither can a key or value holding an
 * {@code =} (the template splits each entry at its {@code =}). HealthOmics tags hold no {@code ,}. The name is taken
 * exactly as written (the template's alarms take it so), so spaces around {@code :} or {@code =} are refused. A run may
 * count in several budgets (a tag budget and a workflow budget). An empty parameter is no budget at all.
 *
 * <p>Everything wrong is reported at once, each problem naming its entry, so one failed deployment or first run shows
 * all of them.
 */
public final class MonthlyBudgets {

    /**
     * CloudFormation makes two alarms per budget; a stack holds at most 500 resources, and the rest of the stack
     * needs about 200 of them.
     */
    public static final int MAX_BUDGETS = 50;

    /** A workflow budget's prefix; any other prefix is a tag key. */
    public static final String WORKFLOW = "workflow";

    /** HealthOmics' rule for tag keys and values: letters, spaces, digits and {@code _ . : / = + - @}. */
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Pattern WORKFLOW_ID = Pattern.compile("[0-9]{1,18}");
    /** Dollars, with at most two decimals: {@code 5000}, {@code 1250.50}. */
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,2})?");

    private MonthlyBudgets() {
    }

    /** Thrown for a parameter that is not a list of budgets; the message lists every problem with its entry. */
    public static final class InvalidBudgetsException extends IllegalArgumentException {
        public InvalidBudgetsException(String message) {
            super(message);
        }
    }

    /** The budgets of the parameter's value (the list joined with commas, as the template passes it). */
    public static List<Budget> parse(String parameter) {
        List<Budget> budgets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (parameter == null || parameter.isBlank()) {
            return budgets;
        }
        String[] entries = parameter.split(",", -1);
        Map<String, String> names = new HashMap<>();
        Map<String, String> logicalIds = new HashMap<>();
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            String where = "entry " + (i + 1) + " '" + entry + "'";
            if (entry.isEmpty()) {
                problems.add("entry " + (i + 1) + " is empty (two commas in a row, or one at an end)");
                continue;
            }
            Budget budget = entry(entry, where, problems);
            if (budget == null) {
                continue;
            }
            String earlier = names.putIfAbsent(budget.name(), entry);
            if (earlier != null) {
                problems.add(where + ": budget " + budget.name() + " is already set by '" + earlier + "'");
                continue;
            }
            // The template's alarms are named from the entry with all but letters and digits removed (Fn::ForEach's
            // &{...}): two entries that agree on those would be two resources of one name.
            String logicalId = entry.replaceAll("[^A-Za-z0-9]", "");
            String same = logicalIds.putIfAbsent(logicalId, entry);
            if (same != null) {
                problems.add(where + ": its letters and digits (" + logicalId + ") are those of '" + same
                        + "'; the template cannot name both budgets' alarms");
                continue;
            }
            budgets.add(budget);
        }
        if (budgets.size() > MAX_BUDGETS) {
            problems.add(budgets.size() + " budgets; at most " + MAX_BUDGETS + " (two alarms each)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidBudgetsException("MonthlyBudgets is not valid: " + String.join("; ", problems)
                    + ". Expected comma-separated <tag key>:<tag value>=<USD> or workflow:<workflow id>=<USD>, "
                    + "e.g. project:oncology=5000,workflow:1234567=2000");
        }
        return List.copyOf(budgets);
    }

    private static Budget entry(String entry, String where, List<String> problems) {
        int equals = entry.indexOf('=');
        if (equals < 0 || equals != entry.lastIndexOf('=')) {
            problems.add(where + (equals < 0 ? " has no '=<USD>'" : " has more than one '='"));
            return null;
        }
        String name = entry.substring(0, equals);
        String amount = entry.substring(equals + 1);
        if (!name.equals(name.strip()) || !amount.equals(amount.strip())) {
            problems.add(where + " has spaces around its '='");
            return null;
        }
        int colon = name.indexOf(':');
        if (colon <= 0) {
            problems.add(where + ": the part before '=' must be <tag key>:<tag value> or workflow:<workflow id>");
            return null;
        }
        String key = name.substring(0, colon);
        String value = name.substring(colon + 1);
        if (!AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0) {
            problems.add(where + ": the amount '" + amount + "' is not a positive number of dollars (like 5000 or "
                    + "1250.50, no currency sign)");
            return null;
        }
        BigDecimal usd = new BigDecimal(amount);
        if (!key.equals(key.strip()) || !value.equals(value.strip())) {
            problems.add(where + " has spaces around its ':'");
            return null;
        }
        if (key.equals(WORKFLOW)) {
            if (!WORKFLOW_ID.matcher(value).matches()) {
                problems.add(where + ": '" + value + "' is not a HealthOmics workflow id (digits, like 1234567)");
                return null;
            }
            return new Budget(name, null, null, value, usd);
        }
        if (value.isEmpty()) {
            problems.add(where + ": tag " + key + " has no value after ':'");
            return null;
        }
        if (key.length() > 128 || value.length() > 256 || !TAG_TEXT.matcher(key).matches()
                || !TAG_TEXT.matcher(value).matches()) {
            problems.add(where + ": not a HealthOmics tag (keys up to 128 and values up to 256 letters, digits, "
                    + "spaces and _ . : / + - @)");
            return null;
        }
        if (key.replaceAll("[^A-Za-z0-9]", "").isEmpty() && value.replaceAll("[^A-Za-z0-9]", "").isEmpty()) {
            problems.add(where + ": needs a letter or digit from A-Z, a-z or 0-9 to name its alarms");
            return null;
        }
        return new Budget(name, key, value, null, usd);
    }
}
