package capsim.stat;

/**
 * A value that holds between changes (a queue length, an fd count): its time average and
 * maximum. Times are in nanoseconds.
 */
public final class TimeWeighted {
    private final String name;
    private double value;
    private long lastTime;
    private final long startTime;
    private double area;
    private double max;

    public TimeWeighted(String name, long startTime, double initial) {
        this.name = name;
        this.startTime = startTime;
        this.lastTime = startTime;
        this.value = initial;
        this.max = initial;
    }

    public String name() {
        return name;
    }

    public void update(long now, double newValue) {
        if (now < lastTime) throw new IllegalArgumentException("time went backwards");
        area += value * (now - lastTime);
        lastTime = now;
        value = newValue;
        if (newValue > max) max = newValue;
    }

    public double value() {
        return value;
    }

    public double max() {
        return max;
    }

    /** Time average over [start, now]. */
    public double mean(long now) {
        long span = now - startTime;
        if (span <= 0) return value;
        return (area + value * (now - lastTime)) / span;
    }
}
