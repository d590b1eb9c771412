package capsim.model.host;

import capsim.config.VersionFacts.Derived;
import capsim.config.VersionFacts.Formula;
import capsim.config.VersionFacts.MissingInput;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How Linux sizes its limits at boot from the machine: the mechanisms behind the formula facts
 * of models/facts/kernel.json, whose constants (THREAD_SIZE, PIDS_PER_CPU_DEFAULT, the inotify
 * watch cost, …) are the fact's inputs. RAM is {@code host.ramGiB} taken as the kernel's
 * totalram (MemTotal); the kernel's own reserve makes the real figures slightly lower (0.1 % on
 * the development VM, docs/sources.md, kernel §6).
 */
public final class KernelDefaults {
    private KernelDefaults() {
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** kernel/fork.c set_max_threads: RAM / (8 x THREAD_SIZE), clamped to [MIN_THREADS, FUTEX_TID_MASK] (the inputs min, max). */
    static Derived threadsMax(Map<String, Double> in, Function<String, Optional<Double>> model) {
        double ram = need(model, "host.ramGiB");
        double threadSize = in.get("threadSizeBytes");
        long v = clamp((long) Math.floor(ram * GIB / (8 * threadSize)), in.get("min").longValue(), in.get("max").longValue());
        return new Derived(v, "ram " + num(ram) + " GiB / (8 x THREAD_SIZE " + num(threadSize) + " B), within [" + num(in.get("min"))
                + ", " + num(in.get("max")) + "] = " + v);
    }

    /** kernel/pid.c pid_idr_init: max(PID_MAX_DEFAULT, PIDS_PER_CPU_DEFAULT x possible CPUs), at most PID_MAX_LIMIT. */
    static Derived pidMax(Map<String, Double> in, Function<String, Optional<Double>> model) {
        double cpus = need(model, "host.possibleCpus");
        long perCpu = (long) (in.get("pidsPerCpu") * cpus);
        long v = Math.min(in.get("pidMaxLimit").longValue(), Math.max(in.get("pidMaxDefault").longValue(), perCpu));
        return new Derived(v, "max(" + num(in.get("pidMaxDefault")) + ", " + num(in.get("pidsPerCpu")) + " x " + num(cpus)
                + " possible CPUs), at most " + num(in.get("pidMaxLimit")) + " = " + v);
    }

    /** fs/notify/inotify/inotify_user.c inotify_user_setup (v5.11+): 1 % of RAM / watch cost, clamped. */
    static Derived inotifyWatches(Map<String, Double> in, Function<String, Optional<Double>> model) {
        double ram = need(model, "host.ramGiB");
        double cost = in.get("watchCostBytes");
        long v = clamp((long) Math.floor(ram * GIB / 100 / cost), in.get("min").longValue(), in.get("max").longValue());
        return new Derived(v, "ram " + num(ram) + " GiB / 100 / " + num(cost) + " B per watch, within [" + num(in.get("min")) + ", " + num(in.get("max")) + "] = " + v);
    }

    /** fs/file_table.c files_maxfiles_init: one file per 10 KiB of RAM, at least NR_FILE (the boot-time reserve left out). */
    static Derived fileMax(Map<String, Double> in, Function<String, Optional<Double>> model) {
        double ram = need(model, "host.ramGiB");
        long v = Math.max(in.get("nrFile").longValue(), (long) Math.floor(ram * 1024 * 1024 / in.get("kibPerFile")));
        return new Derived(v, "max(NR_FILE " + num(in.get("nrFile")) + ", ram " + num(ram) + " GiB in KiB / " + num(in.get("kibPerFile")) + ") = " + v);
    }

    /** The formulas the facts tables may name. */
    public static final Map<String, Formula> FORMULAS = Map.of(
            "threadsMax", KernelDefaults::threadsMax,
            "pidMax", KernelDefaults::pidMax,
            "inotifyWatches", KernelDefaults::inotifyWatches,
            "fileMax", KernelDefaults::fileMax);

    private static double need(Function<String, Optional<Double>> model, String path) {
        return model.apply(path).orElseThrow(() -> new MissingInput(path));
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
