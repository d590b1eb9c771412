package capsim;

import static org.junit.jupiter.api.Assertions.*;

import capsim.report.HumanSummary;
import capsim.resource.BreakingPoint;
import capsim.scenario.RunResult;
import capsim.scenario.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's findings table says what {@code ./capsim run experiments/<file>} prints (seed 1):
 * each figure below is formatted from a fresh run and must stand in its row as written.
 */
class ReadmeFindingsTest {
    private record Figure(String finding, String experiment, List<String> sets, Function<RunResult, List<String>> texts) {
        Figure(String finding, String experiment, Function<RunResult, List<String>> texts) {
            this(finding, experiment, List.of(), texts);
        }
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("F23", "f23-thread-per-device", r -> List.of(
                    "a thread per device takes " + String.format(java.util.Locale.ROOT, "%.2f", r.metric("events.cpuDemand")) + " CPUs")),
            new Figure("F23", "f23-event-loop", r -> List.of(
                    "one ppoll loop takes " + String.format(java.util.Locale.ROOT, "%.2f", r.metric("events.cpuDemand")) + " of its one CPU")),
            new Figure("F23", "f23-event-loop", List.of("steps[2].polling=\"epoll\""), r -> List.of(
                    "with epoll " + String.format(java.util.Locale.ROOT, "%.2f", r.metric("events.cpuDemand")))),
            new Figure("F15 (stress)", "f15-stress-1000-of-4096", r -> List.of(
                    grouped(Math.round(r.metric("cpu.demand.max"))) + " CPUs asked of " + grouped(Math.round(r.metric("cpu.capacity"))),
                    "steal " + String.format(java.util.Locale.ROOT, "%.1f", 100 * r.metric("cpu.load.load1.vcpu.steal")) + " %",
                    "in " + String.format(java.util.Locale.ROOT, "%.1f", r.metric("start.latency.maxS")) + " s instead of "
                            + String.format(java.util.Locale.ROOT, "%.1f", r.metric("start.latency.p50S")) + " s")),
            new Figure("F14 (busy host)", "f14-machined-hangs-busy-host", r -> List.of(
                    grouped(Math.round(r.metric("machined.timeouts"))) + " calls time out",
                    "p50 " + String.format(java.util.Locale.ROOT, "%.1f", r.metric("start.latency.p50S")) + " s, p95 "
                            + Math.round(r.metric("start.latency.p95S")) + " s")),
            new Figure("F14 (busy host)", "f14-machined-hangs", r -> List.of("(" + Math.round(r.metric("machined.timeouts")) + " on an idle host)")),
            new Figure("F14 (busy host)", "f14-machined-fixed-busy-host", r -> {
                assertEquals(0, r.metric("machined.timeouts"), "the fixed loop strands nothing");
                return List.of("none with the fix");
            }),
            new Figure("F3", "f03-bridge-2000-guests", r -> {
                BreakingPoint bp = first(r);
                return List.of("the " + ordinal(bp.limit() + 1) + " port fails with " + bp.errno());
            }),
            new Figure("F4", "f04-ipv6-routes-2000-devices", r -> {
                assertTrue(r.breakingPoints().isEmpty(), "4.1: no wall");
                return List.of("kernel 4.1: all " + grouped((long) r.metric("net.interfaces.added")) + " interfaces come up");
            }),
            new Figure("F4", "f04-ipv6-routes-2000-devices-kernel-3.11", r -> {
                BreakingPoint bp = first(r);
                // interfaces are vnet0, vnet1, ...: vnetN is the (N+1)th
                return List.of("the " + ordinal(number(bp.subject()) + 1) + " fails (max_size " + bp.limit() + ")",
                        "set ≥ " + grouped(bp.suggestedKnobValue()));
            }),
            new Figure("F4", "f04-ipv6-routes-router-advertisements", r -> {
                BreakingPoint bp = first(r);
                return List.of("the " + ordinal(number(bp.subject()) + 1) + " fails on 4.1");
            }),
            new Figure("F5", "f05-inotify-watches", r -> {
                BreakingPoint bp = first(r);
                return List.of("guest " + number(bp.subject()), bp.errno() + " at " + grouped(bp.limit()) + " watches");
            }),
            new Figure("F6", "f06-virtio-net-fds", r -> {
                BreakingPoint bp = first(r);
                assertEquals("libvirtd.nofile", bp.resource(), "libvirtd runs out first");
                return List.of(grouped(bp.demand()) + " > " + grouped(bp.limit()) + " (" + bp.errno() + ")");
            }),
            new Figure("F6", "f06-virtio-net-fds", List.of("stack.libvirt.daemonNofile=8192", "stack.libvirt.qemuMaxFiles=1024"), r -> {
                BreakingPoint bp = first(r);
                return List.of("`qemu.conf max_files` " + grouped(bp.limit()),
                        "NIC #" + grouped(number(bp.subject().replaceAll("^guest-\\d+/", ""))) + " at realize",
                        "max_files ≥ " + grouped(bp.suggestedKnobValue()));
            }),
            new Figure("F7", "f07-select-fd-setsize", r -> {
                BreakingPoint bp = first(r);
                return List.of("at guest boot disk #" + number(bp.subject().replaceAll("^guest-\\d+/", "")) + "'s ioeventfd needs fd "
                        + grouped(bp.limit()));
            }),
            new Figure("F8", "f08-drain-regression", r -> List.of("1,000 disks: " + HumanSummary.duration(r.metric("start.latency.maxS")))),
            new Figure("F8", "f08-drain-fixed", r -> List.of("→ " + HumanSummary.duration(r.metric("start.latency.maxS")) + " fixed")),
            new Figure("F8", "f08-drain-regression-4000", r -> List.of("4,000 disks: " + HumanSummary.duration(r.metric("start.latency.maxS")))),
            new Figure("F8", "f08-drain-fixed-4000", r -> List.of("→ " + HumanSummary.duration(r.metric("start.latency.maxS")) + ";")),
            new Figure("F9", "f09-aio-max-nr", r -> List.of("guest " + number(first(r).subject()) + ": " + first(r).errno())),
            new Figure("F10", "f10-libvirtd-fds", r -> {
                BreakingPoint bp = first(r);
                return List.of("guest " + number(bp.subject()) + ": " + bp.errno() + " at libvirtd's " + grouped(bp.limit()),
                        grouped((long) r.metric("guests.started")) + " started", "`LimitNOFILE` ≥ " + grouped(bp.suggestedKnobValue()));
            }),
            new Figure("F11", "f11-ptys", r -> {
                BreakingPoint bp = first(r);
                return List.of("guest " + grouped(number(bp.subject())) + ": " + bp.errno() + " at `kernel.pty.max` " + grouped(bp.limit()));
            }),
            new Figure("F12", "f12-processes", r -> {
                BreakingPoint bp = first(r);
                return List.of("guest " + number(bp.subject()) + ": " + bp.errno(), "≥ " + grouped(bp.suggestedKnobValue()));
            }),
            new Figure("F13", "f13-ram-1tb", r -> List.of("RAM runs out at guest " + grouped(number(first(r).subject())))),
            new Figure("F14", "f14-machined-hangs", r -> List.of(grouped((long) r.metric("machined.timeouts")) + " of "
                    + grouped((long) (r.metric("guests.started") + r.metric("guests.failed"))) + " starts")),
            new Figure("F15", "f15-4096-guests", r -> List.of(grouped((long) r.metric("guests.started")) + " started, "
                    + grouped((long) r.metric("guests.defined")) + " defined")),
            new Figure("F16", "f16-arenas-strict-overcommit", r -> List.of("fits " + grouped((long) r.metric("guests.started")) + " guests")),
            new Figure("F16", "f16-arenas-malloc-arena-max", r -> List.of(grouped((long) r.metric("guests.started")) + " with MALLOC_ARENA_MAX=4")),
            new Figure("F20", "f20-host-ram-above-1tb", r -> List.of("with the bug " + grouped((long) r.metric("guests.started")) + " of "
                    + grouped((long) (r.metric("guests.started") + r.metric("guests.failed"))) + " guests")),
            new Figure("F17", "f17-migrate-65-concurrent", r -> {
                BreakingPoint bp = first(r);
                return List.of("the " + ordinal(number(bp.subject())) + " migration gets no port",
                        "`migration_port_max` ≥ " + bp.suggestedKnobValue());
            }),
            new Figure("F18", "f18-ssh-fanout-20-sessions", r -> List.of("the " + ordinal(number(first(r).subject())) + " session is refused")),
            new Figure("F22", "f22-irq-routes-1000-virtio-net-1024-routes", r -> {
                BreakingPoint bp = first(r);
                return List.of("at " + grouped(bp.limit()) + " the " + ordinal(number(bp.subject())) + " device finds no GSI");
            }));

