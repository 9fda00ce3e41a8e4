package uk.co.dcc.chfirmware.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;

/**
 * {@code import-estate --file FILE [--url URL] [--user U --password P]}: uploads an estate CSV to a running
 * application's {@code POST /api/imports} and follows the job until it ends, printing its progress and, if
 * the file is rejected, its problems. Exit code 0 when applied, 3 when rejected, 1 on any other failure.
 */
final class ImportEstateCommand implements Command {

    static final int REJECTED = 3;
    private static final long POLL_MILLIS = 2_000;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String name() {
        return "import-estate";
    }

    @Override
    public String summary() {
        return "upload an estate CSV file to a running application and follow the import (default http://localhost:8080 as dcc/demo)";
    }

    @Override
    public String usage() {
        return "--file FILE [--url http://localhost:8080] [--user dcc --password demo]";
    }

    @Override
    public Set<String> options() {
        return Set.of("file", "url", "user", "password");
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws Exception {
        Path file = Path.of(options.required("file"));
        if (!Files.isReadable(file)) {
            throw new Options.UsageException("cannot read " + file);
        }
        String url = options.get("url", "http://localhost:8080").replaceAll("/+$", "");
        String authorization = "Basic " + Base64.getEncoder().encodeToString((options.get("user", "dcc") + ":"
                + options.get("password", "demo")).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();

        out.printf("Uploading %s (%d bytes) to %s%n", file, Files.size(file), url);
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create(url + "/api/imports?fileName="
                        + URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8)))
                .header("Authorization", authorization).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() != 202) {
            err.println("The import was not accepted: HTTP " + submitted.statusCode() + " " + detail(submitted.body()));
            return 1;
        }
        String location = submitted.headers().firstValue("Location").orElseThrow();
        JsonNode job = json.readTree(submitted.body());
        out.println("Import " + job.get("id").asLong() + " queued; following " + url + location);
        while (true) {
            String status = job.get("status").asText();
            if (status.equals("SUCCEEDED") || status.equals("REJECTED") || status.equals("FAILED")) {
                return report(job, out, err);
            }
            Thread.sleep(POLL_MILLIS);
            HttpResponse<String> polled = http.send(HttpRequest.newBuilder(URI.create(url + location))
                    .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (polled.statusCode() != 200) {
                err.println("Could not follow the import: HTTP " + polled.statusCode() + " " + detail(polled.body()));
                return 1;
            }
            job = json.readTree(polled.body());
            if (!job.get("status").asText().matches("SUCCEEDED|REJECTED|FAILED")) {
                out.println(progress(job));
            }
        }
    }

    static String progress(JsonNode job) {
        StringBuilder line = new StringBuilder(job.get("status").asText());
        if (!job.path("step").isNull() && job.has("step")) {
            line.append(" (").append(job.get("step").asText()).append(')');
        }
        line.append(": ").append(job.get("rowsDone").asLong()).append(" lines");
        if (!job.path("rowsPerSecond").isNull()) {
            line.append(", ").append(Math.round(job.get("rowsPerSecond").asDouble())).append(" lines/s");
        }
        if (!job.path("secondsLeft").isNull()) {
            line.append(", about ").append(job.get("secondsLeft").asLong()).append(" s left to read");
        }
        return line.toString();
    }

    private static int report(JsonNode job, PrintStream out, PrintStream err) {
        String status = job.get("status").asText();
        switch (status) {
            case "SUCCEEDED" -> {
                out.printf("SUCCEEDED: %d lines, %d inserted, %d updated, %d unchanged, %s lines/s%n",
                        job.get("rowsDone").asLong(), job.get("inserted").asLong(), job.get("updated").asLong(),
                        job.get("unchanged").asLong(), Math.round(job.get("rowsPerSecond").asDouble()));
                return 0;
            }
            case "REJECTED" -> {
                err.printf("REJECTED: %d problem(s); nothing was stored. The first %d:%n", job.get("problemCount").asLong(),
                        job.get("problems").size());
                for (JsonNode problem : job.get("problems")) {
                    err.printf("  line %d%s: %s%n", problem.get("line").asLong(),
                            problem.get("column").isNull() ? "" : ", " + problem.get("column").asText(),
                            problem.get("reason").asText());
                }
                return REJECTED;
            }
            default -> {
                err.println("FAILED: " + job.get("message").asText());
                return 1;
            }
        }
    }

    private String detail(String body) {
        try {
            JsonNode problem = json.readTree(body);
            return problem.has("detail") ? problem.get("detail").asText() : body;
        } catch (Exception e) {
            return body;
        }
    }
}
