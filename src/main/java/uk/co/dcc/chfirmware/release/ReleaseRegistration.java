package uk.co.dcc.chfirmware.release;

/** What DCC submits to register a release (R1). Values are checked by {@link ReleaseService#register}. */
public record ReleaseRegistration(Long variantId, String firmwareVersion, String releaseType, String imageSha256,
                                  String releaseNotes) {
}
