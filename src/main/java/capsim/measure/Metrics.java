package capsim.measure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The metrics of one run: values sorted by name, each with its {@link Metric} type. */
public final class Metrics implements MetricSink {
    private final SortedMap<String, Double> values = new TreeMap<>();
    private final Map<String, Metric> types = new HashMap<>();

    @Override
    public void put(Metric metric, double value) {
        Metric was = types.putIfAbsent(metric.name(), metric);
        if (was != null && !was.equals(metric)) {
            throw new IllegalStateException("metric " + metric.name() + " reported as " + metric + " and as " + was);
        }
        values.put(metric.name(), value);
    }

    /** Every value by name, in name order (what summary.json holds). */
    public SortedMap<String, Double> values() {
        return Collections.unmodifiableSortedMap(values);
    }

    /** The type of a metric, or null when none by that name was reported. */
    public Metric type(String name) {
        return types.get(name);
    }

    /** The value of a metric, NaN when it was not reported. */
    public double get(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }

    /** The value of the limit that belongs to a high-water metric, NaN when the resource has none. */
    public double limitOf(Metric highWater) {
        return get(highWater.limitMetric().name());
    }

    /** The most {@code resource} held, in {@code unit}; NaN when the run reported no high-water mark for it. */
    public double highWater(String resource, Unit unit) {
        for (Metric t : types.values()) {
            if (t.role() == MetricRole.HIGH_WATER && t.resource().equals(resource)) return t.unit().convert(get(t.name()), unit);
        }
        return Double.NaN;
    }

    /** Every type, in name order. */
    public List<Metric> types() {
        List<Metric> out = new ArrayList<>();
        for (String n : values.keySet()) out.add(types.get(n));
        return out;
    }
}
