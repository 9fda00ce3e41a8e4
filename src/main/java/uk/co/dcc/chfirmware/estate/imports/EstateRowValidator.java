package uk.co.dcc.chfirmware.estate.imports;

import java.time.LocalDate;
import java.time.DateTimeException;
import java.util.Map;
import java.util.function.Consumer;
import uk.co.dcc.chfirmware.csv.Digits;
import uk.co.dcc.chfirmware.estate.Guids;

/**
 * Checks one data line against the format and the reference data; cross-line rules (duplicates) are SQL's. No field may
 * hold a control character (NUL, a tab, a stray CR), and no free-text field (a firmware version, a device's model or
 * firmware) may start with a character a spreadsheet reads as the start of a formula ({@code = + - @}): such a value is
 * not a version or a model but a corrupt or hostile file, and it would reach the suppliers' downloads.
 */
final class EstateRowValidator {

    private final ImportReferenceData reference;
    private final EstateCsv.Layout layout;
    private final int columns;

    /** A validator of files with the required columns only. */
    EstateRowValidator(ImportReferenceData reference) {
        this(reference, EstateCsv.Layout.REQUIRED_ONLY);
    }

    /** A validator of files with the columns of this header's layout. */
    EstateRowValidator(ImportReferenceData reference, EstateCsv.Layout layout) {
        this.reference = reference;
        this.layout = layout;
        this.columns = layout.size();
    }

    /**
     * The row to stage, or null when there is nothing to stage (no valid GUID, or the wrong number of
     * columns); each problem goes to the sink. The header is checked by the caller.
     */
    ImportRow validate(long lineNo, String line, Consumer<ImportProblem> problems) {
        if (line.isEmpty()) {
            problems.accept(new ImportProblem(lineNo, null, "the line is empty"));
            return null;
        }
        String[] fields = EstateCsv.split(line, columns);
        if (fields == null) {
            problems.accept(new ImportProblem(lineNo, null, "a quoted field is not closed by a quote followed by a comma"));
            return null;
        }
        if (fields.length != columns) {
            problems.accept(new ImportProblem(lineNo, null, "expected " + columns + " columns but found " + fields.length
                    + (fields.length < columns ? " (is the line cut short?)" : "")));
            return null;
        }
        Row row = new Row(lineNo, fields, layout, problems);
        for (int column = 0; column < columns; column++) {
            row.noControlCharacter(column);
        }
        if (row.problems > 0) {
            return null;
        }
        String guid = fields[0];
        if (!Guids.isCanonical(guid)) {
            row.problem(0, "not a GUID in the form 00-1B-C5-0A-00-00-00-01 (EUI-64, upper-case hex)");
            return null;
        }
        Long variantId = variant(row, fields[1], fields[2], fields[3]);
        String firmware = row.text(4, 32);
        String region = fields[5];
        if (!region.equals("NORTH") && !region.equals("CENTRAL_SOUTH")) {
            row.problem(5, "must be NORTH or CENTRAL_SOUTH");
        }
        String electricity = supplier(row, 6);
        String gas = supplier(row, 7);
        if (fields[6].isEmpty() && fields[7].isEmpty()) {
            row.problem(6, "a comms hub needs an electricity supplier, a gas supplier or both; both are empty");
        }
        LocalDate installed = isoDate(fields[8]);
        if (installed == null) {
            row.problem(8, "not a date in the form yyyy-mm-dd");
        }
        Boolean vulnerable = fields[9].equals("true") ? Boolean.TRUE : fields[9].equals("false") ? Boolean.FALSE : null;
        if (vulnerable == null) {
            row.problem(9, "must be true or false");
        }
        Long configurationSet = reference.configurationSets().get(fields[10]);
        if (configurationSet == null) {
            row.problem(10, fields[10].isEmpty() ? "is required" : "no configuration set with this code");
        }
        String[] devices = new String[8];
        for (int i = 0; i < 8; i += 2) {
            int column = EstateCsv.FIRST_DEVICE_COLUMN + i;
            boolean model = !fields[column].isEmpty();
            boolean version = !fields[column + 1].isEmpty();
            if (model && version) {
                devices[i] = row.text(column, 80);
                devices[i + 1] = row.text(column + 1, 32);
            } else if (model || version) {
                int missing = model ? column + 1 : column;
                row.problem(missing, "a device needs both a model and a firmware version (leave both empty for no device)");
            }
        }
        Boolean consenting = mark(row, layout.consentingColumn());
        Boolean highRisk = mark(row, layout.highRiskColumn());
        boolean valid = row.problems == 0;
        return new ImportRow(lineNo, guid, valid ? variantId : null, valid ? firmware : null, valid ? region : null,
                valid ? electricity : null, valid ? gas : null, valid ? installed : null, valid ? vulnerable : null,
                valid ? configurationSet : null, devices, valid ? consenting : null, valid ? highRisk : null);
    }

