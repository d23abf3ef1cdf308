package dev.switchboard.handshake;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SubprotocolNegotiationTest {

    @Test
    void theServersPreferenceWinsOverTheClientsOrder() {
        assertEquals("json", SubprotocolNegotiation.choose(List.of("json", "text"), List.of("text", "json")));
    }

    @Test
    void theOnlySupportedOfferIsTaken() {
        assertEquals("text", SubprotocolNegotiation.choose(List.of("json", "text"), List.of("soap", "text")));
    }

    @Test
    void noSupportedOfferMeansNoSubprotocol() {
        assertEquals("", SubprotocolNegotiation.choose(List.of("json", "text"), List.of("soap", "wamp")));
    }

    @Test
    void noOfferMeansNoSubprotocolSoTheEndpointDefaultApplies() {
        assertEquals("", SubprotocolNegotiation.choose(List.of("json", "text"), List.of()));
    }

    @Test
    void anEndpointWithoutSubprotocolsNeverNegotiatesOne() {
        assertEquals("", SubprotocolNegotiation.choose(List.of(), List.of("json")));
    }

    @Test
    void subprotocolTokensAreCaseSensitive() {
        assertEquals("", SubprotocolNegotiation.choose(List.of("json"), List.of("JSON")));
    }
}
