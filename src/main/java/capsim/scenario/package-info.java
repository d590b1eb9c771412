/**
 * Experiments: the experiment file and its strict loader, overrides, paths, the registry of step
 * kinds ({@link capsim.scenario.StepKinds}: each kind is a record in the model beside the part it
 * drives) and the runner that plays the steps on the kernel against the host model. Imports the
 * model and the layers below it.
 */
package capsim.scenario;
