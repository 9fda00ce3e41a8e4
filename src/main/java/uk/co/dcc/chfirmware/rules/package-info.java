/**
 * A supplier's standing rules (issue 11, item 4; R25, R28): approve or hold its own hubs of every release, or of one CH
 * variant's, within a CSP region and/or a configuration set, until it ends the rule. A rule is applied to each open
 * release it matches, now and as releases are registered, as one stance row ({@link
 * uk.co.dcc.chfirmware.approval.stance.StanceService}, source RULE), so it is a set predicate over the estate and never a
 * loop over hubs: a hub that joins the estate later in an approved set is approved by the same row (R28, "upgrade whenever
 * installed"). Each application is recorded with the hubs it covered ({@code rule_application}); a preview counts the same
 * hubs without saving anything. Each rule belongs to one supplier and applies only to that supplier's own hubs; no
 * supplier sees another's rules.
 * <p>
 * Three more kinds (docs/rules.md): NEW_INSTALLS rules (R29), a predicate and an order over the install date that every
 * publication applies ({@link uk.co.dcc.chfirmware.rules.NewInstallRules}); PREREQUISITE rules (R28, R23), the
 * supplier's own HAN prerequisite, which every publication applies as it applies DCC's
 * ({@link uk.co.dcc.chfirmware.rules.PrerequisiteRules}); and EVENT rules (R31), "when this happens,
 * then do that", fired once per occurrence and recorded ({@link uk.co.dcc.chfirmware.rules.EventRules},
 * {@code rule_firing}).
 */
package uk.co.dcc.chfirmware.rules;
