package postdesk.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Working days and hours in one time zone, minus holidays. Hours are local wall-clock times, so a
 * working day keeps its length across daylight-saving changes (which happen at night), and a
 * window is computed per date from the zone's rules.
 *
 * @param end     the end of the working day; {@code null} means midnight at the end of the day
 * @param annual  holidays on the same date every year (e.g. 12-25)
 */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end,
                            Set<LocalDate> holidays, Set<MonthDay> annual) implements WorkingTime {

    /** A search for the next working minute gives up after this many days (only a calendar of holidays could get there). */
    private static final int MAX_DAYS = 3 * 366;

    public BusinessHours {
        if (days.isEmpty()) throw new IllegalArgumentException("no working days");
        if (end != null && !end.isAfter(start)) throw new IllegalArgumentException("working hours end before they start");
        days = Set.copyOf(days);
        holidays = Set.copyOf(holidays);
        annual = Set.copyOf(annual);
    }

    /**
     * Parses the four {@code sla.*} calendar values: a zone ({@code Europe/Berlin}), days
     * ({@code Mon-Fri} or {@code Mon,Wed,Fri}), hours ({@code 09:00-17:00}, {@code 00:00-24:00})
     * and holidays ({@code 2026-12-24, 12-25, 01-01}: a date, or month-day for every year).
     */
    public static BusinessHours parse(String zone, String days, String hours, String holidays) {
        ZoneId z;
        try {
            z = ZoneId.of(zone.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zone.strip() + "' (use e.g. UTC or Europe/Berlin)");
        }
        String[] span = hours.strip().split("\\s*-\\s*");
        if (span.length != 2) throw new IllegalArgumentException("working hours '" + hours + "' are not like 09:00-17:00");
        LocalTime from = time(span[0]);
        LocalTime to = span[1].equals("24:00") ? null : time(span[1]);
        Set<LocalDate> dates = new java.util.HashSet<>();
        Set<MonthDay> yearly = new java.util.HashSet<>();
        for (String h : holidays.split("[,;]")) {
            String d = h.strip();
            if (d.isEmpty()) continue;
            try {
                if (d.length() == 5) yearly.add(MonthDay.parse("--" + d));
                else dates.add(LocalDate.parse(d));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("holiday '" + d + "' is neither YYYY-MM-DD nor MM-DD");
            }
        }
        return new BusinessHours(z, days(days), from, to, dates, yearly);
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a time like 09:00");
        }
    }

    private static Set<DayOfWeek> days(String text) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            String[] range = p.split("\\s*-\\s*");
            if (range.length > 2) throw new IllegalArgumentException("'" + p + "' is not a day or a range like Mon-Fri");
            DayOfWeek first = day(range[0]);
            DayOfWeek last = range.length == 2 ? day(range[1]) : first;
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                out.add(d);
                if (d == last) break;
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no working days");
        return out;
    }

    private static DayOfWeek day(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            if (name.length() >= 2 && full.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT))) return d;
        }
        throw new IllegalArgumentException("'" + name + "' is not a day of the week (Mon, Tue, ...)");
    }

    /** The length of one working day. */
    public Duration workingDay() {
        return end == null ? Duration.between(start, LocalTime.MAX).plusNanos(1) : Duration.between(start, end);
    }

    public boolean isWorkingDay(LocalDate date) {
        return days.contains(date.getDayOfWeek()) && !holidays.contains(date) && !annual.contains(MonthDay.from(date));
    }

    @Override
    public Instant plus(Instant from, Duration work) {
        Duration left = work;
        LocalDate date = LocalDate.ofInstant(from, zone);
        for (int i = 0; i < MAX_DAYS; i++, date = date.plusDays(1)) {
            if (!isWorkingDay(date)) continue;
            Instant opens = max(opening(date), from);
            Instant closes = closing(date);
            if (!opens.isBefore(closes)) continue;
            Duration available = Duration.between(opens, closes);
            if (left.compareTo(available) <= 0) return opens.plus(left);
            left = left.minus(available);
        }
        throw new IllegalStateException("no working time within " + MAX_DAYS + " days of " + from);
    }

    @Override
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) return Duration.ZERO;
        Duration total = Duration.ZERO;
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (LocalDate date = LocalDate.ofInstant(from, zone); !date.isAfter(last); date = date.plusDays(1)) {
            if (!isWorkingDay(date)) continue;
            Instant a = max(opening(date), from);
            Instant b = min(closing(date), to);
            if (a.isBefore(b)) total = total.plus(Duration.between(a, b));
        }
        return total;
    }

    private Instant opening(LocalDate date) {
        return ZonedDateTime.of(date, start, zone).toInstant();
    }

    private Instant closing(LocalDate date) {
        return end == null ? date.plusDays(1).atStartOfDay(zone).toInstant() : ZonedDateTime.of(date, end, zone).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public String toString() {
        List<String> names = days.stream().sorted().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).toList();
        return String.join(",", names) + " " + start + "-" + (end == null ? "24:00" : end) + " " + zone
                + (holidays.isEmpty() && annual.isEmpty() ? "" : ", " + (holidays.size() + annual.size()) + " holiday(s)");
    }
}
