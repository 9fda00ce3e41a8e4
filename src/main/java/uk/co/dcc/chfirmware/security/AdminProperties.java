package uk.co.dcc.chfirmware.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The administrator (group {@code camunda-admin}), created on start when missing. Outside demo mode its password
 * comes from {@code CHFW_ADMIN_PASSWORD} and must meet the password policy; in demo mode it is "demo" unless set.
 */
@ConfigurationProperties("chfw.admin")
record AdminProperties(String id, String password, String firstName, String lastName) {

    static final String PASSWORD_VARIABLE = "CHFW_ADMIN_PASSWORD";

    AdminProperties {
        id = id == null || id.isBlank() ? "admin" : id;
        firstName = firstName == null ? "Administrator" : firstName;
        lastName = lastName == null ? "" : lastName;
    }

    boolean passwordConfigured() {
        return password != null && !password.isBlank();
    }

    /** The password the administrator is created with: the configured one, or in demo mode "demo". */
    String passwordFor(boolean demo) {
        if (passwordConfigured()) {
            return password;
        }
        if (demo) {
            return DemoUsers.PASSWORD;
        }
        throw UnsafeConfigurationException.missingAdminPassword();
    }
}
