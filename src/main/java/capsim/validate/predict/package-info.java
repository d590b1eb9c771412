/**
 * The model's side of a validation: the simulator's predictions of each probe's workload (built
 * in memory with the experiment builder) and the validation model files (probe limits and
 * costs). Uses the layers below validate and {@code validate.host}; the probes and the
 * orchestration use it.
 */
package capsim.validate.predict;
