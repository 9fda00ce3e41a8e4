package uk.co.dcc.chfirmware.schema;

import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * The process engine is built after Flyway has migrated: its tables come from migration 44
 * ({@link CamundaEngineSchemaMigration}) and the engine only checks them. Spring Boot orders every bean this detector
 * names after the database initializers (registered in META-INF/spring.factories).
 */
public class EngineAfterMigrations extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

    @Override
    protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
        return Set.of(ProcessEngine.class);
    }
}
