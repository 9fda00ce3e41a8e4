package uk.co.dcc.chfirmware.insight;

/**
 * One of the supplier's comms hubs, known by its GUID: its fuel is the supplier's side; the other side is never named,
 * and no internal row id tells how large the estate is. The premises' marks (R37): consenting to early upgrades, and
 * high-risk apart from vulnerable.
 */
public record OwnHub(String guid, String variant, String firmwareVersion, String cspRegion, String yourFuel,
                     boolean splitSupplier, String installDate, boolean vulnerable, String configurationSet,
                     boolean consenting, boolean highRisk) {
}
