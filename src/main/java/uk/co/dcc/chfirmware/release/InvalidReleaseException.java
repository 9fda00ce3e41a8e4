package uk.co.dcc.chfirmware.release;

/** A release that cannot be registered; the message says which field is wrong and why. */
public class InvalidReleaseException extends RuntimeException {

    public InvalidReleaseException(String message) {
        super(message);
    }
}
