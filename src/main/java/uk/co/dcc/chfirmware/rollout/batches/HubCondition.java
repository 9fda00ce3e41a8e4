package uk.co.dcc.chfirmware.rollout.batches;

import java.util.ArrayList;
import java.util.List;

/** A condition on the comms hubs {@code h}, with its arguments in the order of its placeholders. */
public record HubCondition(String sql, List<Object> args) {

    public HubCondition and(String more, Object... moreArgs) {
        List<Object> all = new ArrayList<>(args);
        all.addAll(List.of(moreArgs));
        return new HubCondition(sql + more, List.copyOf(all));
    }
}
