/**
 * Measured against predicted: a {@link capsim.validate.calibration.Series} is one curve a probe
 * measured with the simulator's prediction of it, judged by a
 * {@link capsim.validate.calibration.Tolerance} on its {@link capsim.validate.calibration.ErrorMetrics};
 * {@link capsim.validate.calibration.Calibration} fits the free cost parameters a series names
 * ({@link capsim.validate.calibration.LeastSquaresFit}, lower half fits, upper half checks) and
 * {@link capsim.validate.calibration.CalibratedModels} writes them as model files. Pure numbers
 * and files: it depends on no other part of validation, so probes and reports can use it freely.
 */
package capsim.validate.calibration;
