package uk.co.dcc.chfirmware.approval;

import static uk.co.dcc.chfirmware.approval.ParticipationVariables.*;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * A supplier's choice of pilot hubs (R9): how many, in which region (null for both), which DPL
 * configuration sets (empty for all), installed on or before a date (null for any), and whether vulnerable
 * or high-risk premises may be included (they are excluded unless explicitly included); and, by the premises' marks
 * (R37), whether only premises that consent to early upgrades are chosen, and whether premises marked high-risk are
 * left out.
 */
public record PilotCriteria(int hubCount, String cspRegion, List<String> configurationSets, LocalDate installedOnOrBefore,
                            boolean includeVulnerable, boolean consentingOnly, boolean excludeHighRisk) {

    public PilotCriteria {
        if (hubCount < 1) {
            throw new IllegalArgumentException("pilotHubCount: choose at least one comms hub, not " + hubCount);
        }
        if (cspRegion != null && !cspRegion.equals("NORTH") && !cspRegion.equals("CENTRAL_SOUTH")) {
            throw new IllegalArgumentException("pilotRegion: must be NORTH, CENTRAL_SOUTH or ANY, was " + cspRegion);
        }
        configurationSets = configurationSets == null ? List.of() : List.copyOf(configurationSets);
    }

    public PilotCriteria(int hubCount, String cspRegion, boolean includeVulnerable) {
        this(hubCount, cspRegion, List.of(), null, includeVulnerable);
    }

    /** Criteria that ask nothing of the premises' marks. */
    public PilotCriteria(int hubCount, String cspRegion, List<String> configurationSets, LocalDate installedOnOrBefore,
                         boolean includeVulnerable) {
        this(hubCount, cspRegion, configurationSets, installedOnOrBefore, includeVulnerable, false, false);
    }

    /** The same criteria for at most {@code hubCount} hubs. */
    public PilotCriteria capped(int cap) {
        return new PilotCriteria(Math.min(hubCount, cap), cspRegion, configurationSets, installedOnOrBefore, includeVulnerable,
                consentingOnly, excludeHighRisk);
    }

    /** The criteria as the pilot form submits them, from the participation instance's variables. */
    public static PilotCriteria of(VariableScope form) {
        return of(form::getVariable);
    }

    /** The criteria from the pilot form's fields, by name. */
    static PilotCriteria of(java.util.function.Function<String, Object> form) {
        Object count = form.apply(PILOT_HUB_COUNT);
        Object region = form.apply(PILOT_REGION);
        Object sets = form.apply(PILOT_CONFIGURATION_SETS);
        Object installed = form.apply(PILOT_INSTALLED_ON_OR_BEFORE);
        LocalDate installedOnOrBefore;
        try {
            installedOnOrBefore = installed == null || installed.toString().isBlank() ? null : LocalDate.parse(installed.toString().trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("pilotInstalledOnOrBefore: '" + installed + "' is not a date such as 2023-06-30");
        }
        return new PilotCriteria(count instanceof Number n ? n.intValue() : 0,
                region == null || "ANY".equals(region) ? null : region.toString(),
                sets == null || sets.toString().isBlank() ? List.of()
                        : Arrays.stream(sets.toString().split(",")).map(String::trim).filter(code -> !code.isEmpty()).toList(),
                installedOnOrBefore, Boolean.TRUE.equals(form.apply(INCLUDE_VULNERABLE)),
                Boolean.TRUE.equals(form.apply(PILOT_CONSENTING_ONLY)), Boolean.TRUE.equals(form.apply(PILOT_EXCLUDE_HIGH_RISK)));
    }
}
