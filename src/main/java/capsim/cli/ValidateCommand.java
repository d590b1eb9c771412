package capsim.cli;

import capsim.validate.Validation;
import capsim.validate.host.RefusedException;
import capsim.validate.probe.Probe;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code capsim validate}: measure on this machine what the models predict, and compare. */
@Command(name = "validate",
        header = "Measure the models' curves on this machine (real QEMU, real kernel) and compare with the prediction.", mixinStandardHelpOptions = true,
        description = {"Run real QEMU (TCG, paused, QMP) and real kernel objects (in a throw-away network namespace) on this "
                + "machine, measure the curves the models predict, and write predicted against measured with the error.",
                "Probes: qemu-disks, qemu-hotplug, qemu-reset, qemu-fd-limit, pci-slots, bridge-ports, netdev-create, many-qemu; "
                + "with a booted guest (built from Debian packages): guest-nics, guest-disks, guest-fd-limit, vhost; "
                + "with a private libvirtd: libvirt-guests, libvirt-fd-limit; booted guests at once: concurrent-starts, cpu-share; "
                + "the JVM alone: wakeup (--list says what each measures)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every probe within its tolerance", "1:a probe outside its tolerance or broken off (a finding)",
                "2:refused (a program or the rights are missing) or bad input"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--probe", paramLabel = "NAME", description = "run only this probe (repeatable; default: all)")
    List<String> probes = new ArrayList<>();

    @Option(names = "--max", paramLabel = "N", description = "N (disks, ports, interfaces) for every probe instead of its default "
            + "(qemu-disks 256, qemu-hotplug/-reset 128, qemu-fd-limit 256, pci-slots 64, bridge-ports 1100, netdev-create 1024, "
            + "guest-nics/-disks 12, guest-fd-limit 10, guest-hotplug 6, libvirt-guests 16, libvirt-fd-limit 64, concurrent-starts 16, "
            + "cpu-share 8, wakeup 64 ready sources); "
            + "each probe caps it at its ceiling")
    Integer max;

    @Option(names = "--points", paramLabel = "K", description = "points per curve (default: ${DEFAULT-VALUE})")
    int points = 8;

    @Option(names = "--repeat", paramLabel = "R", description = "measurements per point: times count their fastest "
            + "(other work on the host only adds time), a QEMU's threads their fewest (a thread-pool race only adds workers), "
            + "other counts and memory their median (default: ${DEFAULT-VALUE})")
    int repeat = 5;

    @Option(names = "--max-qemu", paramLabel = "K", description = "QEMUs at once for many-qemu (default: ${DEFAULT-VALUE}, at most 64)")
    int maxQemu = 16;

    @Option(names = "--calibrate", description = "fit the free cost parameters and write calibrated model files")
    boolean calibrate;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "where --calibrate writes model files: DIR/hosts, DIR/stacks, DIR/validate "
            + "(default: ${DEFAULT-VALUE})")
    Path modelDir = Path.of("models");

    @Option(names = "--out", paramLabel = "DIR", description = "folder under which the results folder is created (default: ${DEFAULT-VALUE})")
    Path out = Path.of("results");

    @Option(names = "--qmp-timeout", paramLabel = "SECONDS", description = "how long a QEMU may take to answer QMP (default: ${DEFAULT-VALUE})")
    int qmpTimeoutS = 20;

    @Option(names = "--list", description = "list the probes and exit")
    boolean list;

    @Option(names = "--json", description = "print exactly one JSON document on stdout: every probe's curves (points measured and predicted), "
            + "limits, errors and verdicts, the exit code and the results folder; the table goes to stderr")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true, "UTF-8");
        PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true, "UTF-8");
        if (list) {
            for (Probe p : Probe.all()) out.printf("%-14s %s%n", p.name(), p.description());
            return Main.EXIT_OK;
        }
        if (points < 2 || repeat < 1 || maxQemu < 1 || (max != null && max < 1)) {
            log.println("capsim validate: --points must be >= 2, --repeat, --max-qemu and --max >= 1");
            return Main.EXIT_BAD_INPUT;
        }
        // the root command's parse result holds the whole command line, "validate" included
        String cmd = "capsim " + String.join(" ", spec.root().commandLine().getParseResult().originalArgs());
        try {
            Validation.Outcome o = Validation.run(new Validation.Options(probes, max, points, repeat, maxQemu, out(), calibrate,
                    calibrate ? modelDir : null, Duration.ofSeconds(qmpTimeoutS), cmd), json ? log : out, log);
            if (json) {
                com.google.gson.JsonObject doc = com.google.gson.JsonParser.parseString(
                        java.nio.file.Files.readString(o.resultsDir().resolve("summary.json"))).getAsJsonObject();
                doc.addProperty("exitCode", o.exitCode());
                doc.addProperty("resultsDir", o.resultsDir().toString());
                out.println(capsim.config.JsonText.PRETTY.toJson(doc));
            }
            return o.exitCode();
        } catch (RefusedException e) {
            log.println("capsim validate: refused: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }

    private Path out() {
        return out;
    }

    /** A PrintStream over picocli's PrintWriter, so tests capture what the run prints. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final java.io.PrintWriter w;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterOutputStream(java.io.PrintWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) {
            line.write(b);
            if (b == '\n') flush();
        }

        @Override
        public void flush() {
            w.print(line.toString(java.nio.charset.StandardCharsets.UTF_8));
            line.reset();
            w.flush();
        }
    }
}
