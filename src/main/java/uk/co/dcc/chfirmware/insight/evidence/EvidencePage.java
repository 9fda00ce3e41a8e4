package uk.co.dcc.chfirmware.insight.evidence;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** DCC's evidence page (R38): /evidence/ serves resources/static/evidence, which asks for credentials and calls /api/evidence. */
@Configuration
class EvidencePage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/evidence").setViewName("redirect:/evidence/");
        registry.addViewController("/evidence/").setViewName("forward:/evidence/index.html");
    }
}
