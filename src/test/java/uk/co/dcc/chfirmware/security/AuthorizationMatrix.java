package uk.co.dcc.chfirmware.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The authorization matrix, src/test/resources/authorization-matrix.csv: one row per endpoint (method and path, with
 * the body it is sent), one column per role, each cell the HTTP status that role must get. Lines starting with
 * {@code #} begin a section; the last column is a comment. Cells hold no commas and no quotes, so that the file
 * reads as a plain table; bodies with several fields are named ({@code @name}) and defined in the test.
 */
record AuthorizationMatrix(List<Row> rows) {

    static final Path CSV = Path.of("src", "test", "resources", "authorization-matrix.csv");
    static final List<String> ROLES = List.of("anonymous", "dcc", "dcc-testing", "csp-north", "csp-central-south",
            "supplier-aurora", "supplier-brightwatt", "admin");
    static final String NOT_ASSERTED = "-";
    private static final List<String> HEADER = header();
    private static final Pattern STATUS = Pattern.compile("[1-5][0-9][0-9]|" + Pattern.quote(NOT_ASSERTED));

    /** One endpoint: what is sent, and what each role gets. */
    record Row(int line, String section, String method, String path, String body, Map<String, String> expected,
               String comment) {

        /** The path without its query, its ids replaced by {@code {}}: comparable with an OpenAPI path template. */
        String template() {
            return templateOf(path);
        }

        String where() {
            return "line " + line + " (" + method + " " + path + ")";
        }
    }

    static String templateOf(String path) {
        int query = path.indexOf('?');
        return (query < 0 ? path : path.substring(0, query)).replaceAll("\\{[^}/]+}", "{}");
    }

    static AuthorizationMatrix read() throws IOException {
        List<String> lines = Files.readAllLines(CSV, StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        String section = "";
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                section = line.substring(1).strip();
                continue;
            }
            List<String> cells = List.of(line.split(",", HEADER.size()));
            if (!headerSeen) {
                if (!cells.equals(HEADER)) {
                    throw new IllegalStateException(CSV + " line " + number + ": the header must be " + String.join(",", HEADER));
                }
                headerSeen = true;
                continue;
            }
            if (cells.size() != HEADER.size()) {
                throw new IllegalStateException(CSV + " line " + number + ": " + cells.size() + " cells, expected "
                        + HEADER.size() + " (" + String.join(",", HEADER) + ")");
            }
            Map<String, String> expected = new LinkedHashMap<>();
            for (int role = 0; role < ROLES.size(); role++) {
                String cell = cells.get(3 + role).strip();
                if (!STATUS.matcher(cell).matches()) {
                    throw new IllegalStateException(CSV + " line " + number + ", column " + ROLES.get(role) + ": '" + cell
                            + "' is not an HTTP status (or " + NOT_ASSERTED + ")");
                }
                expected.put(ROLES.get(role), cell);
            }
            rows.add(new Row(number, section, cells.get(0).strip(), cells.get(1).strip(), cells.get(2).strip(), expected,
                    cells.get(HEADER.size() - 1).strip()));
        }
        return new AuthorizationMatrix(rows);
    }

    private static List<String> header() {
        List<String> header = new ArrayList<>(List.of("method", "path", "body"));
        header.addAll(ROLES);
        header.add("comment");
        return List.copyOf(header);
    }

    /** The matrix as Markdown, section by section, followed by the engine API allow-list the filter applies. */
    String markdown(List<String> preamble, List<EngineApiAllowList.Rule> allowList) {
        StringBuilder md = new StringBuilder();
        preamble.forEach(line -> md.append(line).append('\n'));
        String section = null;
        for (Row row : rows) {
            if (!row.section().equals(section)) {
                section = row.section();
                md.append("\n## ").append(section).append("\n\n| method | path | body |");
                ROLES.forEach(role -> md.append(' ').append(role).append(" |"));
                md.append(" comment |\n|---|---|---|");
                ROLES.forEach(role -> md.append("---|"));
                md.append("---|\n");
            }
            md.append("| ").append(row.method()).append(" | `").append(row.path()).append("` | ")
                    .append(row.body().isEmpty() ? "" : "`" + cell(row.body()) + "`").append(" |");
            ROLES.forEach(role -> md.append(' ').append(row.expected().get(role)).append(" |"));
            md.append(' ').append(cell(row.comment())).append(" |\n");
        }
        md.append("\n## The engine API allow-list\n\n")
                .append("What `EngineApiAllowListFilter` lets through to the engine for users outside `dcc` and `camunda-admin` ")
                .append("(generated from `EngineApiAllowList`). Engine paths apply to `/engine-rest/...` and ")
                .append("`/camunda/api/engine/engine/{name}/...` alike; `{self}` is the caller's own user id.\n\n")
                .append("| who | method and path |\n|---|---|\n");
        for (EngineApiAllowList.Rule rule : allowList) {
            md.append("| ").append(rule.part().who()).append(" | `").append(cell(rule.describe())).append("` |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
