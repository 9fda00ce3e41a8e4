package uk.co.dcc.chfirmware.rollout;

import java.util.ArrayList;
import java.util.List;
import uk.co.dcc.chfirmware.approval.stance.SqlCondition;

/**
 * A HAN prerequisite (R23, R28): a comms hub waits while a HAN device of its own of the {@code device} type (ESME, GSME,
 * IHD or PPMID), optionally only of the {@code model}, runs firmware below {@code version}. DCC sets one per release in
 * its rollout settings; a supplier sets its own for its own hubs in a standing rule ({@link SupplierPrerequisite}). Both
 * are checked here, with the same words, and compiled to the same condition ({@link #below()}).
 */
public record HanPrerequisite(String device, String model, String version) {

    /** Checks the three, naming the field at fault as the API calls it ({@code prerequisiteDevice} and so on). */
    public HanPrerequisite {
        if (device == null || version == null) {
            throw new IllegalArgumentException("prerequisiteDevice, prerequisiteVersion: give both");
        }
        if (!device.matches("ESME|GSME|IHD|PPMID")) {
            throw new IllegalArgumentException("prerequisiteDevice: one of ESME, GSME, IHD, PPMID");
        }
        if (version.length() > 32 || !version.matches("[0-9A-Za-z]+([.-][0-9A-Za-z]+)*")) {
            throw new IllegalArgumentException("prerequisiteVersion: a version such as 2.4 or 3.10.1, at most 32 characters");
        }
        if (model != null && (model.length() > 80 || model.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("prerequisiteModel: a device model of at most 80 characters, without control characters");
        }
    }

    /**
     * The condition over the comms hub {@code h} that the prerequisite is not met: a HAN device of the type (and model)
     * whose firmware's key in {@code firmware_version_key} sorts below the version's ({@link VersionKey}). The keys of
     * the device type's versions must have been made first (the publication makes them).
     */
    public SqlCondition below() {
        List<Object> args = new ArrayList<>(List.of(device));
        if (model != null) {
            args.add(model);
        }
        args.add(key());
        return new SqlCondition("""
                EXISTS (SELECT 1 FROM han_set_device d JOIN firmware_version_key k ON k.firmware_version = d.firmware_version
                        WHERE d.han_set_id = h.han_set_id AND d.device_type = ? %s AND k.sort_key < ?)"""
                .formatted(model == null ? "" : "AND d.model = ?"), args);
    }

    /** The version's sortable key ({@link VersionKey}). */
    public String key() {
        return VersionKey.of(version);
    }

    /** "ESME Voltix V7 runs firmware 7.1 or later": the step the hubs wait for. */
    public String step() {
        return device + (model == null ? "" : " " + model) + " runs firmware " + version + " or later";
    }
}
