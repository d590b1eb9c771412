package capsim.resource;

/**
 * What a limit is and how to move it.
 *
 * @param resource name of the resource ("fd table of qemu", "fs.aio-max-nr")
 * @param scope    where the limit applies
 * @param errno    what a real system returns when it is exhausted
 * @param knob     the setting that moves it ("sysctl fs.aio-max-nr", "qemu.conf max_files")
 * @param tunable  false for a hard constant (BR_MAX_PORTS, KVM_MEM_MAX_NR_PAGES): no knob moves it
 * @param fix      what removes the wall when no knob does (a design change, a newer version); may be empty
 */
public record LimitSpec(String resource, Scope scope, Errno errno, String knob, boolean tunable, String fix) {

    public static LimitSpec tunable(String resource, Scope scope, Errno errno, String knob) {
        return new LimitSpec(resource, scope, errno, knob, true, "");
    }

    public static LimitSpec hard(String resource, Scope scope, Errno errno, String constant, String fix) {
        return new LimitSpec(resource, scope, errno, constant, false, fix);
    }

    public LimitSpec withFix(String newFix) {
        return new LimitSpec(resource, scope, errno, knob, tunable, newFix);
    }
}
