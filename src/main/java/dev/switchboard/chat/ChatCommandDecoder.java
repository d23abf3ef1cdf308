package dev.switchboard.chat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.delivery.Utf8;
import dev.switchboard.delivery.JsonMappers;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

/**
 * One text frame to a {@link ChatCommand}, with the frame's size ({@link ChatFrame}). It never
 * throws: containers differ in what they do after a {@code DecodeException} (and some close the
 * session), so bad input becomes a {@link ChatCommand.Invalid} that the endpoint answers with an
 * {@code error} frame.
 *
 * <p>It needs nothing from the node: containers instantiate decoders themselves and differ in which
 * endpoint configuration they hand to {@code init} (Tyrus's is not the one its configurator's
 * {@code modifyHandshake} saw), so the size cap is applied by the endpoint, from the frame's size.
 */
public class ChatCommandDecoder implements Decoder.Text<ChatFrame> {

    private static final ObjectMapper JSON = JsonMappers.create()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public void init(EndpointConfig config) {
    }

    @Override
    public void destroy() {
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }

    @Override
    public ChatFrame decode(String text) {
        return new ChatFrame(parse(text), Utf8.length(text));
    }

    private static ChatCommand parse(String text) {
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
