package uk.co.dcc.chfirmware.csv;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The one way the product writes CSV (docs/input-and-downloads.md): RFC 4180 as Apache Commons CSV writes it (a cell
 * holding a comma, a quote or a line break is quoted, a quote inside doubled), lines ending in LF, a header line first,
 * and every cell a spreadsheet would take for a formula neutralised as OWASP's CSV-injection guidance advises: a cell
 * starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab, a CR or a NUL gets a leading single quote, so the
 * spreadsheet shows it as text. Rows go straight to the writer, one at a time: nothing is kept, so a download of the
 * whole estate streams.
 */
public final class SpreadsheetSafeCsv {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private final CSVPrinter printer;

    private SpreadsheetSafeCsv(Writer out, String... header) {
        try {
            this.printer = new CSVPrinter(out, FORMAT);
            printer.printRecord((Object[]) header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CSV to the writer, starting with the header line. */
    public static SpreadsheetSafeCsv to(Writer out, String... header) {
        return new SpreadsheetSafeCsv(out, header);
    }

    /** CSV as the response's body, a UTF-8 {@code text/csv} attachment with the file name given, header line first. */
    public static SpreadsheetSafeCsv download(HttpServletResponse response, String fileName, String... header)
            throws IOException {
        response.setContentType("text/csv");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        return new SpreadsheetSafeCsv(response.getWriter(), header);
    }

    /** One line: each cell's text ({@code toString}), a null as an empty cell, a formula neutralised. */
    public void row(Object... cells) {
        Object[] safe = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = cells[i] == null ? null : neutralised(cells[i].toString());
        }
        try {
            printer.printRecord(safe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends what has been written so far; the writer stays open. */
    public void flush() {
        try {
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cell as a spreadsheet must show it: with a leading single quote if it would otherwise be read as a formula. */
    static String neutralised(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r', '\0' -> "'" + cell;
            default -> cell;
        };
    }
}
