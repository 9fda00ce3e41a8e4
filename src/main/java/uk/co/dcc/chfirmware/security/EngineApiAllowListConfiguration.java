package uk.co.dcc.chfirmware.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the {@link EngineApiAllowListFilter} in front of the engine REST API and the webapps' APIs. */
@Configuration(proxyBeanMethods = false)
class EngineApiAllowListConfiguration {

    /** After 'camunda-rest-auth' (order 10, RestAuthenticationConfiguration), which sets the engine's current user. */
    static final int ORDER = 20;

    @Bean
    FilterRegistrationBean<EngineApiAllowListFilter> engineApiAllowList(ObjectProvider<IdentityService> identity,
                                                                       CamundaBpmProperties camunda) {
        // The identity service is looked up at the first request: the filter is created with the web server, before
        // Flyway and the engine have set up the database.
        String webappApi = camunda.getWebapp().getApplicationPath() + "/api";
        FilterRegistrationBean<EngineApiAllowListFilter> registration = new FilterRegistrationBean<>(
                new EngineApiAllowListFilter(identity::getObject, camunda.getProcessEngineName(), webappApi));
        registration.setName("engine-api-allow-list");
        registration.addUrlPatterns(EngineApiAllowListFilter.ENGINE_REST + "/*", webappApi + "/*");
        registration.setOrder(ORDER);
        return registration;
    }
}
