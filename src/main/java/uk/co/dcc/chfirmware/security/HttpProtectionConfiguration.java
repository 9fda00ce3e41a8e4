package uk.co.dcc.chfirmware.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The filters in front of the APIs and pages, in the order a request meets them (before the webapps' own, which
 * Camunda adds after every filter of the application): security headers on everything; the cross-site guard and
 * the login throttle on the product API and the engine REST API (and the throttle on the webapps' login); then,
 * once {@link RestAuthenticationConfiguration} has authenticated the caller, the refusal of Object variables on both
 * mounts of the engine REST API. See docs/accounts-and-access.md.
 */
@Configuration(proxyBeanMethods = false)
class HttpProtectionConfiguration {

    @Bean
    FilterRegistrationBean<SecurityHeaders> securityHeaders() {
        FilterRegistrationBean<SecurityHeaders> registration = new FilterRegistrationBean<>(new SecurityHeaders());
        registration.setName("security-headers");
        registration.addUrlPatterns("/*");
        registration.setOrder(1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<CrossSiteRequestGuard> crossSiteRequestGuard(
            @Value("${chfw.security.trusted-origins:}") List<String> trustedOrigins) {
        FilterRegistrationBean<CrossSiteRequestGuard> registration = new FilterRegistrationBean<>(
                new CrossSiteRequestGuard(trustedOrigins.stream().filter(origin -> !origin.isBlank()).toList()));
        registration.setName("cross-site-request-guard");
        registration.addUrlPatterns("/api/*", EnginePaths.ENGINE_REST + "/*");
        registration.setOrder(2);
        return registration;
    }

    @Bean
    LoginThrottle loginThrottle(LoginThrottleProperties limits) {
        return new LoginThrottle(limits, System::nanoTime);
    }

    @Bean
    FilterRegistrationBean<LoginThrottleFilter> loginThrottleFilter(LoginThrottle throttle) {
        FilterRegistrationBean<LoginThrottleFilter> registration = new FilterRegistrationBean<>(new LoginThrottleFilter(throttle));
        registration.setName("login-throttle");
        registration.addUrlPatterns("/api/*", EnginePaths.ENGINE_REST + "/*", EnginePaths.WEBAPP_AUTHENTICATION + "/*",
                OpsEndpointGuard.ACTUATOR + "/*");
        registration.setOrder(3);
        return registration;
    }

    @Bean
    FilterRegistrationBean<OpsEndpointGuard> opsEndpointGuard(IdentityService identity) {
        FilterRegistrationBean<OpsEndpointGuard> registration = new FilterRegistrationBean<>(new OpsEndpointGuard(identity));
        registration.setName("ops-endpoint-guard");
        registration.addUrlPatterns(OpsEndpointGuard.ACTUATOR + "/*");
        registration.setOrder(12); // after the authentication (10)
        return registration;
    }

    @Bean
    FilterRegistrationBean<ObjectVariableGuard> objectVariableGuard() {
        FilterRegistrationBean<ObjectVariableGuard> registration = new FilterRegistrationBean<>(new ObjectVariableGuard());
        registration.setName("object-variable-guard");
        registration.addUrlPatterns(EnginePaths.ENGINE_REST + "/*", EnginePaths.WEBAPP_ENGINE_REST + "/*");
        // after the authentication (10), before any filter that decides what a user may call (from 20 on): an Object
        // variable is refused the same way whoever sends it and wherever it is sent
        registration.setOrder(15);
        return registration;
    }
}
