package uk.co.dcc.chfirmware;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The product API's OpenAPI document at /v3/api-docs (and a browsable page at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI productApi() {
        return new OpenAPI()
                .info(new Info().title("CH firmware rollout API").version("1")
                        .description("Releases, supplier approvals, approved GUIDs for the CSPs, upgrade batches, a "
                                + "supplier's estate and notifications. HTTP Basic against the Camunda identity; each "
                                + "actor sees only what it may."))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
