package capsim.scenario;

import capsim.config.Binder;
import capsim.model.DefineGuests;
import capsim.model.DestroyGuests;
import capsim.model.StartGuests;
import capsim.model.StopGuests;
import capsim.model.UndefineGuests;
import capsim.model.Wait;
import capsim.model.common.Step;
import capsim.model.cpu.DeviceEvents;
import capsim.model.cpu.GuestLoad;
import capsim.model.dump.DumpHost;
import capsim.model.kvm.HotplugDevices;
import capsim.model.migration.MigrateGuests;
import capsim.model.net.AddInterfaces;
import capsim.model.ssh.SshFanout;
import java.util.List;
import java.util.Map;

/**
 * The step kinds an experiment file may use, keyed by their {@code "kind"}. A kind is one record
 * implementing {@link Step} (its JSON fields, its check, its run), kept beside the part of the
 * host it drives; adding one is that file and a line here. The order is the schema's order.
 */
public final class StepKinds {
    /** Every kind, in the order the schema lists them. */
    public static final List<Class<? extends Step>> ALL = List.of(
            DefineGuests.class,
            StartGuests.class,
            StopGuests.class,
            DestroyGuests.class,
            UndefineGuests.class,
            AddInterfaces.class,
            HotplugDevices.class,
            MigrateGuests.class,
            SshFanout.class,
            DumpHost.class,
            GuestLoad.class,
            DeviceEvents.class,
            Wait.class);

    private StepKinds() {
    }

    /** The records by their kind names. */
    public static Map<String, Class<?>> byKind() {
        return Binder.kinds(Step.class, ALL);
    }

    /** A binder that knows the step kinds. */
    public static Binder binder(Map<String, capsim.config.Origin> origins, String file) {
        return new Binder(origins, file).withKinds(Step.class, ALL);
    }
}
