package uk.co.dcc.chfirmware.security;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/** Checks of the fields submitted with a user task, for {@link TaskInputRules}: each refusal names its field. */
public final class TaskInputs {

    private TaskInputs() {
    }

    /** The field's value, which must be one of the allowed ones. */
    public static String oneOf(Map<String, Object> submitted, String field, String... allowed) {
        Object value = submitted.get(field);
        if (value == null || !List.of(allowed).contains(value.toString())) {
            throw invalid(field, "must be one of " + String.join(", ", allowed) + ", was "
                    + (value == null ? "nothing" : "'" + shorten(value.toString()) + "'"));
        }
        return value.toString();
    }

    /** A text of at least {@code min} characters (after trimming) and at most {@code max}, without control characters. */
    public static String text(Map<String, Object> submitted, String field, int min, int max) {
        String value = optionalText(submitted, field, max);
        if (value == null || value.length() < min) {
            throw invalid(field, min <= 1 ? "is required" : "must have at least " + min + " characters");
        }
        return value;
    }

    /** A text that may be missing or blank (then null), else at most {@code max} characters, without control characters. */
    public static String optionalText(Map<String, Object> submitted, String field, int max) {
        Object value = submitted.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw invalid(field, "must be text");
        }
        if (text.length() > max) {
            throw invalid(field, "must have at most " + max + " characters, had " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw invalid(field, "contains a control character at position " + (i + 1));
            }
        }
        String trimmed = text.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    public static FormFieldValidationException invalid(String field, String problem) {
        return new FormFieldValidationException(field, field + ": " + problem);
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
