package dev.switchboard.broadcast;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ResumePointTest {

    private static ResumePoint parse(String since, String epoch) {
        return ResumePoint.fromQuery(Map.of("since", List.of(since), "epoch", List.of(epoch)));
    }

    @Test
    void sinceAndEpochMakeAResumePoint() {
        assertEquals(new ResumePoint(41, "kX9_-a"), parse("41", "kX9_-a"));
        assertEquals(new ResumePoint(0, "e"), parse("0", "e"));
        assertEquals(new ResumePoint(Long.MAX_VALUE, "e"), parse(String.valueOf(Long.MAX_VALUE), "e"));
    }

    @Test
    void withoutBothParametersThereIsNoResumePoint() {
        assertNull(ResumePoint.fromQuery(Map.of()));
        assertNull(ResumePoint.fromQuery(Map.of("since", List.of("3"))));
        assertNull(ResumePoint.fromQuery(Map.of("epoch", List.of("e"))));
    }

    @Test
    void aMalformedResumePointIsIgnored() {
        for (String since : List.of("", "-1", "+1", "1.5", "0x10", " 1", "9223372036854775808", "12345678901234567890", "one")) {
            assertNull(parse(since, "e"), since);
        }
        assertNull(parse("1", ""));
        assertNull(parse("1", "e".repeat(65)));
        assertNull(ResumePoint.fromQuery(Map.of("since", List.of("1", "2"), "epoch", List.of("e"))));
    }
}
