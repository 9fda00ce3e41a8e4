package uk.co.dcc.chfirmware.rules;

import uk.co.dcc.chfirmware.approval.stance.Stance;

/**
 * What a rule does with the supplier's hubs in its scope: a STANCE rule approves or holds them; a NEW_INSTALLS rule puts
 * the young ones FIRST or makes them WAIT; a PREREQUISITE rule makes those whose HAN device is below its version WAIT;
 * an EVENT rule, when its event happens, approves or holds its scope, PAUSEs the supplier's whole estate in the release,
 * or NOTIFYs the supplier (docs/rules.md).
 */
public enum RuleAction {
    APPROVE(Stance.APPROVED), HOLD(Stance.HELD), FIRST(null), WAIT(null), NOTIFY(null), PAUSE(Stance.HELD);

    private final Stance stance;

    RuleAction(Stance stance) {
        this.stance = stance;
    }

    Stance stance() {
        return stance;
    }
}
