package capsim.measure;

/** What a metric says: a peak held against a limit, the limit itself, a time, a count, an amount. */
public enum MetricRole {
    /** the most a resource held at once during the run */
    HIGH_WATER,
    /** the limit of a resource */
    LIMIT,
    /** how long something took (a latency, a total time) */
    TIME,
    /** how many times something happened or how many there are */
    COUNT,
    /** a size (memory, a table) */
    AMOUNT,
    /** a ratio, share or on/off flag */
    RATIO
}
