package capsim.stat;

/** A named count of occurrences. */
public final class Counter {
    private final String name;
    private long count;

    public Counter(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void increment() {
        count++;
    }

    public void add(long k) {
        count += k;
    }

    public long count() {
        return count;
    }
}
