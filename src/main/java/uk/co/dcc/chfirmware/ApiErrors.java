package uk.co.dcc.chfirmware;

import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import uk.co.dcc.chfirmware.approval.ApprovalsClosedException;
import uk.co.dcc.chfirmware.approval.GuidListRejectedException;
import uk.co.dcc.chfirmware.release.InvalidReleaseException;
import uk.co.dcc.chfirmware.release.ReleaseClosedException;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.rollout.BatchNotFoundException;
import uk.co.dcc.chfirmware.rollout.RolloutNotActiveException;
import uk.co.dcc.chfirmware.security.ForbiddenException;

/** The product API's errors as RFC 9457 problem details, each saying what is wrong and where. */
@RestControllerAdvice
class ApiErrors {

    @ExceptionHandler({ReleaseNotFoundException.class, BatchNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler({InvalidReleaseException.class, IllegalArgumentException.class})
    ProblemDetail badRequest(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(GuidListRejectedException.class)
    ProblemDetail guidListRejected(GuidListRejectedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("problemCount", e.problemCount());
        problem.setProperty("problems", e.problems());
        return problem;
    }

    @ExceptionHandler({ReleaseClosedException.class, ApprovalsClosedException.class, RolloutNotActiveException.class})
    ProblemDetail conflict(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler({ForbiddenException.class, AuthorizationException.class})
    ProblemDetail forbidden(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    }
}
