package capsim.scenario;

import capsim.model.common.GuestTemplate;
import capsim.model.StackSpec;
import capsim.model.host.HostSpec;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Range;
import capsim.model.common.Step;
import com.google.gson.JsonElement;
import java.util.List;
import java.util.Map;

/**
 * An experiment as resolved: the experiment file with its host and stack model files loaded in
 * place of their paths and every override applied. This is what runs and what a results
 * folder records as its inputs.
 */
@Doc("a capsim experiment: one question, one file")
public record Experiment(
        @Doc("experiment name, used in result folder names") String name,
        @Doc("the question this experiment answers") @Default("\"\"") String description,
        @Doc("seed of the random streams") @Default("1") long seed,
        @Doc("host model file (a path, relative to the working directory or to this file)") HostSpec host,
        @Doc("stack model file (a path, relative to the working directory or to this file)") StackSpec stack,
        @Doc("the guest the steps create") @Default("{}") GuestTemplate guest,
        @Doc("more guest shapes for a mix, by name, each given as guest is (its fields, or a domainXml): a define step's profile names the shape of the guests it defines; the others are the guest's") @Default("{}") Map<String, GuestTemplate> profiles,
        @Doc("the workload, run in order") @Range(min = 1) List<Step> steps,
        @Doc("what-if overrides applied to the resolved experiment: {\"host.cpus\": 128, ...}") @Default("{}") Map<String, JsonElement> overrides,
        @Doc("stop the run at the first breaking point instead of counting every failure") @Default("false") boolean stopAtFirstBreak,
        @Doc("host model file as given") @Default("\"\"") String hostFile,
        @Doc("stack model file as given") @Default("\"\"") String stackFile) {
}
