package uk.co.dcc.chfirmware;

import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Process test coverage for the process path tests: every sequence flow of every model must be walked
 * by the test class that imports this; the reports land in target/process-test-coverage. The coverage
 * recorder needs every process run in its context to belong to a covered test class, so the classes
 * that import this get a context (and an in-memory database) of their own.
 */
@org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
@Import(ProcessEngineCoverageConfiguration.class)
public class ProcessCoverageConfiguration {

    @Bean
    @Primary // the coverage configuration brings its own default; this one asserts
    ProcessEngineCoverageProperties processEngineCoverageProperties() {
        return ProcessEngineCoverageProperties.Companion.builder()
                .assertClassCoverageAtLeast(1.0)
                .build();
    }
}
