package uk.co.dcc.chfirmware;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Runs the classes of the shared application context first, then each group with a context of its own, one group after
 * the other: the small-limits context ({@link SmallLimitsApplicationTest}), the classes that close their context when
 * they end ({@code @DirtiesContext}, such as OutcomeLogCrashTest), the process path tests ({@link
 * ReleaseProcessTestSupport}), and {@link ProcessFlowCoverageTest}, which adds up their coverage, last; within a group the
 * classes keep their order. Every context's engine has the same name, and the engine REST API finds its engine by name
 * in a static registry that holds the engine started last (and none once a closed context took it out): so a context's
 * tests run only while its engine is the one registered. (junit-platform.properties names this orderer.)
 */
public class ProcessTestsLastClassOrderer implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(ProcessTestsLastClassOrderer::rank));
    }

    private static int rank(ClassDescriptor descriptor) {
        Class<?> testClass = descriptor.getTestClass();
        if (testClass == ProcessFlowCoverageTest.class) {
            return 4;
        }
        if (ReleaseProcessTestSupport.class.isAssignableFrom(testClass)) {
            return 3;
        }
        if (descriptor.isAnnotated(DirtiesContext.class)) {
            return 2;
        }
        return descriptor.isAnnotated(SmallLimitsApplicationTest.class) ? 1 : 0;
    }
}
