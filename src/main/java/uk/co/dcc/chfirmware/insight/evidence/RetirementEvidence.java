package uk.co.dcc.chfirmware.insight.evidence;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.insight.evidence.ReleaseEvidence.ReleaseFigures;
import uk.co.dcc.chfirmware.release.RolloutPolicy;
import uk.co.dcc.chfirmware.release.RolloutPolicyService;

/**
 * The evidence that the co-operative phase can be relaxed or retired for a CH variant (R38), for DCC: each release's
 * figures ({@link ReleaseEvidence}) and, per variant, the figures of its latest releases with a pilot summed, shown next
 * to the rollout policy they would change (R24, the {@code RolloutPolicy} decision as deployed now for the variant's
 * maturity) and read against a simple threshold rule ({@link EvidenceProperties}). The figures are stated, not a
 * recommendation: whether to change the policy is DCC's decision (with the industry, as the seed's consultation asks).
 */
@Service
class RetirementEvidence {

    private static final List<String> RELEASE_TYPES = List.of("STANDARD", "SECURITY_FIX");

    private final ReleaseEvidence releases;
    private final RolloutPolicyService policies;
    private final EvidenceProperties rule;
    private final JdbcTemplate jdbc;
    private final IdentityService identity;

    RetirementEvidence(ReleaseEvidence releases, RolloutPolicyService policies, EvidenceProperties rule, JdbcTemplate jdbc,
                       IdentityService identity) {
        this.releases = releases;
        this.policies = policies;
        this.rule = rule;
        this.jdbc = jdbc;
        this.identity = identity;
    }

    /** Every variant's summary, in variant order. */
    List<VariantEvidence> everyVariant() {
        Map<Long, List<ReleaseFigures>> byVariant = releases.ofEveryVariant().stream()
                .collect(Collectors.groupingBy(ReleaseFigures::variantId));
        return variants(null).stream().map(variant -> summary(variant, byVariant.getOrDefault(variant.id(), List.of())))
                .toList();
    }

