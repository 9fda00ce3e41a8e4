package uk.co.dcc.chfirmware;

import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Process test coverage for the process path tests ({@link ReleaseProcessTestSupport}): each class records what it
 * walks, in target/process-test-coverage/&lt;class&gt;/report.json, and {@link ProcessFlowCoverageTest} asserts that
 * together they walk every sequence flow and flow node of every model. The coverage recorder needs every process run
 * in its context to belong to a covered test class, so the classes that import this share a context (and an
 * in-memory database) of their own.
 */
@org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
@Import(ProcessEngineCoverageConfiguration.class)
public class ProcessCoverageConfiguration {

    @Bean
    @Primary // the coverage configuration brings its own default; this one asserts nothing per class
    ProcessEngineCoverageProperties processEngineCoverageProperties() {
        return ProcessEngineCoverageProperties.Companion.builder().build();
    }
}
