package uk.co.dcc.chfirmware;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the process path tests ({@link ReleaseProcessTestSupport}) after every other class, and
 * {@link ProcessFlowCoverageTest}, which adds up their coverage, last; the other classes keep their order. The path
 * tests have a context of their own, with an engine of the same name as the shared context's, and the engine REST API
 * finds its engine by name: once their context has started, the shared context's engine REST calls would authenticate
 * against their engine. (junit-platform.properties names this orderer.)
 */
public class ProcessTestsLastClassOrderer implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(ProcessTestsLastClassOrderer::rank));
    }

    private static int rank(ClassDescriptor descriptor) {
        Class<?> testClass = descriptor.getTestClass();
        if (testClass == ProcessFlowCoverageTest.class) {
            return 2;
        }
        return ReleaseProcessTestSupport.class.isAssignableFrom(testClass) ? 1 : 0;
    }
}
