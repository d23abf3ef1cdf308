package dev.switchboard.broadcast;

import dev.switchboard.config.Settings;
import dev.switchboard.delivery.ConnectionRateLimit;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.RecordingTransport;
import dev.switchboard.metrics.EndpointMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Settings.Broadcast settings = Settings.defaults().broadcast();
    private final Channels channels = new Channels(
            new LocalChannelLog(settings, () -> 5_000, nanos::get, () -> "e1"), settings.replayBytes(),
            new BroadcastEventEncoder());
    private final RecordingTransport textClient = new RecordingTransport();
    private final RecordingTransport jsonClient = new RecordingTransport();

    private BroadcastSession session(long id, String channel, boolean json, RecordingTransport transport) {
        BroadcastSession session = new BroadcastSession(id, channel, json, null, transport.outbox(), transport, channels,
                new ConnectionRateLimit(settings.rate(), settings.burst(), nanos::get), settings.maxMessageBytes(),
                new EndpointMetrics(), new BroadcastEventEncoder());
        session.start();
        return session;
    }

    @Test
    void textSubscribersGetExactlyTheTextAndJsonSubscribersTheEnvelope() {
        session(1, "news", false, textClient);
        session(2, "news", true, jsonClient);
        channels.publish("news", 1, Frame.of("hello {not json}"));
        assertEquals(List.of("hello {not json}"), textClient.sent);
        assertEquals(List.of("{\"type\":\"subscribed\",\"channel\":\"news\",\"seq\":0,\"epoch\":\"e1\"}",
                "{\"type\":\"broadcast\",\"channel\":\"news\",\"seq\":1,\"from\":1,"
                + "\"text\":\"hello {not json}\",\"date\":5000}"), jsonClient.sent);
    }

    @Test
    void seqRisesByOnePerRelayedMessage() {
        session(2, "news", true, jsonClient);
        assertEquals(1, channels.publish("news", 0, Frame.of("a")).seq());
        assertEquals(2, channels.publish("news", 0, Frame.of("b")).seq());
        assertTrue(jsonClient.last().contains("\"seq\":2"));
    }

    @Test
    void recipientsCountsTheSessionsOnTheChannel() {
        session(1, "news", false, textClient);
        session(2, "news", true, jsonClient);
        session(3, "other", true, new RecordingTransport());
        assertEquals(2, channels.publish("news", 0, Frame.of("x")).recipients());
    }

    @Test
    void aChannelWithoutSubscribersRelaysNothing() {
        PublishResult result = channels.publish("empty", 0, Frame.of("x"));
        assertEquals(0, result.seq());
        assertEquals(0, result.recipients());
        assertTrue(result.accepted());
    }

    @Test
    void theSenderIsIncluded() {
        BroadcastSession sender = session(1, "news", false, textClient);
        sender.receive(Frame.of("me too"));
        assertEquals(List.of("me too"), textClient.sent);
    }

    @Test
    void overItsOwnLimitAJsonPublisherIsToldAndNothingIsRelayed() {
        BroadcastSession publisher = session(2, "news", true, jsonClient);
        for (int i = 0; i < 40; i++) {
            publisher.receive(Frame.of("m" + i));
        }
        publisher.receive(Frame.of("one too many"));
        assertEquals("{\"type\":\"error\",\"code\":\"rate-limited\",\"retryAfterMillis\":50}", jsonClient.last());
        assertEquals(42, jsonClient.sent.size(), "subscribed, 40 relayed, 1 error");
    }

    @Test
    void overItsOwnLimitATextPublisherIsNotRelayedAndNotTold() {
        BroadcastSession publisher = session(1, "news", false, textClient);
        for (int i = 0; i < 41; i++) {
            publisher.receive(Frame.of("m" + i));
        }
        assertEquals(40, textClient.sent.size());
        assertEquals("m39", textClient.last());
    }

    @Test
    void theChannelLimitAppliesToAllPublishersTogether() {
        session(1, "busy", true, jsonClient);
        int accepted = 0;
        for (int i = 0; i < 2_500; i++) {
            if (channels.publish("busy", 0, Frame.of("x")).accepted()) {
                accepted++;
            }
        }
        assertEquals(2_000, accepted);
        PublishResult refused = channels.publish("busy", 0, Frame.of("x"));
        assertFalse(refused.accepted());
        assertEquals(1, refused.retryAfterMillis());
    }

    @Test
    void aMessageOverTheLimitClosesWith1009() {
        BroadcastSession publisher = session(1, "news", false, textClient);
        publisher.receive(Frame.of("x".repeat(16_385)));
        assertEquals("1009 message too big", textClient.closedWith);
        assertEquals(List.of(), textClient.sent);
    }

    @Test
    void aLeavingSubscriberGetsNoMore() {
        BroadcastSession leaving = session(1, "news", false, textClient);
        session(2, "news", true, jsonClient);
        leaving.end();
        channels.publish("news", 0, Frame.of("after"));
        assertEquals(List.of(), textClient.sent);
        assertNull(textClient.closedWith);
    }

    @Test
    void channelLimitRejectionsNeverEndAConnectionHoweverLongTheChannelIsSaturated() {
        Settings.Broadcast busy = new Settings.Broadcast(1000, 1000, 1, 1, settings.maxPendingBytes(),
                settings.slowConsumer(), settings.maxMessageBytes(), settings.history(), settings.retainSeconds(),
                settings.maxRetainedChannels());
        Channels saturated = new Channels(new LocalChannelLog(busy, () -> 5_000, nanos::get, () -> "e1"), busy.replayBytes(),
                new BroadcastEventEncoder());
        RecordingTransport polite = new RecordingTransport();
        BroadcastSession session = new BroadcastSession(1, "busy", true, null, polite.outbox(), polite, saturated,
                new ConnectionRateLimit(busy.rate(), busy.burst(), nanos::get), busy.maxMessageBytes(),
                new EndpointMetrics(), new BroadcastEventEncoder());
        session.start();
        for (int second = 0; second < 30; second++) {
            nanos.set(second * 1_000_000_000L + 100);
            for (int i = 0; i < 3; i++) { // the first of each second is relayed, the others refused by the channel
                session.receive(Frame.of("m"));
            }
        }
        assertNull(polite.closedWith);
        assertTrue(polite.last().contains("rate-limited"), polite.last());
    }

    @Test
    void aSubscriberClosedByTheContainerDuringAPublishIsUnsubscribed() {
        RecordingTransport victim = new RecordingTransport();
        RecordingTransport closer = new RecordingTransport() {
            @Override
            public synchronized void sendText(String text, jakarta.websocket.SendHandler handler) {
                channels.unsubscribe("news", 2); // the container closes another session inside this write
                super.sendText(text, handler);
            }
        };
        session(1, "news", false, closer);
        session(2, "news", false, victim);
        session(3, "news", false, textClient);
        channels.publish("news", 0, Frame.of("a"));
        assertEquals(2, channels.publish("news", 0, Frame.of("b")).recipients());
        assertEquals(List.of("a", "b"), textClient.sent);
    }
}
