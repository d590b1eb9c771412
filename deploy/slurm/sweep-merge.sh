#!/usr/bin/env bash
# Joins the shards of sweep-array.sh into one results folder, as one machine would have written
# it. Run after the array: sbatch --dependency=afterok:<array job id> deploy/slurm/sweep-merge.sh
#SBATCH --job-name=capsim-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=00:20:00
#SBATCH --output=capsim-merge-%j.log
set -euo pipefail
SHARDS=${SHARDS:-8}
CAPSIM_OUT=${CAPSIM_OUT:-results/benchmark-density}
CAPSIM=${CAPSIM:-./capsim}
exec $CAPSIM sweep --merge "$CAPSIM_OUT"/*-shard*of"$SHARDS"-* --out "$CAPSIM_OUT/merged"
