package capsim.measure;

/** Where a model part reports its numbers at the end of a run, each with its type. */
@FunctionalInterface
public interface MetricSink {
    void put(Metric metric, double value);

    default void count(String name, double value) {
        put(Metric.count(name), value);
    }

    default void count(String name, Unit unit, double value) {
        put(Metric.count(name, unit), value);
    }

    default void time(String name, Unit unit, double value) {
        put(Metric.time(name, unit), value);
    }

    default void amount(String name, Unit unit, double value) {
        put(Metric.amount(name, unit), value);
    }

    default void ratio(String name, Unit unit, double value) {
        put(Metric.ratio(name, unit), value);
    }

    default void highWater(String resource, Unit unit, double value) {
        put(Metric.highWater(resource, unit), value);
    }

    default void limit(String resource, Unit unit, double value) {
        put(Metric.limit(resource, unit), value);
    }
}
