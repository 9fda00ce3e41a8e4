package uk.co.dcc.chfirmware.security;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The filters in front of the APIs, in the order a request meets them (before the webapps' own, which Camunda adds
 * after every filter of the application): the login throttle on the product API, the engine REST API and the
 * webapps' login; then, once {@link RestAuthenticationConfiguration} has authenticated the caller, the refusal of
 * Object variables on both mounts of the engine REST API. See docs/accounts-and-access.md.
 */
@Configuration(proxyBeanMethods = false)
class HttpProtectionConfiguration {

    @Bean
    LoginThrottle loginThrottle(LoginThrottleProperties limits) {
        return new LoginThrottle(limits, System::nanoTime);
    }

    @Bean
    FilterRegistrationBean<LoginThrottleFilter> loginThrottleFilter(LoginThrottle throttle) {
        FilterRegistrationBean<LoginThrottleFilter> registration = new FilterRegistrationBean<>(new LoginThrottleFilter(throttle));
        registration.setName("login-throttle");
        registration.addUrlPatterns("/api/*", EnginePaths.ENGINE_REST + "/*", EnginePaths.WEBAPP_AUTHENTICATION + "/*");
        registration.setOrder(3);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ObjectVariableGuard> objectVariableGuard() {
        FilterRegistrationBean<ObjectVariableGuard> registration = new FilterRegistrationBean<>(new ObjectVariableGuard());
        registration.setName("object-variable-guard");
        registration.addUrlPatterns(EnginePaths.ENGINE_REST + "/*", EnginePaths.WEBAPP_ENGINE_REST + "/*");
        registration.setOrder(20);
        return registration;
    }
}
