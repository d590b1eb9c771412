package capsim.validate.probe;

import capsim.validate.host.GuestLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** k tasks at once (k guests booted at once, k virsh creates), for the probes that start guests together. */
final class Parallel {
    private Parallel() {
    }

    interface Task<T> {
        T run(int i) throws Exception;
    }

    /**
     * Runs k tasks at once and returns their results in order. If one fails, every other is waited
     * for and each guest already booted is closed before the failure is thrown: none keeps running.
     */
    static <T> List<T> run(int k, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(k);
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                int index = i;
                fs.add(pool.submit(() -> task.run(index)));
            }
            List<T> out = new ArrayList<>();
            Exception failed = null;
            for (Future<T> f : fs) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failed == null) failed = e.getCause() instanceof Exception x ? x : e;
                }
            }
            if (failed != null) {
                for (T t : out) if (t instanceof GuestLauncher.Booted b) b.guest().close();
                throw failed;
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /** The booted guests of {@code boots}, or the first that did not come up as an exception (after closing the others). */
    static List<capsim.validate.host.BootedGuest> booted(List<GuestLauncher.Boot> boots, String what) {
        List<capsim.validate.host.BootedGuest> out = new ArrayList<>();
        GuestLauncher.Boot bad = null;
        for (GuestLauncher.Boot b : boots) {
            if (b instanceof GuestLauncher.Booted ok) out.add(ok.guest());
            else if (bad == null) bad = b;
        }
        if (bad != null) {
            out.forEach(capsim.validate.host.BootedGuest::close);
            throw new IllegalStateException(what + ": a guest did not come up: " + bad);
        }
        return out;
    }
}
