package dev.switchboard.handshake;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientAddressTest {

    @Test
    void theAddressTheFilterRecordedIsTheClientsAddress() {
        Map<String, Object> properties = new HashMap<>();
        ClientAddress.copyToUserProperties(Map.of("x-switchboard-remote-address", List.of("192.0.2.7")), properties);
        properties.put(ClientAddress.JETTY_REMOTE_ADDRESS, new InetSocketAddress("198.51.100.1", 4000));
        assertEquals("192.0.2.7", ClientAddress.of(properties));
    }

    @Test
    void withoutTheFilterJettysSocketAddressGivesTheClientsAddress() {
        Map<String, Object> properties = Map.of(ClientAddress.JETTY_REMOTE_ADDRESS,
                new InetSocketAddress("198.51.100.1", 4000));
        assertEquals("198.51.100.1", ClientAddress.of(properties));
    }

    @Test
    void withNeitherTheAddressIsUnknown() {
        assertEquals("unknown", ClientAddress.of(Map.of()));
    }
}
