package uk.co.dcc.chfirmware.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The engine REST API and the product's own API require HTTP Basic authentication against the Camunda
 * identity; without it they answer 401. The authenticated user's groups then drive the engine's
 * authorization checks for the whole request.
 */
@Configuration(proxyBeanMethods = false)
class RestAuthenticationConfiguration {

    private static final String CHALLENGE = "WWW-Authenticate";

    /**
     * The filter authenticates against this application's own engine, not the one Camunda's static registry holds under
     * the name {@code default}: where a JVM runs two application contexts (the test suite does), the registry holds the
     * last one started, and a request to the first would be authenticated on the other's identity service and reach the
     * product API unauthenticated. With one engine per application, as in production, both are the same engine.
     */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthenticationFilter(ProcessEngine engine) {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter() {
                    @Override
                    protected ProcessEngine getAddressedEngine(String engineName) {
                        return engine;
                    }
                });
        registration.setName("camunda-rest-auth");
        registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*", "/api/*", OpsEndpointGuard.ACTUATOR + "/*");
        registration.setOrder(10);
        return registration;
    }

    /**
     * A page's script that sends wrong credentials gets its 401 without the Basic challenge, so the browser
     * does not open its own login dialog over the page (it marks itself with {@code X-Requested-With}).
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> noChallengeForScripts() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                    chain.doFilter(request, response);
                    return;
                }
                chain.doFilter(request, new HttpServletResponseWrapper(response) {
                    @Override
                    public void setHeader(String name, String value) {
                        if (!CHALLENGE.equalsIgnoreCase(name)) {
                            super.setHeader(name, value);
                        }
                    }

                    @Override
                    public void addHeader(String name, String value) {
                        if (!CHALLENGE.equalsIgnoreCase(name)) {
                            super.addHeader(name, value);
                        }
                    }
                });
            }
        });
        registration.setName("no-challenge-for-scripts");
        registration.addUrlPatterns("/api/*");
        registration.setOrder(5);
        return registration;
    }
}
