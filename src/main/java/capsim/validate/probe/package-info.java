/**
 * The validation probes: each {@link capsim.validate.probe.Probe} drives real software through
 * the host plumbing ({@code capsim.validate.host}), measures a curve or a hard limit, and puts it
 * beside the simulator's prediction in a {@link capsim.validate.probe.ProbeResult} (curves as
 * {@code calibration.Series}, limits as {@link capsim.validate.probe.LimitCheck}).
 * {@link capsim.validate.probe.ProbeContext} is what a probe runs with; {@link
 * capsim.validate.probe.Probe#all()} lists them in run order. The probe classes stay package-private.
 */
package capsim.validate.probe;
