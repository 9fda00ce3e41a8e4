package uk.co.dcc.chfirmware.estate;

/**
 * The estate changed (an import of comms hubs or HAN devices): published by whatever wrote it, so that
 * rollouts holding hubs back for a HAN prerequisite (R23) look again at once.
 */
public record EstateUpdatedEvent(String source) {
}
