package io.omicsmonitor.analyzer;

import java.util.Arrays;
import java.util.Comparator;

/** A stable sort of positions by time, done on primitives when time span and count fit one long. */
final class StableOrder {

    private StableOrder() {
    }

    /** Positions 0..count-1 ordered by {@code time[position]}, equal times kept in position order. */
    static int[] byTime(long[] time, int count) {
        if (count == 0) {
            return new int[0];
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, time[i]);
            max = Math.max(max, time[i]);
        }
        int positionBits = 64 - Long.numberOfLeadingZeros(count);
        long range = max - min;
        if (range >= 0 && 64 - Long.numberOfLeadingZeros(range) + positionBits <= 62) {
            // (time - min) in the high bits, the position in the low bits: sorting the keys is a stable sort by time
            long[] keys = new long[count];
            for (int i = 0; i < count; i++) {
                keys[i] = ((time[i] - min) << positionBits) | i;
            }
            Arrays.sort(keys);
            int[] order = new int[count];
            long mask = (1L << positionBits) - 1;
            for (int i = 0; i < count; i++) {
                order[i] = (int) (keys[i] & mask);
            }
            return order;
        }
        Integer[] boxed = new Integer[count];
        for (int i = 0; i < count; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.comparingLong(i -> time[i])); // TimSort: stable
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }
}
