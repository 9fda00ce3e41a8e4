package uk.co.dcc.chfirmware.security;

/** The application refuses to start with settings that would leave it open: what is wrong, and what to set. */
class UnsafeConfigurationException extends RuntimeException {

    private final String action;

    UnsafeConfigurationException(String problem, String action) {
        super(problem + " " + action);
        this.action = action;
    }

    String problem() {
        return getMessage().substring(0, getMessage().length() - action.length() - 1);
    }

    String action() {
        return action;
    }

    static UnsafeConfigurationException missingAdminPassword() {
        return new UnsafeConfigurationException("No administrator password is configured and demo mode is off.",
                "Set the environment variable " + AdminProperties.PASSWORD_VARIABLE + " (property chfw.admin.password) to the"
                        + " password of the administrator, or start in demo mode with CHFW_DEMO=true"
                        + " (docs/accounts-and-access.md).");
    }
}
