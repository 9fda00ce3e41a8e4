package uk.co.dcc.chfirmware.release;

import java.util.regex.Pattern;

/**
 * What DCC submits to register a release (R1), through the product API or the Tasklist start form. {@link #checkFields}
 * holds the rules of each field on its own, for both ways in; {@link ReleaseService#register} adds what needs the
 * database (the variant exists, the version is new).
 */
public record ReleaseRegistration(Long variantId, String firmwareVersion, String releaseType, String imageSha256,
                                  String releaseNotes) {

    /** As long as the start form lets the notes be, and the column that keeps them. */
    public static final int MAX_RELEASE_NOTES = 4000;
    static final int MAX_FIRMWARE_VERSION = 32;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){1,3}");

    /** The release type: STANDARD unless another is given. */
    public String type() {
        return releaseType == null ? "STANDARD" : releaseType;
    }

    /**
     * Checks each field on its own and reports the first problem by name, before anything is looked up, stored or
     * started.
     *
     * @throws InvalidReleaseException naming the field and what is wrong with it
     */
    public void checkFields() {
        if (variantId == null) {
            throw new InvalidReleaseException("variantId: a CH variant is required");
        }
        if (firmwareVersion == null || firmwareVersion.length() > MAX_FIRMWARE_VERSION
                || !VERSION.matcher(firmwareVersion).matches()) {
            throw new InvalidReleaseException("firmwareVersion: '" + abbreviated(firmwareVersion)
                    + "' is not a version such as 5.3.0 (at most " + MAX_FIRMWARE_VERSION + " characters)");
        }
        if (!type().equals("STANDARD") && !type().equals("SECURITY_FIX")) {
            throw new InvalidReleaseException("releaseType: '" + abbreviated(type()) + "' is neither STANDARD nor SECURITY_FIX");
        }
        if (imageSha256 == null || !SHA256.matcher(imageSha256).matches()) {
            throw new InvalidReleaseException("imageSha256: a SHA-256 digest is 64 hexadecimal digits");
        }
        if (releaseNotes != null && releaseNotes.length() > MAX_RELEASE_NOTES) {
            throw new InvalidReleaseException("releaseNotes: at most " + MAX_RELEASE_NOTES + " characters, not "
                    + releaseNotes.length());
        }
        if (releaseNotes != null) {
            for (int i = 0; i < releaseNotes.length(); i++) {
                char c = releaseNotes.charAt(i);
                if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                    throw new InvalidReleaseException(String.format(
                            "releaseNotes: a control character (U+%04X) at character %d; text, line breaks and tabs only", (int) c,
                            i + 1));
                }
            }
        }
    }

    /** A value as a refusal quotes it: at most 40 characters of it. */
    private static String abbreviated(String value) {
        return value == null || value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
