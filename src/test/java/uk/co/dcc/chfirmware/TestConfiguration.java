package uk.co.dcc.chfirmware;

import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Process test coverage for the process path tests: every sequence flow of every model must be walked
 * by {@code ReleaseLifecycleProcessTest}; the reports land in target/process-test-coverage.
 */
@org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
@Import(ProcessEngineCoverageConfiguration.class)
class TestConfiguration {

    @Bean
    @Primary // the coverage configuration brings its own default; this one asserts
    ProcessEngineCoverageProperties processEngineCoverageProperties() {
        return ProcessEngineCoverageProperties.Companion.builder()
                .addInclusionPatternForTestClasses("uk.co.dcc.chfirmware.ReleaseLifecycleProcessTest")
                .assertClassCoverageAtLeast(1.0)
                .build();
    }
}
