package capsim.cli;

import capsim.config.JsonText;
import capsim.report.Json;
import capsim.hostdetect.HostDetect;
import capsim.hostdetect.StackDetect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code capsim host detect}: a host model of this machine. */
@Command(name = "host", mixinStandardHelpOptions = true, description = "Host models of real machines.",
        subcommands = {HostCommand.Detect.class})
final class HostCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "detect", mixinStandardHelpOptions = true,
            description = "Write a host model of this machine (models/hosts format) read from /proc, /sys and the rlimits, "
                    + "each value with its source; with --stack-out also its stack (installed versions, qemu.conf, "
                    + "libvirtd.conf, libvirtd's unit and drop-ins, sshd_config).")
    static final class Detect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of stdout")
        Path out;

        @Option(names = "--stack-out", paramLabel = "FILE", description = "also write this machine's stack model to FILE")
        Path stackOut;

        @Option(names = "--stack-reference", paramLabel = "FILE", defaultValue = "models/stacks/debian12.json",
                description = "stack model whose costs and defaults the detected stack keeps (default: ${DEFAULT-VALUE})")
        Path stackReference;

        @Override
        public Integer call() throws Exception {
            String text = JsonText.PRETTY.toJson(new HostDetect().detect()) + "\n";
            if (stackOut != null) {
                String stack = JsonText.PRETTY.toJson(StackDetect.ofThisHost().detect(stackReference)) + "\n";
                if (stackOut.toAbsolutePath().getParent() != null) Files.createDirectories(stackOut.toAbsolutePath().getParent());
                Files.writeString(stackOut, stack, StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("wrote " + stackOut);
            }
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, text, StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("wrote " + out);
            }
            return Main.EXIT_OK;
        }
    }
}