    /**
     * The date of a {@code yyyy-mm-dd} value, or null when it is not one (as {@code LocalDate.parse} reads ten characters,
     * strictly: no 30 February), without the formatter's cost for every line of a million.
     */
    static LocalDate isoDate(String value) {
        if (value.length() != 10 || value.charAt(4) != '-' || value.charAt(7) != '-') {
            return null;
        }
        int year = Digits.decimal(value, 0, 4);
        int month = Digits.decimal(value, 5, 7);
        int day = Digits.decimal(value, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A premises mark (R37): null when the file has no such column, else the line's true or false. */
    private static Boolean mark(Row row, int column) {
        if (column < 0) {
            return null;
        }
        String value = row.fields[column];
        if (value.equals("true")) {
            return Boolean.TRUE;
        }
        if (value.equals("false")) {
            return Boolean.FALSE;
        }
        row.problem(column, "must be true or false");
        return null;
    }

    private Long variant(Row row, String manufacturer, String model, String hardwareVersion) {
        Map<String, Map<String, Long>> models = reference.variants().get(manufacturer);
        if (models == null) {
            row.problem(1, manufacturer.isEmpty() ? "is required" : "no CH variant of this manufacturer");
            return null;
        }
        Map<String, Long> versions = models.get(model);
        if (versions == null) {
            row.problem(2, model.isEmpty() ? "is required" : "no CH variant of this model from " + manufacturer);
            return null;
        }
        Long id = versions.get(hardwareVersion);
        if (id == null) {
            row.problem(3, hardwareVersion.isEmpty() ? "is required"
                    : "no CH variant " + manufacturer + " " + model + " with this hardware version");
        }
        return id;
    }

    private String supplier(Row row, int column) {
        String code = row.fields[column];
        if (code.isEmpty()) {
            return null;
        }
        if (!reference.suppliers().contains(code)) {
            row.problem(column, "no supplier with this code");
            return null;
        }
        return code;
    }

    /** The problems of one line as they are found. */
    private static final class Row {
        private final long lineNo;
        private final String[] fields;
        private final EstateCsv.Layout layout;
        private final Consumer<ImportProblem> sink;
        private int problems;

        Row(long lineNo, String[] fields, EstateCsv.Layout layout, Consumer<ImportProblem> sink) {
            this.lineNo = lineNo;
            this.fields = fields;
            this.layout = layout;
            this.sink = sink;
        }

        void problem(int column, String reason) {
            problems++;
            sink.accept(new ImportProblem(lineNo, layout.name(column), reason));
        }

        String text(int column, int maxLength) {
            String value = fields[column];
            if (value.isEmpty()) {
                problem(column, "is required");
            } else if (value.length() > maxLength) {
                problem(column, "longer than " + maxLength + " characters");
            } else if ("=+-@".indexOf(value.charAt(0)) >= 0) {
                problem(column, "starts with '" + value.charAt(0) + "', which a spreadsheet reads as a formula; a version "
                        + "or a model never does");
            }
            return value;
        }

        void noControlCharacter(int column) {
            String value = fields[column];
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isISOControl(c)) {
                    problem(column, String.format("holds a control character (U+%04X%s) at character %d", (int) c,
                            c == 0 ? ", NUL" : c == '\t' ? ", a tab" : c == '\r' ? ", a carriage return" : "", i + 1));
                    return;
                }
            }
        }
    }
}
