package capsim.validate.probe;

import capsim.validate.calibration.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * What one probe produced: its curves, its hard limits, measured figures that no model predicts
 * yet (each with its unit and how it was measured, for the model files to cite), notes, or the
 * reason it was skipped.
 */
public final class ProbeResult {
    /** A measured figure: {@code name} = {@code value} {@code unit}, and how it was measured. */
    public record Measurement(String name, double value, String unit, String how) {
        public String describe() {
            return name + " = " + String.format(java.util.Locale.ROOT, "%.4g", value) + " " + unit + " (" + how + ")";
        }
    }

    private final List<Measurement> measurements = new ArrayList<>();

    private final String probe;
    private final List<Series> series = new ArrayList<>();
    private final List<LimitCheck> limits = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String skipped;
    private String error;
    private double wallS;

    public ProbeResult(String probe) {
        this.probe = probe;
    }

    public static ProbeResult skipped(String probe, String reason) {
        ProbeResult r = new ProbeResult(probe);
        r.skipped = reason;
        return r;
    }

    /** A probe that started but could not finish: reported, and the run does not pass. */
    public static ProbeResult failed(String probe, String reason) {
        ProbeResult r = new ProbeResult(probe);
        r.error = reason;
        return r;
    }

    /** Why the probe broke off, or null. */
    public String error() {
        return error;
    }

    public String probe() {
        return probe;
    }

    public Series series(Series s) {
        series.add(s);
        return s;
    }

    public List<Series> series() {
        return series;
    }

    public List<LimitCheck> limits() {
        return limits;
    }

    public void limit(LimitCheck c) {
        limits.add(c);
    }

    public Measurement measurement(String name, double value, String unit, String how) {
        Measurement m = new Measurement(name, value, unit, how);
        measurements.add(m);
        return m;
    }

    public List<Measurement> measurements() {
        return measurements;
    }

    public List<String> notes() {
        return notes;
    }

    public void note(String n) {
        notes.add(n);
    }

    /** The reason the probe did not run, or null. */
    public String skippedReason() {
        return skipped;
    }

    public double wallS() {
        return wallS;
    }

    /** Set by the run once the probe has returned: its wall-clock seconds. */
    public void wallS(double s) {
        this.wallS = s;
    }

    /** True when every curve and limit is within its tolerance. */
    public boolean passes() {
        return skipped == null && error == null && series.stream().allMatch(Series::passes) && limits.stream().allMatch(LimitCheck::passes);
    }
}
