package uk.co.dcc.chfirmware.release;

import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Turns the policy's ISO 8601 windows into due dates, for task due dates and the forms (UK time). */
@Component
public class Deadlines {

    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm z", Locale.UK);

    private final Clock clock;

    public Deadlines(Clock clock) {
        this.clock = clock;
    }

    public Date after(String isoWindow) {
        return Date.from(deadline(isoWindow).toInstant());
    }

    public String describeAfter(String isoWindow) {
        return deadline(isoWindow).format(SHOWN);
    }

    private ZonedDateTime deadline(String isoWindow) {
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(UK);
        if (isoWindow.contains("T")) {
            return now.plus(Duration.parse(isoWindow));
        }
        return now.plus(Period.parse(isoWindow));
    }
}
