package dev.fathom.collectors.receiver;

import java.io.IOException;

/** A request body (or what it decompresses to) went past its limit; reading stopped there. */
public final class BodyTooLargeException extends IOException {

    public BodyTooLargeException(String message) {
        super(message);
    }
}
