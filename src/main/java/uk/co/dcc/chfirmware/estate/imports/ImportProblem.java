package uk.co.dcc.chfirmware.estate.imports;

/** One thing wrong with an import file: its line (1 is the header), the column if one, and why. */
public record ImportProblem(long line, String column, String reason) {
}
