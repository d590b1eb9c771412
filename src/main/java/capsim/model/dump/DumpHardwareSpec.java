package capsim.model.dump;

import capsim.config.Doc;
import capsim.config.Range;

/** The bandwidths a host crash dump is bounded by. */
@Doc("bandwidths of a host crash dump: memory, dump device, dump storage")
public record DumpHardwareSpec(
        @Doc("one CPU copying memory into I/O buffers, MiB/s") @Range(min = 0.001) double memoryCopyMiBpsPerCpu,
        @Doc("one write stream to the stand-alone dump device, MiB/s") @Range(min = 0.001) double standaloneDeviceMiBps,
        @Doc("aggregate write bandwidth of the kdump target (file system on several paths), MiB/s") @Range(min = 0.001) double kdumpStorageMiBps,
        @Doc("RAM one CPU covers per second when makedumpfile scans page descriptors to filter, GiB/s") @Range(min = 0.001) double pageScanGiBpsPerCpu) {
}
