package uk.co.dcc.chfirmware.rollout;

/** The release has no rollout in the state the request needs (answered 409). */
public class RolloutNotActiveException extends RuntimeException {

    public RolloutNotActiveException(String message) {
        super(message);
    }
}
