package uk.co.dcc.chfirmware.insight;

/** One of the supplier's comms hubs: its fuel is the supplier's side; the other side is never named. */
public record OwnHub(long id, String guid, String variant, String firmwareVersion, String cspRegion, String yourFuel,
                     boolean splitSupplier, String installDate, boolean vulnerable, String configurationSet) {
}
