/**
 * A supplier's stance on a release as decision rows (issue 11, item 1; ARCHITECTURE.md: a decision is a row): for each
 * release, each supplier's own hubs are APPROVED (its whole estate, its pilot confirmed, a decision of its own, DCC's
 * override), HELD (problems reported, a hold of its own), or UNDECIDED, each row within a scope (the whole estate, a CSP
 * region, a configuration set). {@link uk.co.dcc.chfirmware.approval.stance.StancePredicate} turns the rows and the
 * suppliers' cut-offs ({@code release_cutoff}, {@code supplier_cutoff}, kept by {@link
 * uk.co.dcc.chfirmware.approval.stance.Cutoffs}) into one set predicate over the estate, which the mass rollout's
 * publication applies: a hub goes only when every supplier responsible for it permits it. This is the approval module's
 * named interface {@code stance}, open to the rollout.
 */
@NamedInterface("stance")
package uk.co.dcc.chfirmware.approval.stance;

import org.springframework.modulith.NamedInterface;
