package uk.co.dcc.chfirmware.rollout;

import java.util.ArrayList;
import java.util.List;

/** A condition on the comms hubs {@code h}, with its arguments in the order of its placeholders. */
record HubCondition(String sql, List<Object> args) {

    HubCondition and(String more, Object... moreArgs) {
        List<Object> all = new ArrayList<>(args);
        all.addAll(List.of(moreArgs));
        return new HubCondition(sql + more, List.copyOf(all));
    }
}
