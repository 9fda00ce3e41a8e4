package uk.co.dcc.chfirmware.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Each user's choice of how notifications reach it by e-mail, and the address they go to (the Camunda user's). */
@Service
public class EmailPreferences {

    /** How a user's notifications are e-mailed. */
    public enum Mode {
        /** Each notification as its own e-mail as it happens (the default). */
        IMMEDIATE,
        /** One e-mail a day with every notification since the last. */
        DAILY_DIGEST,
        /** None: the notifications stay in the product only. */
        OFF
    }

    /** What a user sees of its own e-mail settings. */
    public record Preference(String email, Mode emailMode) {
    }

    private final JdbcTemplate jdbc;
    private final IdentityService identity;
    private final Clock clock;

    public EmailPreferences(JdbcTemplate jdbc, IdentityService identity, Clock clock) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.clock = clock;
    }

    public Preference of(String userId) {
        List<String> modes = jdbc.queryForList("SELECT email_mode FROM notification_preference WHERE user_id = ?",
                String.class, userId);
        User user = identity.createUserQuery().userId(userId).singleResult();
        return new Preference(user == null ? null : user.getEmail(),
                modes.isEmpty() ? Mode.IMMEDIATE : Mode.valueOf(modes.get(0)));
    }

    /** Sets the user's mode; an unknown one is refused naming the field. */
    @Transactional
    public Preference set(String userId, String mode) {
        if (mode == null || Arrays.stream(Mode.values()).noneMatch(known -> known.name().equals(mode))) {
            throw new IllegalArgumentException("emailMode: must be one of " + Arrays.toString(Mode.values()));
        }
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("UPDATE notification_preference SET email_mode = ?, updated_at = ? WHERE user_id = ?", mode, now, userId) == 0) {
            jdbc.update("INSERT INTO notification_preference (user_id, email_mode, updated_at) VALUES (?, ?, ?)", userId, mode, now);
        }
        return of(userId);
    }
}
