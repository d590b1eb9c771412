/**
 * One experiment: the experiment file and its strict loader (overrides, host=FILE and stack=FILE
 * switches, {@link capsim.scenario.ModelFiles}, the one resolver of the files inputs name), the
 * experiment paths of knobs derived from the records ({@link capsim.scenario.ExperimentPaths}),
 * the registry of step kinds ({@link capsim.scenario.StepKinds}: each kind is a record in the
 * model beside the part it drives) and the runner that plays the steps on the kernel against the
 * host model. Imports the model and the layers below it.
 */
package capsim.scenario;
