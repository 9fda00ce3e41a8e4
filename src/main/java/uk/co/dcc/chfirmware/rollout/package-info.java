/**
 * The rollout: the approved hubs go to the CSPs in batches, pilot and mass rollout alike, and come back with outcomes.
 * By sub-feature, each depending only on those above it in this list:
 * <ul>
 *   <li>{@code batches}: publication into batches, one process instance and external task per batch, closing a batch,
 *       the batch API ({@code /api/batches/{id}}, its GUIDs);</li>
 *   <li>{@code waves}: waves and control: what a publication may draw now (pauses, schedules, the HAN prerequisite,
 *       the hourly cap), the mass rollout's waves and thresholds, DCC's and the CSPs' control of the rollout, its
 *       settings and its API;</li>
 *   <li>{@code outcomes}: the CSPs' outcomes per hub, their effect on the estate, and the figures per release;</li>
 *   <li>{@code approvedguids}: the approved-GUID stream a CSP reads incrementally (R15).</li>
 * </ul>
 * Its top level holds what it shows other modules: its settings and the errors its API answers with, the rules other
 * modules keep over what a publication draws ({@link uk.co.dcc.chfirmware.rollout.PublicationRules}, {@link
 * uk.co.dcc.chfirmware.rollout.SupplierPrerequisites}) and the HAN prerequisite they share with DCC's settings ({@link
 * uk.co.dcc.chfirmware.rollout.HanPrerequisite}, {@link uk.co.dcc.chfirmware.rollout.VersionKey}). Its named
 * interface {@code batch-processes} ({@link uk.co.dcc.chfirmware.rollout.batches.BatchProcesses}) is the batch
 * process contract a CSP worker follows.
 */
package uk.co.dcc.chfirmware.rollout;
