package uk.co.dcc.chfirmware.release.policy;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * DCC's rollout policy page (R24): /policy/ serves resources/static/policy, where DCC sets each CH variant's maturity and
 * whether participation in the pilot is mandated per maturity, with a reason, and reads their record.
 */
@Configuration
class PolicyPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/policy").setViewName("redirect:/policy/");
        registry.addViewController("/policy/").setViewName("forward:/policy/index.html");
    }
}
