package capsim.analysis;

import static org.junit.jupiter.api.Assertions.*;

import capsim.config.Range;
import capsim.experiment.ExperimentBuilder;
import capsim.model.DefineGuests;
import capsim.model.host.HostSpec;
import com.google.gson.JsonObject;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The candidates of a resolved experiment and how a value is moved. */
class SensitivityTest {
    static RecordComponent declared(Class<?> record, String name) {
        for (RecordComponent c : record.getRecordComponents()) if (c.getName().equals(name)) return c;
        return fail(name);
    }

    @Test
    void integersAreRoundedAndKeptAtTheirMinimumDecimalsStayDecimal() {
        var c = new Sensitivity.Candidate(0, "x", 3, "estimate", true, 1, Double.POSITIVE_INFINITY);
        assertEquals(1, Sensitivity.perturbed(c, 0.1));     // 0.3 rounds to 0, below the minimum 1
        assertEquals(5, Sensitivity.perturbed(c, 1.5));     // 4.5 rounds up
        var d = new Sensitivity.Candidate(0, "y", 0.05, "estimate", false, 0, Double.POSITIVE_INFINITY);
        assertEquals(0.075, Sensitivity.perturbed(d, 1.5));
        assertEquals(0.025, Sensitivity.perturbed(d, 0.5));
    }

    @Test
    void candidatesKnowTheirDeclarationsThroughRecordsAndStepKinds() {
        JsonObject exp = ExperimentBuilder.from(Path.of("experiments/quickstart.json")).loaded().resolved();
        // host.baseTasks: a long with @Range(min = 0) in HostSpec
        RecordComponent base = Sensitivity.component(exp, "host.baseTasks").orElseThrow();
        assertSame(HostSpec.class, base.getDeclaringRecord());
        assertEquals("baseTasks", base.getName());
        assertEquals(0, base.getAnnotation(Range.class).min());
        // a step's field: through the step kind the node names
        RecordComponent count = Sensitivity.component(exp, "steps[0].count").orElseThrow();
        assertSame(DefineGuests.class, count.getDeclaringRecord());
        assertEquals(declared(DefineGuests.class, "count").getAnnotation(Range.class).min(), count.getAnnotation(Range.class).min());
        assertTrue(Sensitivity.component(exp, "overrides.x").isEmpty());
    }

    @Test
    void aNumberOnlyAStepKindReadsIsACandidateOnlyWhereTheWorkloadHasThatStep() {
        List<Sensitivity.Candidate> none = Sensitivity.candidates(ExperimentBuilder.from(Path.of("experiments/quickstart.json")).loaded().resolved());
        assertTrue(none.stream().noneMatch(c -> c.path().equals("stack.libvirt.destroyMs") || c.path().equals("stack.qemu.guestShutdownS")),
                "quickstart stops no guest");
        List<Sensitivity.Candidate> churn = Sensitivity.candidates(ExperimentBuilder.from(Path.of("experiments/churn-start-destroy-libvirtd-fds.json"))
                .loaded().resolved());
        assertTrue(churn.stream().anyMatch(c -> c.path().equals("stack.libvirt.destroyMs")), "the churn experiment destroys guests");
        assertTrue(churn.stream().noneMatch(c -> c.path().equals("stack.qemu.guestShutdownS")), "but shuts none down gracefully");
    }

    @Test
    void theRuleTakesEstimatesAndAssumptionsNotMeasurementsOrOverrides() {
        assertTrue(Sensitivity.isCandidate("estimate: host kernel, page tables"));
        assertTrue(Sensitivity.isCandidate("Assumed equal to online CPUs"));
        assertTrue(Sensitivity.isCandidate("calibrated on ONE seed point"));
        assertFalse(Sensitivity.isCandidate("fs/aio.c aio_max_nr = 0x10000"));
        assertFalse(Sensitivity.isCandidate("override (estimate: host kernel)"));
        List<Sensitivity.Candidate> cs = Sensitivity.candidates(ExperimentBuilder.from(Path.of("experiments/quickstart.json"))
                .set("host.hostReservedGiB", 20).loaded().resolved());
        assertTrue(cs.stream().anyMatch(c -> c.path().equals("stack.qemu.overheadMiB") && !c.integer()));
        assertTrue(cs.stream().anyMatch(c -> c.path().equals("host.baseTasks") && c.integer() && c.min() == 0));
        assertTrue(cs.stream().noneMatch(c -> c.path().equals("host.hostReservedGiB")), "set by --set: stated");
        assertTrue(cs.stream().noneMatch(c -> c.path().equals("host.cpus")), "from the talk: not an estimate");
    }
}
