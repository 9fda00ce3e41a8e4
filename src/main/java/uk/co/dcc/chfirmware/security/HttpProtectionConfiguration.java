package uk.co.dcc.chfirmware.security;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The filters in front of the APIs, in the order a request meets them (before the webapps' own, which Camunda adds
 * after every filter of the application): the login throttle on the product API, the engine REST API and the
 * webapps' login. See docs/accounts-and-access.md.
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
}
