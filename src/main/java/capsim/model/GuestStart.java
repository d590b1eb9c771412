package capsim.model;

import capsim.kernel.Activity;
import capsim.kernel.EventHandler;
import capsim.kernel.Simulation;
import capsim.model.qemu.QemuProcess;
import capsim.model.qemu.QemuSpec;
import capsim.resource.LimitedPool;

/**
 * Starting one guest, as libvirt does it: take an RPC worker, prepare, register the guest with
 * systemd-machined, take the host resources the QEMU process needs (RAM, a pty, fds in
 * libvirtd and in QEMU and system-wide, threads), exec QEMU and realize its devices, then let
 * the guest boot. A resource that runs out fails the start with a breaking point and releases
 * what was taken.
 */
final class GuestStart extends Activity {
    private static final int TAKE_WORKER = 0, PREPARE = 1, REGISTER = 2, ACQUIRE = 3, EXEC = 4, BOOT = 5, RUNNING = 6;

    private final HostSystem sys;
    private final int guest;
    private final EventHandler done;
    private final int doneData;
    private QemuProcess qemu;

    GuestStart(Simulation sim, HostSystem sys, int guest, EventHandler done, int doneData) {
        super(sim);
        this.sys = sys;
        this.guest = guest;
        this.done = done;
        this.doneData = doneData;
    }

    @Override
    protected void resume(int step) {
        switch (step) {
            case TAKE_WORKER -> {
                sys.markStartRequested(guest);
                sys.libvirtd().workers().acquire(this, PREPARE);
            }
            case PREPARE -> resumeAfter(ms(sys.stack().libvirt().startPrepareMs()), REGISTER);
            case REGISTER -> sys.machined().createMachine(this, ACQUIRE);
            case ACQUIRE -> {
                if (!acquire()) {
                    sys.libvirtd().workers().release();
                    sys.markFailed(guest);
                    done.onEvent(doneData);
                    return;
                }
                QemuSpec q = sys.stack().qemu();
                GuestTemplate g = sys.guestTemplate();
                long devices = (long) g.disks() + g.nics();
                resumeAfter(ms(q.processStartMs() + devices * q.deviceRealizeMs()), EXEC);
            }
            case EXEC -> {
                sys.libvirtd().workers().release();
                resumeAfter((long) (sys.stack().qemu().guestBootS() * Simulation.NS_PER_S), BOOT);
            }
            case BOOT -> {
                sys.markRunning(guest);
                done.onEvent(doneData);
            }
            default -> throw new IllegalStateException("step " + step);
        }
    }

    /** Takes everything the running guest holds, all or nothing. */
    private boolean acquire() {
        long now = sim.now();
        String who = HostSystem.guestName(guest);
        GuestTemplate g = sys.guestTemplate();
        QemuSpec q = sys.stack().qemu();
        var host = sys.host();
        long memMiB = (long) Math.ceil(g.residentMiB() + q.overheadMiB());
        long fds = QemuProcess.fdsFor(q, g);
        long threads = QemuProcess.threadsFor(q, g);
        long daemonFds = sys.stack().libvirt().daemonFdsPerGuest();
        long ptys = g.console() ? 1 : 0;

        // KVM_SET_USER_MEMORY_REGION for the guest's RAM as QEMU splits it into memslots
        if (!sys.services().kvm().admitGuestMemory(now, who, g.memoryMiB())) return false;
        if (!host.memoryMiB().tryAcquire(now, who, memMiB)) return false;
        if (!host.ptys().tryAcquire(now, who, ptys)) {
            host.memoryMiB().release(now, memMiB);
            return false;
        }
        if (!sys.libvirtd().fds().tryAcquire(now, who, daemonFds)) {
            host.ptys().release(now, ptys);
            host.memoryMiB().release(now, memMiB);
            return false;
        }
        qemu = new QemuProcess(sys.qemuNofileLimit(), sys.log());
        if (!LimitedPool.tryAcquireAll(now, who + "/qemu", fds, qemu.fds(), host.files())) {
            sys.libvirtd().fds().release(now, daemonFds);
            host.ptys().release(now, ptys);
            host.memoryMiB().release(now, memMiB);
            return false;
        }
        if (!LimitedPool.tryAcquireAll(now, who + "/qemu", threads, host.qemuUserTasks(), host.threads(), host.pids())) {
            host.files().release(now, fds);
            sys.libvirtd().fds().release(now, daemonFds);
            host.ptys().release(now, ptys);
            host.memoryMiB().release(now, memMiB);
            return false;
        }
        return true;
    }

    private static long ms(double v) {
        return (long) (v * Simulation.NS_PER_MS);
    }
}
