package uk.co.dcc.chfirmware.estate;

import java.util.List;

/** Comms hubs new to the estate were written (they carry no approval or batch yet). */
public record HubsAdded(List<CommsHubRecord> hubs) {
}
