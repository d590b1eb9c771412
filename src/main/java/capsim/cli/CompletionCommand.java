package capsim.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code capsim completion}: the shell completion script picocli generates from the commands themselves. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        header = "Print a completion script for bash and zsh: source <(capsim completion)",
        description = "Print a shell script that completes capsim's commands and options (bash; zsh through its"
            + " bashcompinit, which the script loads itself). Install it with source <(capsim completion) in ~/.bashrc"
            + " or ~/.zshrc, or save it: capsim completion > ~/.local/share/bash-completion/completions/capsim")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("capsim", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }
}
