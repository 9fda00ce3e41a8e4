package uk.co.dcc.chfirmware;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import uk.co.dcc.chfirmware.csp.CspSimulatorCommand;

/**
 * Co-operative Comms Hub firmware rollout: the release lifecycle on Camunda 7, the estate in SQL.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChFirmwareApplication {

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && CspSimulatorCommand.NAME.equals(args[0])) {
            CspSimulatorCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(ChFirmwareApplication.class, args);
    }
}
