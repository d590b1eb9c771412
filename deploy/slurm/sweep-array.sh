#!/usr/bin/env bash
# A capsim sweep as a Slurm job array, one task per shard; the merge runs as a job that depends
# on the whole array:
#
#   jid=$(sbatch --parsable deploy/slurm/sweep-array.sh)
#   sbatch --dependency=afterok:$jid deploy/slurm/sweep-merge.sh
#
# Submit from the repository root on a shared file system (the tasks write their shards under
# $CAPSIM_OUT, the merge reads them there). Slurm gives each task its index in
# $SLURM_ARRAY_TASK_ID and the array's first index in $SLURM_ARRAY_TASK_MIN, which `--shard N`
# reads. Keep --array's size and SHARDS equal. A task that is requeued or rerun (sbatch again
# with --array=K) goes on with its shard's folder and runs only what its journal lacks.
#SBATCH --job-name=capsim-sweep
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=3G
#SBATCH --time=01:00:00
#SBATCH --output=capsim-sweep-%A_%a.log
set -euo pipefail
SHARDS=${SHARDS:-8}
SWEEP=${SWEEP:-experiments/sweeps/benchmark-density.json}
CAPSIM_OUT=${CAPSIM_OUT:-results/benchmark-density}
CAPSIM=${CAPSIM:-./capsim}
# --jobs: the CPUs Slurm gave this task
exec $CAPSIM sweep "$SWEEP" --shard "$SHARDS" --jobs "${SLURM_CPUS_PER_TASK:-1}" --out "$CAPSIM_OUT" --json --quiet
