package uk.co.dcc.chfirmware.rules;

import uk.co.dcc.chfirmware.approval.stance.Stance;

/** What a standing rule does with the supplier's hubs in its scope. */
public enum RuleAction {
    APPROVE(Stance.APPROVED), HOLD(Stance.HELD);

    private final Stance stance;

    RuleAction(Stance stance) {
        this.stance = stance;
    }

    Stance stance() {
        return stance;
    }
}
