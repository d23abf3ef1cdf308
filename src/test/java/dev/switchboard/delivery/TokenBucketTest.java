package dev.switchboard.delivery;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

    private void advanceMillis(long millis) {
        clock.addAndGet(millis * 1_000_000);
    }

    @Test
    void aFullBucketAllowsTheBurstThenRefusesWithTheWait() {
        TokenBucket bucket = new TokenBucket(10, 20, clock::get);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, bucket.tryTake(), "message " + i);
        }
        assertEquals(100, bucket.tryTake()); // 10/s: next token in 100 ms
    }

    @Test
    void tokensComeBackAtTheRate() {
        TokenBucket bucket = new TokenBucket(10, 20, clock::get);
        for (int i = 0; i < 20; i++) {
            bucket.tryTake();
        }
        advanceMillis(99);
        assertEquals(1, bucket.tryTake());
        advanceMillis(1);
        assertEquals(0, bucket.tryTake());
        assertTrue(bucket.tryTake() > 0);
    }

    @Test
    void theBucketNeverHoldsMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 20, clock::get);
        advanceMillis(60_000);
        for (int i = 0; i < 20; i++) {
            assertEquals(0, bucket.tryTake());
        }
        assertTrue(bucket.tryTake() > 0);
    }

    @Test
    void aSteadySenderAtTheRateIsNeverRefused() {
        TokenBucket bucket = new TokenBucket(10, 1, clock::get);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, bucket.tryTake());
            advanceMillis(100);
        }
    }

    @Test
    void rejectionsInTenConsecutiveSecondsEndTheConnection() {
        ConnectionRateLimit limit = new ConnectionRateLimit(1, 1, clock::get);
        clock.set(0);
        limit.check();
        for (int second = 0; second < 9; second++) {
            clock.set(second * 1_000_000_000L + 500_000_000L);
            RateLimitResult result = limit.check();
            if (result.allowed()) {
                result = limit.check();
            }
            assertFalse(result.exceeded(), "second " + second);
        }
        clock.set(9 * 1_000_000_000L + 500_000_000L);
        limit.check();
        assertTrue(limit.check().exceeded());
    }

    @Test
    void aQuietSecondResetsTheStreak() {
        RejectionStreak streak = new RejectionStreak(10);
        for (int second = 0; second < 9; second++) {
            assertFalse(streak.rejectedAt(second * 1_000_000_000L));
        }
        assertFalse(streak.rejectedAt(10 * 1_000_000_000L)); // second 9 had no rejection
        for (int second = 11; second < 19; second++) {
            assertFalse(streak.rejectedAt(second * 1_000_000_000L));
        }
        assertTrue(streak.rejectedAt(19 * 1_000_000_000L));
    }
}
