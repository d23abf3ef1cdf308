package dev.switchboard.delivery;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Any rate, any burst, any pattern of attempts in time. */
class TokenBucketProperties {

    @Property
    void noMoreTokensAreTakenThanTheBurstPlusWhatTheRateRefilled(
            @ForAll @IntRange(min = 1, max = 1000) int rate, @ForAll @IntRange(min = 1, max = 100) int burst,
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 50_000_000) Integer> gapsNanos) {
        AtomicLong clock = new AtomicLong(123_456_789L);
        long start = clock.get();
        TokenBucket bucket = new TokenBucket(rate, burst, clock::get);
        long taken = 0;
        for (int gap : gapsNanos) {
            clock.addAndGet(gap);
            long wait = bucket.tryTake();
            assertTrue(wait >= 0);
            if (wait == 0) {
                taken++;
            }
            long tokenNanos = Math.max(1, 1_000_000_000L / rate);
            assertTrue(taken <= burst + (clock.get() - start) / tokenNanos, "took " + taken);
        }
    }

    @Property
    void waitingTheAnsweredRetryTimeAlwaysYieldsAToken(
            @ForAll @IntRange(min = 1, max = 1000) int rate, @ForAll @IntRange(min = 1, max = 20) int burst,
            @ForAll @IntRange(min = 0, max = 200) int attempts) {
        AtomicLong clock = new AtomicLong();
        TokenBucket bucket = new TokenBucket(rate, burst, clock::get);
        for (int i = 0; i < attempts; i++) {
            long wait = bucket.tryTake();
            if (wait > 0) {
                clock.addAndGet(wait * 1_000_000L);
                assertEquals(0, bucket.tryTake(), "after waiting " + wait + " ms");
            }
        }
    }
}
