package capsim.model.ssh;

import capsim.kernel.ConcurrentBatch;
import capsim.model.common.Step;
import capsim.model.common.StepContext;
import capsim.config.Default;
import capsim.config.Doc;
import capsim.config.Kind;
import capsim.config.Range;

/** A script on another machine opens many ssh sessions to the host at once (over multiplexed connections). */
@Kind("ssh-fanout")
@Doc("a remote script opens ssh sessions to the host in parallel, multiplexed over a few connections")
public record SshFanout(
        @Doc("sessions opened at once") @Range(min = 1, max = 1_000_000) int sessions,
        @Doc("ssh connections the sessions are multiplexed over (ControlMaster)") @Default("1") @Range(min = 1, max = 100_000) int connections,
        @Doc("how long each session's command runs, s") @Default("10") @Range(min = 0) double sessionS,
        @Doc("the script retries a refused session when one of the connection closes (else the command fails)") @Default("false") boolean retryRefused) implements Step {

    @Override
    public double expectedWork(capsim.model.common.GuestTemplate guest) {
        return sessions;
    }

    @Override
    public void run(StepContext ctx, Runnable next) {
        Sshd sshd = ctx.component(Sshd.class);
        new ConcurrentBatch(sessions, sessions, (i, done) -> sshd.session(i, connections, sessionS, retryRefused, done, i), next).start();
    }

}
