package uk.co.dcc.chfirmware.security;

import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with settings that would leave the application open, before any bean (and so the database) is
 * created: outside demo mode the administrator needs a password of its own ({@code CHFW_ADMIN_PASSWORD}) that meets
 * the password policy, and the webapps stay where the filters guard them. Makes the embedded H2 database's directory owner-only before the database opens, and its
 * files once it has.
 */
@Component
class SafeDefaults implements BeanFactoryPostProcessor, EnvironmentAware, ApplicationListener<ContextRefreshedEvent> {

    private Environment environment;

    /** Set before the bean factory is post-processed (a post-processor is created before constructor injection works). */
    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        boolean demo = environment.getProperty("chfw.demo.enabled", Boolean.class, false);
        AdminProperties admin = Binder.get(environment).bindOrCreate("chfw.admin", AdminProperties.class);
        if (!demo) {
            String password = admin.passwordFor(false);
            List<String> violations = AdminPasswordPolicy.violations(admin, password);
            if (!violations.isEmpty()) {
                throw new UnsafeConfigurationException("The administrator password in " + AdminProperties.PASSWORD_VARIABLE
                        + " does not meet the password policy: it needs " + String.join(", ", violations) + ".",
                        "Set " + AdminProperties.PASSWORD_VARIABLE + " to a password with " + AdminPasswordPolicy.describe() + ".");
            }
        }
        String webapps = environment.getProperty("camunda.bpm.webapp.application-path", EnginePaths.WEBAPP);
        if (!EnginePaths.WEBAPP.equals(webapps)) {
            throw new UnsafeConfigurationException("The webapps are configured at " + webapps + ", but the login throttle and"
                    + " the refusal of Object variables guard them at " + EnginePaths.WEBAPP + " only.",
                    "Leave camunda.bpm.webapp.application-path at " + EnginePaths.WEBAPP + ".");
        }
        databaseFiles().ifPresent(H2DatabaseFiles::prepare);
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        databaseFiles().ifPresent(H2DatabaseFiles::protectFiles);
    }

    private java.util.Optional<H2DatabaseFiles> databaseFiles() {
        return H2DatabaseFiles.of(environment.getProperty("spring.datasource.url"));
    }
}
