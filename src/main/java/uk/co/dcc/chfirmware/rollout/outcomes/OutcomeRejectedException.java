package uk.co.dcc.chfirmware.rollout.outcomes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A posted outcome stream refused as a whole: the first offending line and why. Nothing of it was stored. */
class OutcomeRejectedException extends ErrorResponseException {

    private final long line;
    private final String reason;

    OutcomeRejectedException(long line, String reason) {
        super(HttpStatus.BAD_REQUEST, problem(line, reason), null);
        this.line = line;
        this.reason = reason;
    }

    private static ProblemDetail problem(long line, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Line " + line + ": " + reason + ". Nothing of this post was stored.");
        problem.setTitle("Outcomes refused");
        problem.setProperty("line", line);
        problem.setProperty("reason", reason);
        return problem;
    }

    public long line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return "Line " + line + ": " + reason;
    }
}
