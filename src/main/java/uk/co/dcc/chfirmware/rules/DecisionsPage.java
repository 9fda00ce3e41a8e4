package uk.co.dcc.chfirmware.rules;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A supplier's decisions page (issue 11, item 6): /decisions/ serves resources/static/decisions, where a supplier sees
 * its stance and cut-off on each open release and its standing rules, and acts on them with buttons.
 */
@Configuration
class DecisionsPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/decisions").setViewName("redirect:/decisions/");
        registry.addViewController("/decisions/").setViewName("forward:/decisions/index.html");
    }
}
