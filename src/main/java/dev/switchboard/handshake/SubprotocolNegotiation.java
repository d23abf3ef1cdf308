package dev.switchboard.handshake;

import java.util.List;

/**
 * Picks the subprotocol by the server's order of preference, not the client's: a client that
 * offers {@code text, json} to {@code /broadcast} still gets {@code json}. The empty string
 * means none: either nothing was offered (the endpoint's default applies) or nothing offered
 * is supported (the response then carries no {@code Sec-WebSocket-Protocol} and a conforming
 * client fails the connection, RFC 6455 §4.2.2).
 */
public final class SubprotocolNegotiation {

    private SubprotocolNegotiation() {}

    public static String choose(List<String> serverPreference, List<String> offered) {
        for (String supported : serverPreference) {
            if (offered.contains(supported)) {
                return supported;
            }
        }
        return "";
    }
}
