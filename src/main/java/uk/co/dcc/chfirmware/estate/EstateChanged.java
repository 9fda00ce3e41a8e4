package uk.co.dcc.chfirmware.estate;

/**
 * The estate changed in ways only a recount can tell (an import's merge, a bulk load): whatever summarises it
 * is recomputed from the estate tables. Published inside the changing transaction.
 */
public record EstateChanged(String cause) {
}
