package capsim.scenario.step;

/** One step of an experiment's workload; steps run one after the other. */
public sealed interface Step permits DefineGuests, StartGuests, AddInterfaces, HotplugDevices, MigrateGuests,
        SshFanout, DumpHost {
}
