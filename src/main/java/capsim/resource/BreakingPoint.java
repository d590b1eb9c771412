package capsim.resource;

/**
 * One failure that explains itself: when, who, which resource and where it applies, the limit,
 * the demand that exceeded it, the errno a real system returns, the knob, and the smallest limit
 * that would have let this demand through.
 */
public record BreakingPoint(
        long timeNs,
        String subject,
        String resource,
        Scope scope,
        long limit,
        long demand,
        Errno errno,
        String knob,
        String knobPath,
        long suggested,
        boolean tunable,
        String fix) {

    public double timeS() {
        return timeNs / 1e9;
    }

    public static BreakingPoint of(long timeNs, String subject, LimitSpec spec, long limit, long demand) {
        return new BreakingPoint(timeNs, subject, spec.resource(), spec.scope(), limit, demand, spec.errno(),
                spec.knob(), spec.knobPath(), demand, spec.tunable(), spec.fix());
    }
}
