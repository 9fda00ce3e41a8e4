package uk.co.dcc.chfirmware.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints an {@link UnsafeConfigurationException} as Spring Boot's "APPLICATION FAILED TO START" with what to set. */
class UnsafeConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsafeConfigurationException cause) {
        return new FailureAnalysis(cause.problem(), cause.action(), cause);
    }
}
