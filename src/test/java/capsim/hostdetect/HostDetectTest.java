package capsim.hostdetect;

import capsim.config.JsonText;
import static org.junit.jupiter.api.Assertions.*;

import capsim.model.host.HostSpec;
import capsim.model.host.SysctlSpec;
import capsim.config.Binder;
import capsim.config.PositionedJson;
import capsim.report.Json;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostDetectTest {
    @Test
    void everySysctlOfTheHostModelIsAKnobThisKernelHas() {
        Map<String, String> m = HostDetect.sysctlsBelow(SysctlSpec.class, "");
        for (var c : SysctlSpec.class.getRecordComponents()) {
            assertNotNull(m.get(c.getName()), "SysctlSpec." + c.getName() + " is not marked @Tunable(kind = SYSCTL)");
        }
        m.forEach((field, sysctl) -> assertTrue(Files.exists(capsim.resource.KnobKind.procSys(sysctl)),
                "SysctlSpec." + field + ": no " + capsim.resource.KnobKind.procSys(sysctl)));
        // sysctls in nested sections are found by their declaration too
        assertEquals("net.ipv6.route.max_size", HostDetect.sysctlsBelow(capsim.model.net.HostNetSpec.class, "").get("ipv6.routeMaxSize"));
    }

    @Test
    void detectedHostBindsAsAHostModelWithValuesFromProc() throws Exception {
        JsonObject o = new HostDetect().detect();
        PositionedJson doc = PositionedJson.parse("detected.json", JsonText.PRETTY.toJson(o));
        capsim.scenario.ModelFacts.fillHost(doc.root().getAsJsonObject(), Path.of("models/hosts/x86-2s-2024.json"), doc.file(), new java.util.HashMap<>());
        HostSpec h = new Binder(doc.origins(""), doc.file()).bind(doc.root(), HostSpec.class);
        String online = Files.readAllLines(Path.of("/sys/devices/system/cpu/online")).get(0);
        assertEquals(ProcFiles.cpuListCount(online), h.cpus());
        assertEquals(Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip()), h.sysctl().pidMax());
        assertEquals(Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/nr_open")).get(0).strip()), h.sysctl().nrOpen());
        assertTrue(h.ramGiB() > 0.1);
        assertEquals(Files.readAllLines(Path.of("/proc/sys/kernel/osrelease")).get(0).strip(), h.kernel());
        // every value says where and when it was read
        String source = o.getAsJsonObject("sysctl").getAsJsonObject("pidMax").get("source").getAsString();
        assertTrue(source.contains("/proc/sys/kernel/pid_max") && source.contains(HostDetect.hostname()), source);
    }
}
