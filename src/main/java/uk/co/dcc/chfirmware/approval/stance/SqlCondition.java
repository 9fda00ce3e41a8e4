package uk.co.dcc.chfirmware.approval.stance;

import java.util.List;

/** A condition on the comms hubs {@code h}, with its arguments in the order of its placeholders. */
public record SqlCondition(String sql, List<Object> args) {

    /** The negation of a condition written as {@code " AND (...)"}: {@code " AND NOT (...)"}, the same arguments. */
    public SqlCondition negated() {
        return new SqlCondition(" AND NOT (" + sql.substring(" AND ".length()) + ")", args);
    }
}
