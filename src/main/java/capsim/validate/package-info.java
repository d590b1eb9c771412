/**
 * Real-host validation: probes that drive real QEMU (TCG, paused, QMP over a unix socket) and a
 * real Linux kernel (bridges and interfaces inside a throw-away network namespace), the
 * simulator's prediction of the same curves, the error between them, and the calibration of the
 * free cost parameters. Nothing here mocks the system under test; everything it starts it
 * removes again ({@link capsim.validate.host.Cleanup}).
 *
 * <p>This package holds the orchestration: {@link capsim.validate.Validation} (one run, step by
 * step), the simulator side ({@link capsim.validate.predict.ModelPredictor}, the model files of
 * {@link capsim.validate.predict.ValidationModels}) and the results folder
 * ({@link capsim.validate.ValidationReport}, {@link capsim.validate.ValidationChart}). The pieces
 * sit in subpackages: {@code host} (processes, QMP, namespaces, cleanup), {@code calibration}
 * (curves, error metrics, tolerances, the fit and the model files it writes) and {@code probe}
 * (the probes themselves, which use both).
 */
package capsim.validate;
