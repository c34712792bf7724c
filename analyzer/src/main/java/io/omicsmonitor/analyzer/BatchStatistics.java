package io.omicsmonitor.analyzer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;

/**
 * Python's {@code max}, {@code statistics.mean} and {@code statistics.stdev} over manifest numbers, computed from
 * exact sums (as Python's statistics module does) and keeping Python's result kinds.
 */
final class BatchStatistics {

    private static final MathContext PRECISE = MathContext.DECIMAL128;

    private BatchStatistics() {
    }

    /** The first of the largest values (Python's max keeps the first of equals). */
    static Number max(List<Number> values) {
        Number best = null;
        for (Number v : values) {
            if (best == null || v.doubleValue() > best.doubleValue()) {
                best = v;
            }
        }
        return best;
    }

    /** The mean: an integer when every value is one and the mean is whole, else the nearest double. */
    static Number mean(List<Number> values) {
        BigDecimal sum = sum(values);
        BigDecimal n = BigDecimal.valueOf(values.size());
        if (allIntegers(values)) {
            BigInteger[] qr = sum.toBigIntegerExact().divideAndRemainder(n.toBigIntegerExact());
            if (qr[1].signum() == 0) {
                return qr[0].longValueExact();
            }
        }
        return sum.divide(n, PRECISE).doubleValue();
    }

    /** The sample standard deviation; 0.0 for fewer than two values (as upstream). */
    static Number sampleStdDev(List<Number> values) {
        int count = values.size();
        if (count < 2) {
            return 0.0;
        }
        BigDecimal n = BigDecimal.valueOf(count);
        BigDecimal sum = sum(values);
        BigDecimal squares = BigDecimal.ZERO;
        for (Number v : values) {
            BigDecimal x = exact(v);
            squares = squares.add(x.multiply(x));
        }
        // variance = (n*Σx² - (Σx)²) / (n(n-1)), the numerator exact
        BigDecimal numerator = n.multiply(squares).subtract(sum.multiply(sum));
        BigDecimal variance = numerator.divide(n.multiply(BigDecimal.valueOf(count - 1L)), PRECISE);
        return variance.signum() <= 0 ? 0.0 : variance.sqrt(PRECISE).doubleValue();
    }

    private static BigDecimal sum(List<Number> values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Number v : values) {
            sum = sum.add(exact(v));
        }
        return sum;
    }

    private static BigDecimal exact(Number v) {
        return v instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal(v.doubleValue());
    }

    private static boolean allIntegers(List<Number> values) {
        for (Number v : values) {
            if (!(v instanceof Long)) {
                return false;
            }
        }
        return true;
    }
}
