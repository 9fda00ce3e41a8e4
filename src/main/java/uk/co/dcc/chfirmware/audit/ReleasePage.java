package uk.co.dcc.chfirmware.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A release's page, {@code /releases/{id}}: the static page in resources/static/release-page, which asks for credentials
 * itself and reads the release's history and audit from /api. Its files live under their own path so that no file name
 * is taken for a release id.
 */
@Configuration
class ReleasePage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/releases/{releaseId:\\d+}").setViewName("forward:/release-page/index.html");
    }
}
