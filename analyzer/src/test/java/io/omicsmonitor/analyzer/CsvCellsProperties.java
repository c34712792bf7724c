package io.omicsmonitor.analyzer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CsvCellsProperties {

    private static String reference(double d) {
        return new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    @Property(tries = 20_000)
    boolean fastFormattingEqualsBigDecimal(@ForAll("doubles") double d) {
        return reference(d).equals(CsvCells.number(d));
    }

    /** Ties and near-ties: k / 2^m (exact binary fractions) and values a few ulps around x.xxxxxx5. */
    @Property(tries = 20_000)
    boolean tiesRoundToEven(@ForAll("ties") double d) {
        return reference(d).equals(CsvCells.number(d));
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(-1e4, 1e4).ofScale(12),
                Arbitraries.doubles().between(0, 1e-5).ofScale(15), Arbitraries.doubles().between(1e6, 5e9).ofScale(9),
                Arbitraries.doubles().between(-1e12, 1e12).ofScale(6),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !d.isNaN() && !d.isInfinite()));
    }

    @Provide
    Arbitrary<Double> ties() {
        Arbitrary<Double> binary = Arbitraries.longs().between(0, 1L << 30)
                .flatMap(k -> Arbitraries.integers().between(0, 30).map(m -> k / Math.pow(2, m)));
        Arbitrary<Double> nearHalf = Arbitraries.longs().between(0, 10_000_000_000L)
                .flatMap(k -> Arbitraries.integers().between(-3, 3).map(u -> {
                    double x = (k + 0.5) / 1e6;
                    for (int i = 0; i < Math.abs(u); i++) {
                        x = u > 0 ? Math.nextUp(x) : Math.nextDown(x);
                    }
                    return x;
                }));
        return Arbitraries.oneOf(binary, nearHalf, binary.map(x -> -x));
    }
}