    /** One variant's summary with its releases' figures, oldest first. */
    VariantReleases variant(long variantId) {
        Variant variant = variants(variantId).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("variantId: no CH variant with id " + variantId));
        List<ReleaseFigures> figures = releases.ofVariant(variantId);
        return new VariantReleases(summary(variant, figures), figures);
    }

    private List<Variant> variants(Long variantId) {
        String sql = "SELECT id, manufacturer, model, hardware_version, maturity FROM ch_variant"
                + (variantId == null ? "" : " WHERE id = ?") + " ORDER BY id";
        return jdbc.query(sql, (rs, row) -> new Variant(rs.getLong(1), rs.getString(2) + " " + rs.getString(3) + " hw "
                + rs.getString(4), rs.getString(5)), variantId == null ? new Object[0] : new Object[] {variantId});
    }

    private VariantEvidence summary(Variant variant, List<ReleaseFigures> figures) {
        List<Policy> policy = RELEASE_TYPES.stream().map(type -> policyToday(variant.maturity(), type)).toList();
        List<ReleaseFigures> pilots = latest(figures.stream().filter(ReleaseFigures::pilotOver).toList());
        List<ReleaseFigures> rollouts = latest(figures.stream().filter(release -> release.massRollout().hubs() > 0).toList());
        Window window = new Window(pilots.size(), pilots.stream().map(ReleaseFigures::firmwareVersion).toList(),
                sum(pilots, release -> release.pilot().hubs()), sum(pilots, release -> release.pilot().failed()),
                sum(pilots, release -> release.pilot().assessmentsConfirmed())
                        + sum(pilots, release -> release.pilot().assessmentsReportingProblems()),
                sum(pilots, release -> release.pilot().assessmentsReportingProblems()),
                sum(pilots, release -> release.feedback() == null ? 0 : release.feedback().positive()),
                sum(pilots, release -> release.feedback() == null ? 0 : release.feedback().negative()),
                sum(pilots, release -> release.feedback() == null || release.feedback().none() == null ? 0
                        : release.feedback().none()),
                sum(pilots, release -> release.holds().hubsHeld()),
                pilots.stream().filter(release -> release.phases().massRollout() == null).count(),
                average(pilots.stream().map(release -> release.phases().customerTestingHours()).toList()),
                average(pilots.stream().map(release -> release.phases().pilotHours()).toList()),
                rollouts.size(), sum(rollouts, release -> release.massRollout().hubs()),
                sum(rollouts, release -> release.massRollout().failed()));
        return new VariantEvidence(variant.id(), variant.name(), variant.maturity(), figures.size(), policy, window,
                reading(variant, policy.get(0), window));
    }

    /** The latest releases of the list (registration order), at most as many as the rule looks at, latest last. */
    private List<ReleaseFigures> latest(List<ReleaseFigures> releases) {
        return releases.subList(Math.max(0, releases.size() - rule.releases()), releases.size());
    }

    /** The figures said in words, and whether they are within the threshold rule. */
    private Reading reading(Variant variant, Policy standard, Window window) {
        if (!standard.customerTestingRequired() && !standard.pilotRequired()) {
            return new Reading(false, "Today's policy for " + variant.maturity() + " variants already requires neither "
                    + "customer testing nor a pilot for STANDARD releases." + rollout(window), List.of());
        }
        String figures = window.pilotReleases() == 0 ? "No release of this variant has been through a pilot yet."
                : "Last " + window.pilotReleases() + " release" + (window.pilotReleases() == 1 ? "" : "s") + " with a pilot: "
                + window.pilotFailed() + " of " + window.pilotHubs() + " pilot hubs failed (" + percent(window.pilotFailureRate())
                + "), " + window.assessmentsReportingProblems() + " of " + window.assessments()
                + " assessments reported problems, " + window.feedbackNegative() + " negative, " + window.feedbackPositive()
                + " positive and " + window.feedbackNone() + " missing feedback, " + window.hubsHeld() + " hubs held by suppliers"
                + (window.pilotReleasesEnded() == 0 ? "" : ", " + window.pilotReleasesEnded() + " ended in the pilot") + ".";
        List<String> outside = new ArrayList<>();
        if (window.pilotReleases() < rule.releases()) {
            outside.add("fewer than " + rule.releases() + " releases with a pilot");
        }
        if (window.pilotFailureRate() != null && window.pilotFailureRate() > rule.maxPilotFailureRate()) {
            outside.add("pilot failures above " + percent(rule.maxPilotFailureRate()));
        }
        if (window.assessmentsReportingProblems() > 0) {
            outside.add("problems reported");
        }
        if (window.feedbackNegative() > 0) {
            outside.add("negative feedback");
        }
        if (window.hubsHeld() > 0) {
            outside.add("hubs held");
        }
        if (window.pilotReleasesEnded() > 0) {
            outside.add("a release ended in its pilot");
        }
        String today = "Today's policy for STANDARD releases of " + variant.maturity() + " variants: "
                + (standard.customerTestingRequired() ? "customer testing and " : "") + (standard.pilotRequired()
                ? "a pilot (cap " + standard.pilotCapPerSupplier() + " hubs per supplier) required." : "no pilot.");
        String verdict = outside.isEmpty()
                ? " Within the threshold rule (" + ruleText() + "): the evidence supports relaxing the co-operative phase "
                        + "for this variant, for example the policy DCC applies to MATURE variants."
                : " Not within the threshold rule (" + ruleText() + "): " + String.join(", ", outside) + ".";
        return new Reading(outside.isEmpty(), figures + rollout(window) + " " + today + verdict, outside);
    }

    private String ruleText() {
        return "the last " + rule.releases() + " releases with a pilot, pilot failures at most "
                + percent(rule.maxPilotFailureRate()) + ", no problems, no negative feedback, no hubs held, none ended in its pilot";
    }

    private static String rollout(Window window) {
        return window.rolloutReleases() == 0 ? "" : " Mass rollout over the last " + window.rolloutReleases() + ": "
                + window.rolloutFailed() + " of " + window.rolloutHubs() + " hubs failed (" + percent(window.rolloutFailureRate())
                + ").";
    }

    private static String percent(Double rate) {
        return rate == null ? "none" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    private static long sum(List<ReleaseFigures> releases, ToLongFunction<ReleaseFigures> figure) {
        return releases.stream().mapToLong(figure).sum();
    }

    private static Double average(List<Double> hours) {
        List<Double> known = hours.stream().filter(Objects::nonNull).toList();
        return known.isEmpty() ? null : known.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /**
     * The deployed policy for the maturity and release type, evaluated as the application: the caller (DCC) reads the
     * policy's outcome here but does not evaluate decisions in the engine itself.
     */
    private Policy policyToday(String maturity, String releaseType) {
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return policy(releaseType, policies.decide(maturity, releaseType));
        } finally {
            if (caller != null) {
                identity.setAuthentication(caller);
            }
        }
    }

    private static Policy policy(String releaseType, RolloutPolicy policy) {
        return new Policy(releaseType, policy.customerTestingRequired(), policy.pilotRequired(), policy.pilotCapPerSupplier(),
                policy.feedbackWindow(), policy.assessmentWindow());
    }

    private record Variant(long id, String name, String maturity) {
    }

    /** Today's rollout policy for a release type and the variant's maturity (processes/RolloutPolicy.dmn). */
    public record Policy(String releaseType, boolean customerTestingRequired, boolean pilotRequired, int pilotCapPerSupplier,
                         String feedbackWindow, String assessmentWindow) {
    }

    /**
     * The latest releases the rule looks at summed: those with a pilot that is over (their firmware versions, oldest
     * first) and, apart, those with hubs in a mass rollout.
     */
    public record Window(int pilotReleases, List<String> pilotFirmwareVersions, long pilotHubs, long pilotFailed,
                         long assessments, long assessmentsReportingProblems, long feedbackPositive, long feedbackNegative,
                         long feedbackNone, long hubsHeld, long pilotReleasesEnded, Double averageCustomerTestingHours,
                         Double averagePilotHours, int rolloutReleases, long rolloutHubs, long rolloutFailed) {

        @JsonProperty
        public Double pilotFailureRate() {
            return pilotHubs == 0 ? null : (double) pilotFailed / pilotHubs;
        }

        @JsonProperty
        public Double problemRate() {
            return assessments == 0 ? null : (double) assessmentsReportingProblems / assessments;
        }

        @JsonProperty
        public Double rolloutFailureRate() {
            return rolloutHubs == 0 ? null : (double) rolloutFailed / rolloutHubs;
        }
    }

    /** The figures in words, whether they are within the threshold rule, and where they are not. */
    public record Reading(boolean withinThreshold, String text, List<String> outsideThreshold) {
    }

    /** A variant's evidence: its releases, today's policy for it per release type, its latest releases summed. */
    public record VariantEvidence(long variantId, String variantName, String maturity, int releases, List<Policy> policy,
                                  Window window, Reading reading) {
    }

    /** A variant's evidence with each of its releases' figures. */
    public record VariantReleases(VariantEvidence variant, List<ReleaseFigures> releases) {
    }
}
