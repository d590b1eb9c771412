package capsim.analysis;

import static capsim.analysis.ConfigFormats.*;
import static org.junit.jupiter.api.Assertions.*;

import capsim.model.host.HostSpec;
import capsim.model.host.SysctlSpec;
import capsim.model.libvirt.LibvirtSpec;
import capsim.model.ssh.SshSpec;
import capsim.model.net.Ipv6Spec;
import capsim.model.qemu.GlibcSpec;
import capsim.resource.BreakingPoint;
import capsim.resource.Knob;
import capsim.resource.LimitSpec;
import capsim.scenario.ExperimentPaths;
import capsim.resource.Errno;
import capsim.resource.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuningPlanTest {
    static WallSearch.Wall wall(int order, String resource, Knob knob, long needed) {
        return wall(order, resource, LimitSpec.of(resource, Scope.SYSTEM, Errno.EAGAIN, knob), needed);
    }

    static WallSearch.Wall wall(int order, String resource, LimitSpec spec, long needed) {
        BreakingPoint bp = new BreakingPoint(0, "guest-00001", spec, 10, 11, needed);
        return new WallSearch.Wall(order, 10L * order, bp, 10, needed);
    }

    @Test
    void everyKnobKindIsWrittenInItsRealFormat() {
        List<WallSearch.Wall> walls = new ArrayList<>();
        walls.add(wall(1, "fs.aio-max-nr", Knob.of(SysctlSpec::aioMaxNr), 1048576));
        walls.add(wall(2, "kernel.pty.max", Knob.of(SysctlSpec::ptyMax), 8192));
        walls.add(wall(3, "qemu.nofile", Knob.of(LibvirtSpec::qemuMaxFiles), 4096));
        walls.add(wall(4, "qemu-user.nproc", Knob.of(LibvirtSpec::qemuMaxProcesses), 40000));
        walls.add(wall(5, "libvirtd.workers", Knob.of(LibvirtSpec::maxWorkers), 64));
        walls.add(wall(6, "libvirtd.nofile", Knob.of(LibvirtSpec::daemonNofile), 16416));
        walls.add(wall(7, "libvirtd.tasks", Knob.of(LibvirtSpec::daemonTasksMax), 65536));
        walls.add(wall(8, "qemu.arenas", Knob.of(GlibcSpec::mallocArenaMax), 4));
        walls.add(wall(9, "sshd.sessions", Knob.of(SshSpec::maxSessions), 128));
        walls.add(wall(10, "host.memory", Knob.of(HostSpec::ramGiB), 2928));
        var result = new WallSearch.Result(new WallSearch.Target(List.of("steps[1].count"), 4096), walls, true, "", Map.of(), 0);
        TuningPlan plan = TuningPlan.from("test", result, 0, capsim.model.libvirt.LibvirtDaemon.LIBVIRTD);
        Map<String, String> files = plan.files();

        assertEquals(Map.of("fs.aio-max-nr", "1048576", "kernel.pty.max", "8192"), parseSysctl(files.get("sysctl.d/90-capsim.conf")));
        assertEquals(Map.of("max_files", "4096", "max_processes", "40000"), parseLibvirtConf(files.get("libvirt/qemu.conf")));
        assertEquals(Map.of("max_workers", "64"), parseLibvirtConf(files.get("libvirt/libvirtd.conf")));
        assertEquals(Map.of("Service.LimitNOFILE", "16416", "Service.TasksMax", "65536"),
                parseSystemd(files.get("systemd/libvirtd.service.d/90-capsim.conf")));
        assertEquals(Map.of("MALLOC_ARENA_MAX", "4"), parseEnv(files.get("environment/qemu.env")));
        assertEquals(Map.of("MaxSessions", "128"), parseSshd(files.get("ssh/sshd_config.d/90-capsim.conf")));
        assertEquals(List.of("host.ramGiB"), plan.manual().stream().map(TuningPlan.Setting::knobPath).toList());
        assertTrue(files.get("APPLY.md").contains("host.ramGiB"));
        assertTrue(files.get("APPLY.md").contains("2,928 GiB"), "a manual value is said in the knob's unit");
        assertEquals(10, plan.overrides().size(), "the re-run applies every setting, manual ones too");

        // the modular daemons (RHEL 9): libvirtd's limits and workers are virtqemud's; sockets, logs and qemu.conf are unchanged
        Map<String, String> modular = TuningPlan.from("test", result, 0, capsim.model.libvirt.LibvirtDaemon.VIRTQEMUD).files();
        assertEquals(Map.of("Service.LimitNOFILE", "16416", "Service.TasksMax", "65536"),
                parseSystemd(modular.get("systemd/virtqemud.service.d/90-capsim.conf")));
        assertEquals(Map.of("max_workers", "64"), parseLibvirtConf(modular.get("libvirt/virtqemud.conf")));
        assertFalse(modular.containsKey("systemd/libvirtd.service.d/90-capsim.conf"));
        assertFalse(modular.containsKey("libvirt/libvirtd.conf"));
        assertTrue(modular.get("libvirt/qemu.conf").contains("restart virtqemud"), modular.get("libvirt/qemu.conf"));
    }

    @Test
    void headroomRoundsUpAndHardWallsBlock() {
        List<WallSearch.Wall> walls = new ArrayList<>();
        walls.add(wall(1, "kernel.pty.max", Knob.of(SysctlSpec::ptyMax), 1000));
        BreakingPoint hard = new BreakingPoint(0, "br0", LimitSpec.hard("bridge.ports", Scope.BRIDGE, Errno.EXFULL,
                "BR_MAX_PORTS", "spread guests over more bridges"), 1023, 1024, 1024);
        walls.add(new WallSearch.Wall(2, 1024, hard, Double.NaN, Double.NaN));
        var result = new WallSearch.Result(new WallSearch.Target(List.of("steps[1].count"), 4096), walls, false,
                "bridge.ports is a hard limit", Map.of(), 0);
        TuningPlan plan = TuningPlan.from("test", result, 10, capsim.model.libvirt.LibvirtDaemon.LIBVIRTD);
        assertEquals("1100", parseSysctl(plan.files().get("sysctl.d/90-capsim.conf")).get("kernel.pty.max"));
        assertEquals(1, plan.blockers().size());
        assertTrue(plan.blockers().get(0).contains("spread guests over more bridges"), plan.blockers().get(0));
    }

    @Test
    void knobsShowAsAPersonSetsThem() {
        assertEquals("sysctl fs.aio-max-nr", TuningPlan.displayKnob(Knob.of(SysctlSpec::aioMaxNr), "host.sysctl.aioMaxNr"));
        assertEquals("qemu.conf max_processes", TuningPlan.displayKnob(Knob.of(LibvirtSpec::qemuMaxProcesses), "x"));
        assertEquals("host.ramGiB", TuningPlan.displayKnob(Knob.of(HostSpec::ramGiB), "host.ramGiB"));
        assertEquals("libvirtd.service LimitNOFILE", TuningPlan.displayKnob(Knob.of(LibvirtSpec::daemonNofile), "p"));
    }

    @Test
    void knobPathsAreDerivedFromWhereTheValueSits() {
        // each path is where the value is in an experiment document: checked against the binder's own paths
        assertEquals("host.sysctl.aioMaxNr", ExperimentPaths.of(Knob.of(SysctlSpec::aioMaxNr)));
        assertEquals("host.net.ipv6.routeMaxSize", ExperimentPaths.of(Knob.of(Ipv6Spec::routeMaxSize)));
        assertEquals("stack.libvirt.daemonNofile", ExperimentPaths.of(Knob.of(LibvirtSpec::daemonNofile)));
        assertEquals("stack.glibc.mallocArenaMax", ExperimentPaths.of(Knob.of(GlibcSpec::mallocArenaMax)));
        assertEquals("", ExperimentPaths.of(Knob.constant("BR_MAX_PORTS")));
        assertThrows(IllegalArgumentException.class, () -> Knob.of(LibvirtSpec::defineMs), "an unmarked value is no knob");
    }
}
