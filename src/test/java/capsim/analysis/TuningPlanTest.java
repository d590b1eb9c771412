package capsim.analysis;

import static capsim.analysis.ConfigFormats.*;
import static org.junit.jupiter.api.Assertions.*;

import capsim.resource.BreakingPoint;
import capsim.resource.Errno;
import capsim.resource.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuningPlanTest {
    static WallSearch.Wall wall(int order, String resource, String knob, String path, long needed) {
        BreakingPoint bp = new BreakingPoint(0, "guest-00001", resource, Scope.SYSTEM, 10, 11, Errno.EAGAIN, knob, path, needed, true, "");
        return new WallSearch.Wall(order, 10L * order, bp, 10, needed);
    }

    @Test
    void everyKnobKindIsWrittenInItsRealFormat() {
        List<WallSearch.Wall> walls = new ArrayList<>();
        walls.add(wall(1, "fs.aio-max-nr", "sysctl fs.aio-max-nr", "host.sysctl.aioMaxNr", 1048576));
        walls.add(wall(2, "kernel.pty.max", "sysctl kernel.pty.max", "host.sysctl.ptyMax", 8192));
        walls.add(wall(3, "qemu.nofile", "qemu.conf max_files", "stack.libvirt.qemuMaxFiles", 4096));
        walls.add(wall(4, "qemu-user.nproc", "RLIMIT_NPROC of the qemu user (qemu.conf max_processes)", "host.qemuUserNproc", 40000));
        walls.add(wall(5, "libvirtd.workers", "libvirtd.conf max_workers", "stack.libvirt.maxWorkers", 64));
        walls.add(wall(6, "libvirtd.nofile", "libvirtd.service LimitNOFILE", "stack.libvirt.daemonNofile", 16416));
        walls.add(wall(7, "libvirtd.tasks", "libvirtd.service TasksMax", "stack.libvirt.tasksMax", 65536));
        walls.add(wall(8, "qemu.arenas", "env MALLOC_ARENA_MAX", "stack.qemu.mallocArenaMax", 4));
        walls.add(wall(9, "sshd.sessions", "sshd_config MaxSessions", "host.sshdMaxSessions", 128));
        walls.add(wall(10, "host.memory", "host RAM, MiB (more RAM or fewer guests)", "host.ramGiB", 2928));
        var result = new WallSearch.Result(new WallSearch.Target(List.of("steps[1].count"), 4096), walls, true, "", Map.of(), 0);
        TuningPlan plan = TuningPlan.from("test", result, 0);
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
        assertEquals(10, plan.overrides().size(), "the re-run applies every setting, manual ones too");
    }

    @Test
    void headroomRoundsUpAndHardWallsBlock() {
        List<WallSearch.Wall> walls = new ArrayList<>();
        walls.add(wall(1, "kernel.pty.max", "sysctl kernel.pty.max", "host.sysctl.ptyMax", 1000));
        BreakingPoint hard = new BreakingPoint(0, "br0", "bridge.ports", Scope.BRIDGE, 1023, 1024, Errno.EXFULL,
                "BR_MAX_PORTS", "", 1024, false, "spread guests over more bridges");
        walls.add(new WallSearch.Wall(2, 1024, hard, Double.NaN, Double.NaN));
        var result = new WallSearch.Result(new WallSearch.Target(List.of("steps[1].count"), 4096), walls, false,
                "bridge.ports is a hard limit", Map.of(), 0);
        TuningPlan plan = TuningPlan.from("test", result, 10);
        assertEquals("1100", parseSysctl(plan.files().get("sysctl.d/90-capsim.conf")).get("kernel.pty.max"));
        assertEquals(1, plan.blockers().size());
        assertTrue(plan.blockers().get(0).contains("spread guests over more bridges"), plan.blockers().get(0));
    }

    @Test
    void knobStringsMapToFiles() {
        assertEquals("sysctl fs.aio-max-nr", TuningPlan.displayKnob("sysctl fs.aio-max-nr", "host.sysctl.aioMaxNr"));
        assertEquals("qemu.conf max_processes", TuningPlan.displayKnob("RLIMIT_NPROC of the qemu user (qemu.conf max_processes)", "x"));
        assertEquals("host.ramGiB", TuningPlan.displayKnob("host RAM, MiB (more RAM or fewer guests)", "host.ramGiB"));
        assertEquals("virtqemud.service LimitNOFILE", TuningPlan.displayKnob("virtqemud.service LimitNOFILE", "p"));
    }
}
