/**
 * Real-host validation: probes that drive real QEMU (TCG, paused, QMP over a unix socket) and a
 * real Linux kernel (bridges and interfaces inside a throw-away network namespace), the
 * simulator's prediction of the same curves, the error between them, and the calibration of the
 * free cost parameters. Nothing here mocks the system under test; everything it starts it
 * removes again ({@link capsim.validate.Cleanup}).
 */
package capsim.validate;
