package uk.co.dcc.chfirmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.co.dcc.chfirmware.estate.EstateQueries;
import uk.co.dcc.chfirmware.estate.ledger.EstateCounts;
import uk.co.dcc.chfirmware.insight.SupplierEstateView;
import uk.co.dcc.chfirmware.release.ReleaseWithdrawal;
import uk.co.dcc.chfirmware.rollout.outcomes.OutcomeIngest;
import uk.co.dcc.chfirmware.rollout.waves.BatchSchedules;
import uk.co.dcc.chfirmware.rollout.waves.RolloutControl;
import uk.co.dcc.chfirmware.rollout.waves.RolloutHubs;
import uk.co.dcc.chfirmware.rollout.waves.RolloutWaves;
import uk.co.dcc.chfirmware.rollout.waves.WakeCoalescer;

/**
 * What the process path tests of each stage share: the real engine, delegates and database, a {@link ReleaseDriver}
 * that takes a release to where a test needs it, and the assertions on the release's rows. Each test starts from a
 * submitted release and every release still running ends after it. The classes that extend this share one context,
 * which records process test coverage for each of them; {@link ProcessFlowCoverageTest} asserts that together they
 * walk every sequence flow and flow node of every model.
 */
@ApplicationTest
@Import(ProcessCoverageConfiguration.class)
public abstract class ReleaseProcessTestSupport {

    protected static final long NEW_VARIANT = 4;          // policy: customer testing and pilot
    protected static final long MATURE_VARIANT = 3;       // policy: neither
    protected static final long ESTABLISHED_VARIANT = 5;  // a security fix on it skips both
    protected static final long NORTH_ESTABLISHED_VARIANT = 1; // the same, in the NORTH region

    @Autowired protected ProcessEngine engine;
    @Autowired protected RuntimeService runtime;
    @Autowired protected TaskService tasks;
    @Autowired protected FormService forms;
    @Autowired protected ManagementService management;
    @Autowired protected HistoryService history;
    @Autowired protected JdbcTemplate jdbc;
    @Autowired protected EstateQueries estate;
    @Autowired protected ReleaseWithdrawal withdrawal;
    @Autowired protected OutcomeIngest outcomes;
    @Autowired protected WakeCoalescer wakes;
    @Autowired protected RolloutControl rolloutControl;
    @Autowired protected RolloutWaves rolloutWaves;
    @Autowired protected RolloutHubs rolloutHubs;
    @Autowired protected BatchSchedules schedules;
    @Autowired protected SupplierEstateView supplierEstate;
    @Autowired protected EstateCounts estateCounts;
    @Autowired protected ApplicationEventPublisher events;
    protected ReleaseDriver driver;

    @BeforeEach
    void setUpDriver() {
        // this context's engine is the registered one while its tests run (see ApiTestSupport.connect)
        ProcessEngines.registerProcessEngine(engine);
        BpmnAwareTests.init(engine);
        driver = new ReleaseDriver(engine, jdbc, outcomes, wakes);
    }

    @AfterEach
    void endReleases() {
        driver.endAllReleases();
    }

    protected void assertRejectedAt(ProcessInstance release, String stage, String reason) {
        assertThat(release).isEnded().hasPassed("ServiceTask_RecordRejection", "EndEvent_ReleaseRejected");
        Map<String, Object> row = jdbc.queryForMap("SELECT status, closed_stage, closed_reason FROM firmware_release WHERE id = ?",
                releaseId(release));
        assertThat(row).containsEntry("status", "REJECTED").containsEntry("closed_stage", stage)
                .containsEntry("closed_reason", reason);
    }

    /** The first hubs, in hub order, of the release's batches published so far. */
    protected List<String> firstHubsPublished(long releaseId, int count) {
        return jdbc.queryForList("""
                SELECT h.guid FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id JOIN comms_hub h ON h.id = bh.hub_id
                WHERE b.release_id = ? ORDER BY h.id LIMIT ?""", String.class, releaseId, count);
    }

    protected void assertFormResolves(ProcessInstance release, String taskKey) {
        assertThat(forms.getDeployedTaskForm(driver.task(release, taskKey).getId())).isNotNull();
    }

    protected long releaseId(ProcessInstance release) {
        return driver.releaseId(release);
    }

    protected Object historicVariable(ProcessInstance instance, String name) {
        var variable = history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).variableName(name)
                .singleResult();
        return variable == null ? null : variable.getValue();
    }

    protected ProcessInstance participation(ProcessInstance release, String supplier) {
        List<ProcessInstance> children = runtime.createProcessInstanceQuery().superProcessInstanceId(release.getId())
                .variableValueEquals("supplierCode", supplier).list();
        assertThat(children).hasSize(1);
        return children.get(0);
    }

    protected String participationChoice(ProcessInstance release, String supplier) {
        return jdbc.queryForObject("SELECT choice FROM supplier_participation WHERE release_id = ? AND supplier_code = ?",
                String.class, releaseId(release), supplier);
    }

    /**
     * The hubs the supplier has approved in the release: a row per hub (GUID lists, pilot choices, the split match), or
     * covered by its whole-estate decision, one row for all its hubs of the variant not on the release's firmware.
     */
    protected long approvals(ProcessInstance release, String supplier) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM comms_hub h JOIN firmware_release r ON r.variant_id = h.variant_id
                WHERE r.id = ? AND (h.electricity_supplier = ? OR h.gas_supplier = ?)
                  AND (EXISTS (SELECT 1 FROM hub_approval a WHERE a.release_id = r.id AND a.hub_id = h.id AND a.supplier_code = ?)
                       OR h.firmware_version <> r.firmware_version AND EXISTS (SELECT 1 FROM supplier_decision w
                          WHERE w.release_id = r.id AND w.supplier_code = ? AND w.method = 'WHOLE_ESTATE'))""", Long.class,
                releaseId(release), supplier, supplier, supplier, supplier);
    }

    protected long publishedHubs(long releaseId) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM batch_hub_member bh JOIN upgrade_batch b ON b.id = bh.batch_id WHERE b.release_id = ?""",
                Long.class, releaseId);
    }

    protected String status(long releaseId) {
        return jdbc.queryForObject("SELECT status FROM firmware_release WHERE id = ?", String.class, releaseId);
    }

    protected int suppliersOfVariant(long variantId) {
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM supplier s WHERE EXISTS (SELECT 1 FROM comms_hub h WHERE h.variant_id = ?
                AND (h.electricity_supplier = s.code OR h.gas_supplier = s.code))""", Integer.class, variantId);
    }
}
