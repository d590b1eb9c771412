package capsim.measure;

/**
 * One reported number's type: its name (the key in summary.json), its unit and its role. A
 * high-water or limit metric also names its resource, so a report pairs "what was held" with
 * "what the limit was" from the types, not from the names.
 *
 * @param resource the resource of a {@link MetricRole#HIGH_WATER} or {@link MetricRole#LIMIT} metric, else ""
 */
public record Metric(String name, Unit unit, MetricRole role, String resource) {
    static final String HIGH_WATER_PREFIX = "hw.";
    static final String LIMIT_PREFIX = "limit.";

    public Metric {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a metric needs a name");
        if ((role == MetricRole.HIGH_WATER || role == MetricRole.LIMIT) == resource.isEmpty()) {
            throw new IllegalArgumentException(name + ": only high-water and limit metrics name a resource");
        }
    }

    public static Metric count(String name) {
        return new Metric(name, Unit.COUNT, MetricRole.COUNT, "");
    }

    public static Metric count(String name, Unit unit) {
        return new Metric(name, unit, MetricRole.COUNT, "");
    }

    public static Metric time(String name, Unit unit) {
        if (!unit.isTime()) throw new IllegalArgumentException(name + ": " + unit + " is not a time");
        return new Metric(name, unit, MetricRole.TIME, "");
    }

    public static Metric amount(String name, Unit unit) {
        return new Metric(name, unit, MetricRole.AMOUNT, "");
    }

    public static Metric ratio(String name, Unit unit) {
        return new Metric(name, unit, MetricRole.RATIO, "");
    }

    /** The most {@code resource} held at once, in the resource's unit. */
    public static Metric highWater(String resource, Unit unit) {
        return new Metric(HIGH_WATER_PREFIX + resource, unit, MetricRole.HIGH_WATER, resource);
    }

    /** The limit of {@code resource}, in the resource's unit. */
    public static Metric limit(String resource, Unit unit) {
        return new Metric(LIMIT_PREFIX + resource, unit, MetricRole.LIMIT, resource);
    }

    /** The limit metric that belongs to this high-water metric (same resource and unit). */
    public Metric limitMetric() {
        if (role != MetricRole.HIGH_WATER) throw new IllegalStateException(name + " is not a high-water metric");
        return limit(resource, unit);
    }

    /** "start.latency.p95S (s)": an axis title. */
    public String label() {
        return name + " (" + unit.symbol() + ")";
    }
}
