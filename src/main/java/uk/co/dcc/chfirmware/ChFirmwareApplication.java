package uk.co.dcc.chfirmware;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Co-operative Comms Hub firmware rollout: the release lifecycle on Camunda 7, the estate in SQL.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChFirmwareApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChFirmwareApplication.class, args);
    }
}
