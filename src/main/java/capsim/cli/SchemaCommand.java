package capsim.cli;

import capsim.config.InputException;
import capsim.config.JsonText;
import capsim.experiment.SweepFileSchema;
import capsim.experiment.VariantFileSchema;
import capsim.scenario.ExperimentFileSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the JSON Schema of the experiment format, or of the sweep format. */
@Command(name = "schema",
        header = "Print the JSON Schema of experiment files (or of sweep files).", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema of experiment files (experiments/experiment.schema.json), or with"
            + " FORMAT sweep of sweep files (experiments/sweeps/sweep.schema.json), or with FORMAT variant of"
            + " compare's variant files (experiments/variants/variant.schema.json).")
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FORMAT", description = "experiment (default), sweep or variant")
    String format = "experiment";

    @Override
    public Integer call() {
        var schema = switch (format) {
            case "experiment" -> ExperimentFileSchema.schema();
            case "sweep" -> SweepFileSchema.schema();
            case "variant" -> VariantFileSchema.schema();
            default -> throw new InputException("capsim schema " + format, "", 0, "unknown format; one of: experiment, sweep, variant");
        };
        spec.commandLine().getOut().println(JsonText.PRETTY.toJson(schema));
        return Main.EXIT_OK;
    }
}
