package uk.co.dcc.chfirmware.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import uk.co.dcc.chfirmware.estate.SyntheticEstate;
import uk.co.dcc.chfirmware.estate.imports.EstateCsvWriter;

/**
 * {@code generate-estate --hubs N [--seed S] --out FILE}: writes the synthetic estate as an estate CSV,
 * streaming, so any size works. The same seed and count always give the same bytes; the demo estate is
 * seed 20190131, so its file imports into a demo application as all unchanged.
 */
public final class GenerateEstateCommand implements Command {

    static final long DEMO_SEED = 20190131L;

    @Override
    public String name() {
        return "generate-estate";
    }

    @Override
    public String summary() {
        return "write a deterministic synthetic estate as an estate CSV file (default seed " + DEMO_SEED + ", the demo's)";
    }

    @Override
    public String usage() {
        return "--hubs N [--seed S] --out FILE";
    }

    @Override
    public Set<String> options() {
        return Set.of("hubs", "seed", "out");
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        long hubs = options.number("hubs", null);
        long seed = options.number("seed", DEMO_SEED);
        Path file = Path.of(options.required("out"));
        if (hubs < 0) {
            throw new Options.UsageException("--hubs cannot be negative");
        }
        long started = System.nanoTime();
        write(hubs, seed, file);
        out.printf("Wrote %d comms hubs (seed %d) to %s, %d bytes, in %d ms%n", hubs, seed, file, Files.size(file),
                (System.nanoTime() - started) / 1_000_000);
        return 0;
    }

    /** Writes hubs {@code 1..hubs} of the synthetic estate of {@code seed} to the file. */
    public static void write(long hubs, long seed, Path file) throws IOException {
        try (BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            EstateCsvWriter csv = EstateCsvWriter.withReleasedReferenceData(writer);
            new SyntheticEstate(seed).generate(hubs, hub -> {
                try {
                    csv.write(hub);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
