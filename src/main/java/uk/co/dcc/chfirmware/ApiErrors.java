package uk.co.dcc.chfirmware;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import uk.co.dcc.chfirmware.approval.ApprovalsClosedException;
import uk.co.dcc.chfirmware.estate.GuidListRejectedException;
import uk.co.dcc.chfirmware.release.InvalidReleaseException;
import uk.co.dcc.chfirmware.release.ReleaseClosedException;
import uk.co.dcc.chfirmware.release.ReleaseNotFoundException;
import uk.co.dcc.chfirmware.rollout.BatchNotFoundException;
import uk.co.dcc.chfirmware.rollout.RolloutNotActiveException;
import uk.co.dcc.chfirmware.security.ForbiddenException;

/**
 * The product API's errors as RFC 9457 problem details, each saying what is wrong and where: a request body that is not
 * JSON, or whose field has the wrong type or an unknown value, names the field (Jackson's path, such as
 * {@code guids[2]}) or the line and column. Nothing of the database or the code reaches the caller: an error the
 * request did not cause is answered with a problem id that the log holds with the whole story.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

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

    /**
     * Anything else, such as the database refusing a statement: the request did not say anything the product's own
     * checks refuse, so the failure is the product's (500). The answer carries a problem id and nothing of the SQL, the
     * tables or their columns; the log has the id and the whole exception. (A value too long for its column is refused
     * before it reaches the database, by the check of its field, which names it.)
     */
    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e, HttpServletResponse response) {
        if (response.isCommitted() || AnnotatedElementUtils.hasAnnotation(e.getClass(), ResponseStatus.class)) {
            throw e;
        }
        String problemId = UUID.randomUUID().toString();
        LOG.error("Problem {}: the request failed", problemId, e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request failed for a reason of the product's own; tell DCC's support the problem id " + problemId);
        problem.setProperty("problemId", problemId);
        return problem;
    }

    /** A body that is not JSON, or whose value does not fit its field: 400 naming the field, or the line and column. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setTitle("Unreadable request body");
        Throwable cause = ex.getCause();
        if (cause instanceof ValueInstantiationException refused && refused.getCause() instanceof IllegalArgumentException why) {
            problem.setDetail(why.getMessage()); // the value's own checks name their fields
        } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            problem.setProperty("field", field);
            problem.setDetail(field + ": " + whatIsWrong(mapping));
        } else if (cause instanceof StreamReadException json) {
            JsonLocation at = json.getLocation();
            problem.setDetail("The body is not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + json.getOriginalMessage());
        } else if (cause instanceof JsonMappingException) {
            problem.setDetail("The body must be a JSON object with the fields this request takes");
        } else {
            problem.setDetail("The request needs a JSON body");
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Jackson's path to the offending value: {@code settings.notBefore}, {@code guids[2]}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String whatIsWrong(JsonMappingException e) {
        if (e instanceof InvalidFormatException format) {
            Class<?> type = format.getTargetType();
            String value = "'" + format.getValue() + "'";
            if (type.isEnum()) {
                return value + " is not one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                        .collect(Collectors.joining(", "));
            }
            return value + " is not " + expected(type);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + expected(mismatch.getTargetType());
        }
        return "not a value this field takes";
    }

    private static String expected(Class<?> type) {
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Instant.class) {
            return "a time with offset such as 2026-12-01T00:00:00Z";
        }
        if (type == LocalDate.class) {
            return "a date such as 2026-12-01";
        }
        if (type == LocalTime.class) {
            return "a time of day such as 05:00";
        }
        if (type == String.class) {
            return "a text";
        }
        if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }
}
