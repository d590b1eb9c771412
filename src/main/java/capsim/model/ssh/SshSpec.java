package capsim.model.ssh;

import capsim.resource.KnobKind;
import capsim.resource.Tunable;
import capsim.config.Doc;
import capsim.config.Range;

/** The host's sshd, through which orchestration scripts drive it. */
@Doc("sshd of the host: session limit per connection")
public record SshSpec(
        @Doc("OpenSSH version") String version,
        @Doc("sshd_config MaxSessions: open sessions per network connection") @Tunable(kind = KnobKind.SSHD, key = "MaxSessions") @Range(min = 0) int maxSessions) {
}
