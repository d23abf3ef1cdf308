package dev.switchboard.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishServletTest {

    @Test
    void onlyTheRightTokenIsAuthorized() {
        assertTrue(PublishServlet.isAuthorized("Bearer s3cret", "s3cret"));
        assertTrue(PublishServlet.isAuthorized("bearer s3cret", "s3cret"));
        assertFalse(PublishServlet.isAuthorized("Bearer s3cre", "s3cret"));
        assertFalse(PublishServlet.isAuthorized("Bearer s3cret2", "s3cret"));
        assertFalse(PublishServlet.isAuthorized("Basic s3cret", "s3cret"));
        assertFalse(PublishServlet.isAuthorized(null, "s3cret"));
    }
}
