package io.omicsmonitor.cli.backfill;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void holdsTheRateAcrossThreadsAfterTheFirstSecondsBurst() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(100);
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 40; i++) {
                    bucket.acquire();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // 160 permits: 100 at once (the burst), 60 more at 100 a second
        assertTrue(seconds >= 0.55, "took " + seconds + " s");
        assertTrue(seconds < 2.0, "took " + seconds + " s");
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(Double.NaN));
    }
}
