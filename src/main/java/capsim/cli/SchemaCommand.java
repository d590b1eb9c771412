package capsim.cli;

import capsim.config.JsonText;
import capsim.report.Json;
import capsim.scenario.ExperimentFileSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the JSON Schema of the experiment format. */
@Command(name = "schema",
        header = "Print the JSON Schema of experiment files.", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema of experiment files (experiments/experiment.schema.json).")
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(JsonText.PRETTY.toJson(ExperimentFileSchema.schema()));
        return Main.EXIT_OK;
    }
}