    @Test
    void everyFigureOfTheFindingsTableIsWhatTheRunPrints() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> wrong = new ArrayList<>();
        for (Figure f : FIGURES) {
            String row = row(readme, f.finding());
            RunResult run = TestRuns.run("experiments/" + f.experiment() + ".json", f.sets().toArray(new String[0]));
            for (String text : f.texts().apply(run)) {
                if (!row.contains(text)) wrong.add(f.finding() + " (" + f.experiment() + "): the run prints \"" + text + "\"");
            }
        }
        assertEquals(List.of(), wrong, "README findings table against the runs");
    }

    private static String row(String readme, String finding) {
        for (String line : readme.split("\n")) if (line.startsWith("| " + finding + " |")) return line;
        throw new AssertionError("README has no row for " + finding);
    }

    private static BreakingPoint first(RunResult r) {
        assertFalse(r.breakingPoints().isEmpty(), "the experiment breaks");
        return r.breakingPoints().get(0);
    }

    /** The first number in a subject ("guest-00497/qemu" -> 497). */
    private static long number(String subject) {
        Matcher m = Pattern.compile("(\\d+)").matcher(subject);
        if (!m.find()) throw new AssertionError("no number in " + subject);
        return Long.parseLong(m.group(1));
    }

    private static String grouped(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String ordinal(long n) {
        long mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return grouped(n) + suffix;
    }
}
