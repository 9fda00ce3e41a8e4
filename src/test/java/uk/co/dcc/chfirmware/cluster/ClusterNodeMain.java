package uk.co.dcc.chfirmware.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import uk.co.dcc.chfirmware.ChFirmwareApplication;

/**
 * A child JVM's entry for {@link ClusterNode}: it waits until the start gate (a file the test creates once every node
 * of a start is running) exists, then starts the application. Nodes launched together thus start the application at
 * the same instant, with their JVMs already up, as replicas of a deployment do.
 */
public final class ClusterNodeMain {

    private ClusterNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path gate = Path.of(args[0]);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(gate)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The start gate " + gate + " never opened");
            }
            Thread.sleep(5);
        }
        ChFirmwareApplication.main(Arrays.copyOfRange(args, 1, args.length));
    }
}
