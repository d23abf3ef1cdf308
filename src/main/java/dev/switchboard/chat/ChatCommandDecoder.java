package dev.switchboard.chat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.SwitchboardNode;
import dev.switchboard.delivery.Utf8;
import dev.switchboard.ops.EndpointKind;
import dev.switchboard.ops.EndpointMetrics;
import dev.switchboard.ops.JsonMappers;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

/**
 * One text frame to a {@link ChatCommand}. It never throws: containers differ in what they do
 * after a {@code DecodeException} (and some close the session), so bad input becomes a
 * {@link ChatCommand.Invalid} that the endpoint answers with an {@code error} frame.
 */
public class ChatCommandDecoder implements Decoder.Text<ChatCommand> {

    private static final ObjectMapper JSON = JsonMappers.create()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private int maxMessageBytes = Integer.MAX_VALUE;
    private EndpointMetrics metrics;

    @Override
    public void init(EndpointConfig config) {
        SwitchboardNode node = SwitchboardNode.current();
        maxMessageBytes = node.settings().chat().maxMessageBytes();
        metrics = node.metrics().endpoint(EndpointKind.CHAT);
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }

    @Override
    public ChatCommand decode(String text) {
        long bytes = Utf8.length(text);
        metrics.received(bytes); // the only place that sees the frame's size
        return decode(text, bytes, maxMessageBytes);
    }

    static ChatCommand decode(String text, long bytes, int maxMessageBytes) {
        if (bytes > maxMessageBytes) {
            return new ChatCommand.TooBig(bytes);
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JacksonException e) {
            return new ChatCommand.Invalid("bad-json", "not a JSON object");
        }
        if (json == null || !json.isObject()) {
            return new ChatCommand.Invalid("bad-json", "not a JSON object");
        }
        JsonNode type = json.get("type");
        String typeName = type != null && type.isTextual() ? type.textValue() : null;
        if ("message".equals(typeName)) {
            JsonNode textField = json.get("text");
            return textField != null && textField.isTextual()
                    ? new ChatCommand.Post(textField.textValue())
                    : new ChatCommand.Invalid("invalid-field", "text must be a string");
        }
        if ("username".equals(typeName)) {
            JsonNode name = json.get("name");
            return name != null && name.isTextual()
                    ? new ChatCommand.Rename(name.textValue())
                    : new ChatCommand.Invalid("invalid-field", "name must be a string");
        }
        return new ChatCommand.Invalid("unknown-type",
                typeName == null ? "type must be \"username\" or \"message\"" : "unknown type \"" + typeName + "\"");
    }
}
