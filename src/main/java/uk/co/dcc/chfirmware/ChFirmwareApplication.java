package uk.co.dcc.chfirmware;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import uk.co.dcc.chfirmware.cli.Commands;

/**
 * Co-operative Comms Hub firmware rollout: the release lifecycle on Camunda 7, the estate in SQL.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChFirmwareApplication {

    /**
     * Runs a command of the command line ({@code generate-estate}, {@code import-estate}, {@code csp-simulator})
     * or else the application.
     */
    public static void main(String[] args) {
        if (Commands.requested(args)) {
            System.exit(Commands.run(args, System.out, System.err));
        }
        SpringApplication.run(ChFirmwareApplication.class, args);
    }
}
