package uk.co.dcc.chfirmware.release;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The words people read for the codes the product stores: release types, stages, ISO 8601 windows. */
public final class Labels {

    private Labels() {
    }

    /** STANDARD → "standard release", SECURITY_FIX → "urgent security fix". */
    public static String releaseType(String code) {
        if (code == null) {
            return "type not given";
        }
        return switch (code) {
            case "STANDARD" -> "standard release";
            case "SECURITY_FIX" -> "urgent security fix";
            default -> code;
        };
    }

    /** A stage's code (ReleaseStage, or a CSP approval with its network) in words. */
    public static String stage(String code) {
        if (code == null) {
            return "";
        }
        if (code.startsWith(ReleaseStage.CSP_APPROVAL.name() + "_")) {
            return "CSP approval";
        }
        return switch (code) {
            case "REGISTRATION" -> "registration";
            case "CSP_APPROVAL" -> "CSP approval";
            case "DCC_TESTING" -> "DCC testing";
            case "CUSTOMER_TESTING" -> "customer testing";
            case "FEEDBACK_ASSESSMENT" -> "feedback assessment";
            case "PRODUCTION_PROVING" -> "production proving";
            case "OPERATIONAL_APPROVAL" -> "operational approval";
            case "PILOT_APPROVAL" -> "OA to begin pilot";
            case "PILOT" -> "pilot";
            case "PHASE_COMPLETION" -> "phase completion";
            case "MASS_ROLLOUT_APPROVAL" -> "OA for mass rollout";
            case "MASS_ROLLOUT", "ROLLOUT_PAUSED", "HUBS_NOT_UPGRADED" -> "mass rollout";
            default -> code;
        };
    }

    /** An ISO 8601 window in words: P14D → "14 days", PT36H → "36 hours", P1M → "1 month". */
    public static String window(String iso) {
        if (iso == null) {
            return "";
        }
        try {
            if (iso.contains("T")) {
                Duration duration = Duration.parse(iso);
                List<String> parts = new ArrayList<>();
                add(parts, duration.toDaysPart(), "day");
                add(parts, duration.toHoursPart(), "hour");
                add(parts, duration.toMinutesPart(), "minute");
                return parts.isEmpty() ? "no time" : String.join(" ", parts);
            }
            Period period = Period.parse(iso);
            List<String> parts = new ArrayList<>();
            add(parts, period.getYears(), "year");
            add(parts, period.getMonths(), "month");
            add(parts, period.getDays(), "day");
            return parts.isEmpty() ? "no time" : String.join(" ", parts);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static void add(List<String> parts, long amount, String unit) {
        if (amount != 0) {
            parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
        }
    }
}
