package uk.co.dcc.chfirmware.security;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the parameters an engine command was created with (the task id, the submitted variables), which Camunda
 * keeps in protected fields. {@link EngineAccessGuard} needs them to judge a command before it runs; a missing field
 * is a programming error (a Camunda upgrade renamed it) and fails loudly, and {@code EngineAccessGuardTest} covers
 * every field read here.
 */
final class CommandFields {

    private static final Map<String, Field> FIELDS = new ConcurrentHashMap<>();

    private CommandFields() {
    }

    @SuppressWarnings("unchecked")
    static <T> T read(Object command, String name) {
        Field field = FIELDS.computeIfAbsent(command.getClass().getName() + "#" + name, key -> find(command.getClass(), name));
        try {
            return (T) field.get(command);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + name + " of " + command.getClass().getName(), e);
        }
    }

    /** The field's value, or null when the command has no such field. */
    static <T> T readIfPresent(Object command, String name) {
        for (Class<?> c = command.getClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getName().equals(name)) {
                    return read(command, name);
                }
            }
        }
        return null;
    }

    static void write(Object command, String name, Object value) {
        Field field = FIELDS.computeIfAbsent(command.getClass().getName() + "#" + name, key -> find(command.getClass(), name));
        try {
            field.set(command, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot write " + name + " of " + command.getClass().getName(), e);
        }
    }

    private static Field find(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new IllegalStateException("No field " + name + " in " + type.getName());
    }
}
