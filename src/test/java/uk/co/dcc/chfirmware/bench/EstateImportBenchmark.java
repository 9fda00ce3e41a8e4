package uk.co.dcc.chfirmware.bench;

/**
 * PLACEHOLDER (issue 3, item 7, first bullet): the estate import of 1,000,000 comms hubs with their devices against
 * a raw {@code COPY} of the same CSV into a plain table in the same run; targets at least 0.6 times the raw COPY's
 * throughput and at least 200,000 hubs/s. The import is built on branch {@code estate-import}; once it is merged,
 * implement the two steps below and {@link BenchmarkSuite#estateImport()} runs them:
 * <ol>
 *   <li>{@link #writeCsv} writes the synthetic estate in the documented import format (the import's own CSV writer,
 *       streaming, {@code --hubs 1000000});</li>
 *   <li>{@link #importEstate} runs the product's import of that file as a user would start it (the REST API or the
 *       service behind it) and waits for its job to finish;</li>
 *   <li>{@link #rawCopy} then copies the same file into a plain table of text columns with {@code COPY ... FROM
 *       STDIN (FORMAT csv, HEADER true)} through the driver's CopyManager: the ceiling to compare with.</li>
 * </ol>
 * Report hubs/s for both and their ratio (import ÷ raw COPY), as the other benchmarks do through {@link Results}.
 */
interface EstateImportBenchmark {

    String NAME = "estate import";

    /** Writes {@code hubs} synthetic hubs with their devices as an import file; returns its path. */
    java.nio.file.Path writeCsv(long hubs);

    /** Imports the file with the product's import; returns the wall-clock milliseconds until its job finished. */
    double importEstate(java.nio.file.Path csv);

    /** Copies the same file raw into a plain table; returns the wall-clock milliseconds. */
    double rawCopy(java.nio.file.Path csv);

    /** Not yet available: the import is not in this branch. */
    static EstateImportBenchmark available() {
        return null;
    }
}
