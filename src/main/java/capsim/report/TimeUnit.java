package capsim.report;

/** Seconds, minutes or hours, whichever keeps simulated-time ticks readable. */
public enum TimeUnit {
    SECONDS(1, "s"), MINUTES(60, "min"), HOURS(3600, "h"), DAYS(86400, "days");

    public final double seconds;
    public final String label;

    TimeUnit(double seconds, String label) {
        this.seconds = seconds;
        this.label = label;
    }

    public static TimeUnit forSpan(double maxSeconds) {
        if (maxSeconds >= 3 * 86400) return DAYS;
        if (maxSeconds >= 3 * 3600) return HOURS;
        if (maxSeconds >= 300) return MINUTES;
        return SECONDS;
    }
}
