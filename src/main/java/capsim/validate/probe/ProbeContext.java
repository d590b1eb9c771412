package capsim.validate.probe;

import capsim.validate.predict.ModelPredictor;
import capsim.validate.predict.ValidationModels;
import capsim.validate.host.BootedGuests;
import capsim.validate.host.Cleanup;
import capsim.validate.host.GuestLauncher;
import capsim.validate.host.QemuLauncher;
import capsim.validate.host.QemuTarget;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** What a probe runs with: its settings, the launcher, the model, and the host's QEMU targets. */
public record ProbeContext(Settings settings, Cleanup cleanup, QemuLauncher qemu, ModelPredictor model,
                           java.util.Map<QemuTarget, ModelPredictor> models, ValidationModels.Limits limits, ValidationModels.Costs costs,
                           List<QemuTarget> targets, BootedGuests guests, PrintStream log) {

    /**
     * The model the guest probes predict with: the matched TCG stack's for guests under TCG. A
     * guest that boots under KVM would need the KVM stack, which validate does not load yet.
     */
    /** The model for probes of QEMU target {@code t}: its own calibrated stack where one is committed. */
    public ModelPredictor model(QemuTarget t) {
        return models.getOrDefault(t, model);
    }

    public ModelPredictor guestModel() throws java.io.IOException {
        if (guests.accel() == GuestLauncher.Accel.TCG) return model(QemuTarget.X86_64);
        throw new capsim.validate.host.RefusedException("the guest boots under KVM on this host (" + guests.accelReason()
                + "), and capsim validate predicts booted guests with the TCG stack only");
    }

    /**
     * @param max N for every probe instead of its default (null: the probe's default)
     * @param points points per curve
     * @param repeat starts per point (the median counts)
     * @param maxQemu K for many-qemu
     */
    public record Settings(Integer max, int points, int repeat, int maxQemu) {
    }

    /** N for this probe: --max or its default, never above its ceiling. */
    public int n(Probe p) {
        int want = settings.max() != null ? settings.max() : p.defaultMax();
        return Math.max(1, Math.min(want, p.ceiling()));
    }

    /** The first installed target among {@code preferred}, or null. */
    public QemuTarget firstTarget(QemuTarget... preferred) {
        for (QemuTarget t : preferred) if (targets.contains(t)) return t;
        return null;
    }

    public void progress(String probe, String text) {
        log.println("  " + probe + ": " + text);
        log.flush();
    }

    /**
     * {@code k} distinct whole numbers from {@code lo} to {@code hi}, evenly spaced, both ends
     * included (fewer when the range is smaller than k).
     */
    public static int[] points(int lo, int hi, int k) {
        if (hi <= lo || k <= 1) return new int[] {hi};
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int v = (int) Math.round(lo + (double) (hi - lo) * i / (k - 1));
            if (out.isEmpty() || out.get(out.size() - 1) != v) out.add(v);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The least of repeated timings: on a shared host other work only ever adds time, so the
     * minimum is the best estimate of what the operation itself costs.
     */
    static double fastest(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /**
     * The smallest of repeated counts, for counts a race can only raise (a thread-pool worker
     * started because the previous one had not yet counted itself idle).
     */
    static double fewest(List<Double> v) {
        return fastest(v);
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
