package uk.co.dcc.chfirmware;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The application as {@link ApplicationTest}, with limits the test estate of 3,000 hubs can reach: at most 150 hubs per
 * CSP in an hour, fresh planner statistics after a publication or a join of 20 rows or more, and an estate import's
 * indexes built afresh from 1,000 new hubs (that at least double the estate), with uploads of up to 16 MB (a file that
 * doubles the whole suite's estate, larger on PostgreSQL, is more than the tests' usual 1 MB). The classes that use it
 * share one context of their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ApplicationTest
@TestPropertySource(properties = {"chfw.rollout.waves.max-hubs-per-hour-per-csp=150", "chfw.database.analyze-after-rows=20",
        "chfw.import.rebuild-indexes-from-hubs=1000", "chfw.import.max-upload-size=16MB"})
public @interface SmallLimitsApplicationTest {
}
