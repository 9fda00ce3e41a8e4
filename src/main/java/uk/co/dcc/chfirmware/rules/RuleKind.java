package uk.co.dcc.chfirmware.rules;

import java.util.EnumSet;
import java.util.Set;

/** The kinds of standing rule a supplier keeps, each with the actions it takes (docs/rules.md). */
public enum RuleKind {
    /** Approve or hold by variant, region and configuration set (R25, R28). */
    STANCE(EnumSet.of(RuleAction.APPROVE, RuleAction.HOLD)),
    /** Hubs installed in the last N days go first, or wait until they are N days old (R29). */
    NEW_INSTALLS(EnumSet.of(RuleAction.FIRST, RuleAction.WAIT)),
    /** When this happens, then do that (R31). */
    EVENT(EnumSet.of(RuleAction.APPROVE, RuleAction.HOLD, RuleAction.NOTIFY, RuleAction.PAUSE)),
    /** Only after required steps: hubs wait until their HAN device runs firmware at or above a version (R28, R23). */
    PREREQUISITE(EnumSet.of(RuleAction.WAIT));

    private final Set<RuleAction> actions;

    RuleKind(Set<RuleAction> actions) {
        this.actions = actions;
    }

    Set<RuleAction> actions() {
        return actions;
    }
}
