package dev.switchboard.web;

import dev.switchboard.broadcast.PublishResult;
import dev.switchboard.delivery.Frame;
import dev.switchboard.handshake.ResourceName;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code POST /api/broadcast/{channel}}: server-side publishing with a bearer token (docs/protocol.md §5).
 * The API is off (404) unless {@code switchboard.publishToken} is set.
 */
@WebServlet("/api/broadcast/*")
public class PublishServlet extends NodeServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> token = node().settings().publishToken();
        if (token.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!isAuthorized(request.getHeader("Authorization"), token.get())) {
            response.setHeader("WWW-Authenticate", "Bearer");
            answer(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"error\":\"missing or wrong bearer token\"}");
            return;
        }
        String path = request.getPathInfo();
        String channel = path == null ? "" : path.substring(1);
        if (!ResourceName.isValid(channel)) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":\"invalid channel name\"}");
            return;
        }
        int max = node().settings().broadcast().maxMessageBytes();
        byte[] body = readAtMost(request.getInputStream(), max);
        if (body == null) {
            answer(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "{\"error\":\"body is over " + max + " bytes\"}");
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, "{\"error\":\"body is not UTF-8 text\"}");
            return;
        }
        PublishResult result = node().broadcast().channels().publish(channel, 0, new Frame(text, null, body.length));
        if (!result.accepted()) {
            response.setHeader("Retry-After", String.valueOf((result.retryAfterMillis() + 999) / 1000));
            answer(response, 429, "{\"error\":\"rate-limited\",\"retryAfterMillis\":" + result.retryAfterMillis() + "}");
            return;
        }
        answer(response, HttpServletResponse.SC_ACCEPTED,
                "{\"seq\":" + result.seq() + ",\"recipients\":" + result.recipients() + "}");
    }

    /** Compares in constant time, so response timing does not reveal how much of a guess was right. */
    static boolean isAuthorized(String header, String token) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] offered = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(offered, token.getBytes(StandardCharsets.UTF_8));
    }

    /** The body, or null when it is longer than {@code max} bytes (read no further than that). */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        return body.length > max ? null : body;
    }

    private static void answer(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json);
    }
}
