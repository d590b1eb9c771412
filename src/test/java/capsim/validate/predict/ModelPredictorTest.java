package capsim.validate.predict;

import capsim.hostdetect.HostDetect;
import capsim.hostdetect.ProcFiles;
import capsim.config.JsonText;
import static org.junit.jupiter.api.Assertions.*;

import capsim.model.qemu.DrainPolicy;
import capsim.model.qemu.QemuSpec;
import capsim.report.Json;
import capsim.scenario.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The predictions come from simulator runs; the expectations here from the stack's numbers by hand. */
class ModelPredictorTest {
    @TempDir
    Path tmp;

    private ModelPredictor predictor() throws Exception {
        Path host = tmp.resolve("host.json");
        Files.writeString(host, JsonText.PRETTY.toJson(new HostDetect().detect()));
        return new ModelPredictor(host, Path.of("models/stacks/debian12-tcg.json"), tmp, 128);
    }

    @Test
    void oneQemuHasTheStacksFdsThreadsMemoryAndStartTime() throws Exception {
        ModelPredictor m = predictor();
        QemuSpec q = m.stack().qemu();
        int disks = 40;
        var file = m.oneQemu(disks, true);
        var nullCo = m.oneQemu(disks, false);
        assertEquals(RunResult.Outcome.COMPLETED, file.outcome());
        // paused: the queues' eventfds come only when a guest driver starts the disk
        assertEquals(q.baseFds() + q.fdsPerVcpu() + disks * q.diskImageFds(), file.fds());
        assertEquals(q.baseFds() + q.fdsPerVcpu(), nullCo.fds(), "null-co opens no image");
        assertEquals(q.baseThreads() + 1 + q.startReadWorkers(), file.threads(), "the first-sector reads start pool workers");
        assertEquals(q.baseThreads() + 1, nullCo.threads(), "null-co reads need no pool");
        assertEquals(Math.ceil(q.overheadMiB() + disks * q.overheadMiBPerDevice() + 0.001), file.memoryMiB(), 1e-9);
        // exec, realize each disk, and each disk's one reset at start drains the one AioContext
        assertEquals(DrainPolicy.PER_AIO_CONTEXT, q.drainOnReset());
        assertEquals(q.processStartMs() + disks * (q.deviceRealizeMs() + q.drainPollMs()), file.startMeanMs(), 1e-6);
        assertEquals(disks * q.drainPollMs(), m.resetMs(disks), 1e-6);
        assertEquals(0, m.resetMs(0));
    }

    @Test
    void manyQemuSumsAndStartsAllAtOnce() throws Exception {
        ModelPredictor m = predictor();
        QemuSpec q = m.stack().qemu();
        var p = m.manyQemu(12);
        assertEquals(12L * (q.baseFds() + q.fdsPerVcpu()), p.fds());
        assertEquals(12L * (q.baseThreads() + 1), p.threads());
        // the 12 starts' exec work shares the host's CPUs: each at most one CPU, all together the capacity
        var h = com.google.gson.JsonParser.parseString(Files.readString(m.hostFile())).getAsJsonObject();
        int cpus = h.getAsJsonObject("cpus").get("value").getAsInt();
        var cpu = h.getAsJsonObject("cpu");
        int threads = cpu.getAsJsonObject("threadsPerCore").get("value").getAsInt();
        double yield = threads > 1 ? cpu.getAsJsonObject("smtYield").get("value").getAsDouble() : 1;
        double capacity = (double) cpus / threads * yield;
        assertEquals(q.processStartMs() * Math.max(1, 12 / capacity), p.startMaxMs(), 1e-3, "12 starts share " + capacity + " CPUs");
    }

    @Test
    void cpuPredictionsAreTheFairShareOfTheHostsCpus() throws Exception {
        ModelPredictor m = predictor();
        int cpus = m.hostCpus();
        assertTrue(cpus >= 1);
        // a CPU per busy vCPU while there are enough, an equal share of them after
        assertEquals(1.0, m.cpuShare(1, 1), 1e-9);
        assertEquals(1.0, m.cpuShare(cpus, 1), 1e-9);
        assertEquals(1 / 8.0, m.cpuShare(4 * cpus, 2), 1e-9);
        // half a CPU of other work leaves the rest to share
        assertEquals((cpus - 0.5) / (2.0 * cpus), m.cpuShareOf(2 * cpus, 1, 0.5), 1e-9);
        // 2 x cpus boots of 4 s of CPU at once, nothing else costing: each gets half a CPU, 8 s
        var boots = m.bootsAtOnce(2 * cpus, false, 0, java.util.Map.of("stack.qemu.processStartMs", 0.0,
                "stack.qemu.deviceRealizeMs", 0.0, "stack.qemu.guestBootS", 4.0));
        assertEquals(0, boots.slowestStartMs(), 1e-6);
        assertEquals(8000, boots.slowestBootMs(), 1e-3);
    }

    @Test
    void fdLimitPredictionIsTheLargestDiskCountWhoseFdsFitWhileStarting() throws Exception {
        ModelPredictor m = predictor();
        QemuSpec q = m.stack().qemu();
        long perDisk = q.diskImageFds();  // paused: no driver-start fds
        assertTrue(q.startTransientFds() > 0, "the TCG stack opens an fd while starting: else this proves less");
        for (int limit : new int[] {32, 100, 256}) {
            long expected = (limit - q.baseFds() - q.fdsPerVcpu() - q.startTransientFds()) / perDisk;
            assertEquals(expected, m.maxDisksUnder(limit, limit), "L=" + limit);
        }
        assertEquals(-1, m.maxDisksUnder(q.baseFds() - 1, 10), "not even the process itself fits");
    }

    @Test
    void netPredictionsComeFromTheNetModelsCosts() throws Exception {
        ModelPredictor m = predictor();
        Path hostFile = m.hostFile();
        var doc = capsim.config.PositionedJson.read(hostFile);
        capsim.scenario.ModelFacts.fillHost(doc.root().getAsJsonObject(), java.nio.file.Path.of("models/hosts/x86-2s-2024.json"), doc.file(), new java.util.HashMap<>());
        var host = new capsim.config.Binder(doc.origins(""), doc.file()).bind(doc.root(), capsim.model.host.HostSpec.class);
        var net = host.net();
        // each interface already there adds one name to scan
        assertEquals(100 * net.nameScanNsPerDevice() / 1000, m.netdevCreateUs(101) - m.netdevCreateUs(1), 1e-6);
        assertTrue(m.netdevCreateUs(1) >= net.netdevCreateMs() * 1000);
        assertEquals(500 * net.bridgePortWalkNs() / 1000, m.bridgeAttachUs(500), 1e-6);
        assertEquals(net.bridgeMaxPorts() - 1, m.bridgePortLimit(net.bridgeMaxPorts() + 50), "port 0 is reserved");
    }
}
