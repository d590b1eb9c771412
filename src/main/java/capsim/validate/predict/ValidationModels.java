package capsim.validate.predict;

import capsim.config.Binder;
import capsim.config.Doc;
import capsim.config.InputException;
import capsim.config.PositionedJson;
import capsim.config.Range;
import capsim.validate.host.RefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The model files of validation itself (models/validate/): which stack model matches the QEMU
 * found on this host, the constants a probe compares a hard limit against, and the costs of
 * operations the simulator does not model yet.
 */
public final class ValidationModels {
    public static final Path DIR = Path.of("models", "validate");

    private ValidationModels() {
    }

    /** The accelerator a QEMU runs under: fd and thread costs differ (no ioeventfd, irqfd or vCPU fds under TCG). */
    public enum Accel {
        TCG, KVM
    }

    @Doc("a stack model for a QEMU version under an accelerator")
    public record StackEntry(
            @Doc("QEMU major.minor as qemu-system-* --version prints it") String qemu,
            @Doc("accelerator") Accel accel,
            @Doc("stack model file") String stack) {
    }

    @Doc("which stack model capsim validate compares a real QEMU against")
    public record StackIndex(@Doc("the stack models, first match wins") @Range(min = 1) List<StackEntry> stacks) {

        /** The stack for a version like "7.2.22" under {@code accel}, matched on major.minor. */
        public StackEntry match(String version, Accel accel) {
            String mm = majorMinor(version);
            for (StackEntry e : stacks) if (e.accel() == accel && e.qemu().equals(mm)) return e;
            throw new RefusedException("no stack model for QEMU " + version + " under " + Binder.enumName(accel)
                    + " in " + DIR.resolve("stacks.json") + "; add one (known: " + stacks.stream()
                    .map(s -> s.qemu() + "/" + Binder.enumName(s.accel())).toList() + ")");
        }
    }

    @Doc("QEMU constants the pci-slots probe compares against (the simulator has no PCI bus model)")
    public record Limits(
            @Doc("PCI_SLOT_MAX: slots per PCI bus") @Range(min = 1) int pciSlotsPerBus,
            @Doc("slots of the q35 root bus taken by the machine itself") @Range(min = 0) int q35ReservedRootSlots) {

        public int usableQ35RootSlots() {
            return pciSlotsPerBus - q35ReservedRootSlots;
        }
    }

    @Doc("costs of operations the simulator does not model yet")
    public record Costs(
            @Doc("system_reset of a machine besides its virtio-blk disks' resets, ms") @Range(min = 0) double resetBaseMs,
            @Doc("attaching one port to a bridge besides the port-list walks the net model counts, µs") @Range(min = 0) double bridgeAttachBaseUs) {
    }

    public static String majorMinor(String version) {
        String[] p = version.split("\\.");
        return p.length >= 2 ? p[0] + "." + p[1] : version;
    }

    public static StackIndex stackIndex() {
        return load(DIR.resolve("stacks.json"), StackIndex.class);
    }

    public static Limits limits() {
        return load(DIR.resolve("limits.json"), Limits.class);
    }

    public static Costs costs() {
        return load(DIR.resolve("costs.json"), Costs.class);
    }

    /** A costs file by path (the committed calibration's, models/validate/calibrated-HOST-tcg-costs.json). */
    public static Costs costs(Path file) {
        return load(file, Costs.class);
    }

    /**
     * The committed calibration for this host kind, if there is one: the stack file
     * models/stacks/calibrated-{@code label}-tcg-{@code target}.json and the costs file
     * models/validate/calibrated-{@code label}-tcg-costs.json that capsim validate --calibrate wrote.
     */
    public static java.util.Optional<Calibration> committedCalibration(String label, String target) {
        Path stack = Path.of("models", "stacks", "calibrated-" + label + "-tcg-" + target + ".json");
        Path costs = DIR.resolve("calibrated-" + label + "-tcg-costs.json");
        return Files.isRegularFile(stack) && Files.isRegularFile(costs) ? java.util.Optional.of(new Calibration(stack, costs)) : java.util.Optional.empty();
    }

    /** A committed calibration: its stack and costs files. */
    public record Calibration(Path stack, Path costs) {
    }

    public static <T> T load(Path file, Class<T> type) {
        if (!Files.exists(file)) {
            throw new InputException(file.toString(), "", 0, "model file not found (run capsim from the project folder)");
        }
        PositionedJson doc = PositionedJson.read(file);
        return new Binder(doc.origins(""), doc.file()).bind(doc.root(), type);
    }
}
