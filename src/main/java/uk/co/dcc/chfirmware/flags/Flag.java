package uk.co.dcc.chfirmware.flags;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An active flag as its reader may see it. Every reader sees what it is on, why, when, and whose hubs it suspends; a
 * supplier also whether it is its own ({@code yours}) and how many of its own hubs it matches ({@code yourHubs}); DCC
 * alone who raised it ({@code raisedBySupplier}, {@code raisedBy}), every supplier's matching hubs in all and its history.
 * What a reader may not see is left out of the answer, not sent empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Flag(long id, FlagTarget target, String label, String configurationSet, Long variantId, String deviceType,
                   String model, String firmwareVersion, String reason, Instant raisedAt, Suspension suspension,
                   String suspensionReason, Boolean yours, Long yourHubs, String raisedBySupplier, String raisedBy,
                   Long matchingHubs, List<Event> history) {

    /** One thing that happened to a flag (DCC's view): raised, suspension changed, lowered. */
    public record Event(String action, Suspension suspension, String actor, Instant at, String reason) {
    }
}
