package dev.switchboard.hello;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HelloGreetingTest {

    @Test
    void theTrailingWordIsTheName() {
        assertEquals("Hello from server, John!", HelloGreeting.replyTo("My name is John"));
    }

    @Test
    void aMessageEndingInPunctuationGreetsGuest() {
        assertEquals("Hello from server, Guest!", HelloGreeting.replyTo("hello!"));
    }

    @Test
    void anEmptyMessageGreetsGuest() {
        assertEquals("Guest", HelloGreeting.nameIn(""));
    }

    @Test
    void trailingWhitespaceMeansNoName() {
        assertEquals("Guest", HelloGreeting.nameIn("I am John "));
    }

    @Test
    void unicodeLettersMarksDigitsAndConnectorsBelongToTheName() {
        assertEquals("Jos\u00e9", HelloGreeting.nameIn("je suis Jos\u00e9"));
        assertEquals("e\u0301cole", HelloGreeting.nameIn("to e\u0301cole"));
        assertEquals("\u4f60\u597d", HelloGreeting.nameIn("hi \u4f60\u597d"));
        assertEquals("user_42", HelloGreeting.nameIn("call me user_42"));
        assertEquals("Ann", HelloGreeting.nameIn("Mary-Ann"));
    }

    @Test
    void aOneWordMessageIsAllName() {
        assertEquals("John", HelloGreeting.nameIn("John"));
    }
}
