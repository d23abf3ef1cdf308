package dev.switchboard.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.List;

/** What the chat server sends (docs/protocol.md §4); field names are the contract's. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ChatEvent.Id.class),
        @JsonSubTypes.Type(ChatEvent.Message.class),
        @JsonSubTypes.Type(ChatEvent.Username.class),
        @JsonSubTypes.Type(ChatEvent.RejectUsername.class),
        @JsonSubTypes.Type(ChatEvent.UserList.class),
        @JsonSubTypes.Type(ChatEvent.Error.class)})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ChatEvent {

    @JsonTypeName("id")
    record Id(long id, long date) implements ChatEvent {}

    /** {@code replay} is true on history sent at join, absent otherwise. */
    @JsonTypeName("message")
    record Message(long id, String name, String text, long date, Boolean replay) implements ChatEvent {
        Message asReplay() {
            return new Message(id, name, text, date, Boolean.TRUE);
        }
    }

    @JsonTypeName("username")
    record Username(long id, String name, long date) implements ChatEvent {}

    @JsonTypeName("rejectusername")
    record RejectUsername(long id, String name, long date) implements ChatEvent {}

    @JsonTypeName("userlist")
    record UserList(List<String> users, long date) implements ChatEvent {}

    @JsonTypeName("error")
    record Error(String code, String message, Long retryAfterMillis) implements ChatEvent {
        static Error of(String code, String message) {
            return new Error(code, message, null);
        }
    }
}
