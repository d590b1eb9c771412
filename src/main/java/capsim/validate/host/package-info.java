/**
 * The real-host plumbing validation runs on: the programs it needs and how to install them
 * ({@link capsim.validate.host.Program}), the QEMU targets ({@link capsim.validate.host.QemuTarget}),
 * starting QEMU paused under TCG ({@link capsim.validate.host.QemuLauncher}) and talking QMP to it
 * ({@link capsim.validate.host.Qmp}), throw-away network namespaces
 * ({@link capsim.validate.host.NetNamespace}), and {@link capsim.validate.host.Cleanup}, which
 * removes whatever a run started, also what a killed run left. It knows nothing of probes or of
 * the simulator, so the probes and the orchestration build on it, not the other way round.
 */
package capsim.validate.host;
