/**
 * Experiments put together and run in numbers, between {@code capsim.scenario} (one experiment,
 * one run) and {@code capsim.analysis} (what the runs say): {@link capsim.experiment.ExperimentBuilder}
 * (an experiment built in memory, validated as a file is), sweep files
 * ({@link capsim.experiment.SweepFile} and its schema), batch plans with their axes, variants and
 * seeds ({@link capsim.experiment.BatchPlan}, {@link capsim.experiment.Axis}), the parallel runner
 * and its journal ({@link capsim.experiment.BatchRunner}, {@link capsim.experiment.BatchJournal},
 * {@link capsim.experiment.RunRecord}), a batch in its results folder with resume
 * ({@link capsim.experiment.Batch}, {@link capsim.experiment.InputsHash}) and the naming of every
 * results folder ({@link capsim.experiment.ResultsFolders}).
 *
 * <p>It may use {@code capsim.config}, {@code capsim.scenario}, {@code capsim.model},
 * {@code capsim.stat}, {@code capsim.kernel} and {@code capsim.resource}; never
 * {@code capsim.analysis}, {@code capsim.report}, {@code capsim.validate} or {@code capsim.cli},
 * which may use it.
 */
package capsim.experiment;
