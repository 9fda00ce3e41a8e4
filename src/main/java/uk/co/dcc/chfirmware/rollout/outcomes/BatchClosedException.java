package uk.co.dcc.chfirmware.rollout.outcomes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Outcomes posted to a batch that has already been closed, rejected or cancelled. */
class BatchClosedException extends ErrorResponseException {

    BatchClosedException(long batchId, String status) {
        super(HttpStatus.CONFLICT, problem(batchId, status), null);
    }

    private static ProblemDetail problem(long batchId, String status) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Batch " + batchId + " is " + status + ": it takes no more outcomes");
        problem.setTitle("Batch closed");
        problem.setProperty("status", status);
        return problem;
    }
}
