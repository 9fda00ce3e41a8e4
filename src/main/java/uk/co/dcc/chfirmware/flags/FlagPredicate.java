package uk.co.dcc.chfirmware.flags;

/**
 * The flags' suspension as one set predicate over the comms hubs {@code h} (R30): a hub is suspended while an active
 * flag matches it and suspends it: the flag's raiser is one of the hub's suppliers (its electricity or gas supplier), or
 * DCC made the suspension industry-wide; a lifted suspension suspends nobody. What a flag matches is {@link #MATCHES}:
 * hubs of its configuration set (variant, CH firmware, HAN set), hubs with a HAN device of its model (of its type, if
 * given), of its model and firmware, or running its CH firmware. The flags are few and read by their index, so the
 * predicate is a few probes per hub, evaluated only where a publication draws.
 */
public final class FlagPredicate {

    /** The kinds of flag on what the hub's own row says (its configuration set, its CH firmware). */
    static final String ON_THE_HUB_KINDS = "('CONFIGURATION_SET', 'CH_FIRMWARE')";

    /**
     * Flag {@code f} of a kind in {@link #ON_THE_HUB_KINDS} matches {@code h}: it reads only {@code h.variant_id},
     * {@code h.firmware_version} and {@code h.han_set_id}, so it also matches the DPL's kept counts ({@code dpl_count}) as
     * {@code h}, whose rows have those columns.
     */
    static final String ON_THE_HUB = """
            ((f.target_kind = 'CONFIGURATION_SET' AND h.variant_id = f.variant_id AND h.firmware_version = f.firmware_version
              AND COALESCE(h.han_set_id, 0) = f.han_set_id)
             OR (f.target_kind = 'CH_FIRMWARE' AND h.variant_id = f.variant_id AND h.firmware_version = f.firmware_version))""";

    /** Flag {@code f} on a HAN device model or firmware matches hub {@code h} by its HAN set's devices. */
    static final String BY_ITS_DEVICES = """
            (f.target_kind IN ('HAN_DEVICE_MODEL', 'HAN_DEVICE_FIRMWARE')
             AND EXISTS (SELECT 1 FROM han_set_device d WHERE d.han_set_id = h.han_set_id AND d.model = f.device_model
                         AND (f.device_type IS NULL OR d.device_type = f.device_type)
                         AND (f.target_kind = 'HAN_DEVICE_MODEL' OR d.firmware_version = f.firmware_version)))""";

    /**
     * Flag {@code f} matches hub {@code h}, whoever supplies it: a condition on the two aliases, no arguments. It reads
     * nothing of who raised the flag.
     */
    public static final String MATCHES = "(" + ON_THE_HUB + " OR " + BY_ITS_DEVICES + ")";

    /** An active flag {@code f} suspends hub {@code h}. */
    static final String SUSPENDS = """
            f.lowered_at IS NULL AND f.suspension <> 'LIFTED'
            AND (f.suspension = 'INDUSTRY' OR f.supplier_code = h.electricity_supplier OR f.supplier_code = h.gas_supplier)
            """ + " AND " + MATCHES;

    /** The condition, to be added to a WHERE over {@code comms_hub h}: no active flag suspends the hub. No arguments. */
    public static final String NOT_SUSPENDED = " AND NOT EXISTS (SELECT 1 FROM hub_flag f WHERE " + SUSPENDS + ")";

    /** The negation: some active flag suspends the hub. No arguments. */
    public static final String SUSPENDED = " AND EXISTS (SELECT 1 FROM hub_flag f WHERE " + SUSPENDS + ")";

    private FlagPredicate() {
    }
}
