package capsim.resource;

/**
 * What a limit is and how to move it.
 *
 * @param resource name of the resource ("fd table of qemu", "fs.aio-max-nr")
 * @param scope    where the limit applies
 * @param errno    what a real system returns when it is exhausted
 * @param knob     the setting that moves it ("sysctl fs.aio-max-nr", "qemu.conf max_files")
 * @param knobPath JSON path of the value in the resolved experiment that sets this limit
 *                 ("host.sysctl.aioMaxNr"), so a search can raise it; empty when none does
 * @param tunable  false for a hard constant (BR_MAX_PORTS, KVM_MEM_MAX_NR_PAGES): no knob moves it
 * @param fix      what removes the wall when no knob does (a design change, a newer version); may be empty
 *
 * <p>Knob strings follow "{@code <where> <name>}" so a tuning plan can write the setting in its
 * real format: {@code sysctl fs.aio-max-nr}, {@code qemu.conf max_files},
 * {@code libvirtd.conf max_workers}, {@code libvirtd.service LimitNOFILE}, {@code env MALLOC_ARENA_MAX},
 * {@code sshd_config MaxSessions}; anything else (host RAM, a kernel constant) is free text.
 */
public record LimitSpec(String resource, Scope scope, Errno errno, String knob, String knobPath, boolean tunable, String fix) {

    public static LimitSpec tunable(String resource, Scope scope, Errno errno, String knob, String knobPath) {
        return new LimitSpec(resource, scope, errno, knob, knobPath, true, "");
    }

    public static LimitSpec hard(String resource, Scope scope, Errno errno, String constant, String fix) {
        return new LimitSpec(resource, scope, errno, constant, "", false, fix);
    }

    public LimitSpec withFix(String newFix) {
        return new LimitSpec(resource, scope, errno, knob, knobPath, tunable, newFix);
    }
}
