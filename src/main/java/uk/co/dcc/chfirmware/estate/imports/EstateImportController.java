package uk.co.dcc.chfirmware.estate.imports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;

/** Estate imports (DCC only): upload a CSV file, then follow its job until it is applied or rejected. */
@RestController
@RequestMapping("/api/imports")
class EstateImportController {

    static final int MAX_FILE_NAME = 200;

    private final EstateImportService imports;
    private final CurrentActor actor;

    EstateImportController(EstateImportService imports, CurrentActor actor) {
        this.imports = imports;
        this.actor = actor;
    }

    @Operation(summary = "Import an estate CSV file",
            description = "The body is the file (docs/estate-import.md), streamed to the server. Answers 202 with the job "
                    + "and its Location at once; the file is checked and applied in the background. 409 while another "
                    + "import runs, 413 above chfw.import.max-upload-size. fileName, if given, names the file in the job: "
                    + "at most " + MAX_FILE_NAME + " characters, no control characters (400).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary"))),
            responses = @ApiResponse(responseCode = "202", description = "queued"))
    @PostMapping(consumes = "text/csv")
    ResponseEntity<ImportJobView> submit(HttpServletRequest request,
                                         @RequestParam(required = false) String fileName) throws IOException {
        actor.require(Actors.DCC);
        checkFileName(fileName);
        long id = imports.submit(request.getInputStream(), request.getContentLengthLong(), fileName, actor.userId());
        return ResponseEntity.accepted().location(URI.create("/api/imports/" + id)).body(imports.job(id));
    }

    /** A file name is shown in the job and written to the log: one line of text of a sensible length. */
    private static void checkFileName(String fileName) {
        if (fileName == null) {
            return;
        }
        if (fileName.length() > MAX_FILE_NAME) {
            throw new IllegalArgumentException("fileName: at most " + MAX_FILE_NAME + " characters");
        }
        if (fileName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("fileName: must not hold control characters such as line breaks or tabs");
        }
    }

    @Operation(summary = "An import job: status, progress, counts and the first problems")
    @GetMapping("/{importId}")
    ImportJobView job(@PathVariable long importId) {
        actor.require(Actors.DCC);
        return imports.job(importId);
    }

    @Operation(summary = "The most recent import jobs, newest first (without their problems)")
    @GetMapping
    List<ImportJobView> recent(@RequestParam(defaultValue = "20") int limit) {
        actor.require(Actors.DCC);
        return imports.recent(Math.max(1, Math.min(limit, 200)));
    }

    @ExceptionHandler(ImportAlreadyRunningException.class)
    ProblemDetail alreadyRunning(ImportAlreadyRunningException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(UploadTooLargeException.class)
    ProblemDetail tooLarge(UploadTooLargeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(ImportNotFoundException.class)
    ProblemDetail notFound(ImportNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }
}
