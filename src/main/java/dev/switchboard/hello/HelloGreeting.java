package dev.switchboard.hello;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The javascript.info demo server's reply: {@code Hello from server, NAME!}, where NAME is the
 * run of word characters (Unicode letters, marks, digits, connector punctuation) that ends the
 * message, or {@code Guest} when the message does not end in one.
 */
public final class HelloGreeting {

    private static final Pattern TRAILING_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{Nd}\\p{Pc}]+$");

    private HelloGreeting() {}

    public static String replyTo(String message) {
        return "Hello from server, " + nameIn(message) + "!";
    }

    static String nameIn(String message) {
        Matcher matcher = TRAILING_NAME.matcher(message);
        return matcher.find() ? matcher.group() : "Guest";
    }
}
