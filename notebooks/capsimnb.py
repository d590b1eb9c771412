"""Small helpers the capsim notebooks share: find the repository, run ./capsim, read its CSV.

The notebooks never simulate anything themselves: every number comes from a capsim command's
--json document or from the CSV files it writes. Standard library + matplotlib only.
"""
import csv
import json
import os
import shlex
import subprocess
import sys
import time
from collections import namedtuple
from pathlib import Path

# CAPSIM_NB_QUICK=1 (CI) shrinks every sweep to a few points and 2 replications.
QUICK = os.environ.get("CAPSIM_NB_QUICK", "").strip() not in ("", "0", "false", "no")


def find_root(start=None):
    """The capsim checkout: the first folder at or above `start` (default: the working
    directory, or CAPSIM_ROOT) that holds both the `capsim` launcher and `pom.xml`."""
    here = Path(start or os.environ.get("CAPSIM_ROOT") or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "capsim").is_file() and (folder / "pom.xml").is_file():
            return folder
    raise FileNotFoundError(
        f"no capsim checkout (a folder with ./capsim and pom.xml) at or above {here}; "
        "open the notebook from inside the repository or set CAPSIM_ROOT")


ROOT = find_root()
# Results go to an untracked folder: CAPSIM_NB_OUT, else results/notebooks/ (results/ is in .gitignore).
OUT = Path(os.environ.get("CAPSIM_NB_OUT") or ROOT / "results" / "notebooks").resolve()


Result = namedtuple("Result", "code doc stdout stderr")


def run(*args, out=True, ok=(0, 1), echo=True, parse_json=True):
    """Run `./capsim ARGS [--out OUT]` in the repository root and return a Result: the exit code,
    the --json document (or None), stdout and stderr. Exit code 1 means "broke / not reachable /
    a finding": an answer, not an error. An exit code not in `ok` raises with capsim's message."""
    OUT.mkdir(parents=True, exist_ok=True)
    cmd = [str(ROOT / "capsim"), *map(str, args)]
    if out:
        cmd += ["--out", str(OUT)]
    if echo:
        print("$ ./capsim " + " ".join(shlex.quote(str(a)) for a in cmd[1:]))
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, stdin=subprocess.DEVNULL)
    if proc.returncode not in ok:
        raise RuntimeError(f"capsim exited with {proc.returncode}:\n{proc.stderr.strip()}\n{proc.stdout[-2000:]}")
    doc = json.loads(proc.stdout) if parse_json and proc.stdout.strip().startswith("{") else None
    if echo:
        print(f"  exit code {proc.returncode}, {time.monotonic() - started:.1f} s"
              + (f", results in {doc['resultsDir']}" if doc and "resultsDir" in doc else ""))
    return Result(proc.returncode, doc, proc.stdout, proc.stderr)


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def read_csv(path):
    """Rows of a capsim CSV file as dicts, numbers as floats, other cells as strings."""
    with open(path, newline="") as f:
        return [{k: _number(v) for k, v in row.items()} for row in csv.DictReader(f)]


def series(summary_rows, metric, axis, variant=None):
    """One curve from summary.csv: (x, mean, ciLow, ciHigh) sorted by x, for one metric (and
    one variant of a comparison)."""
    rows = [r for r in summary_rows if r["metric"] == metric
            and (variant is None or r.get("variant") == variant)]
    # an axis column is named by the axis's first path ("steps[0].count" for a tied
    # "steps[0].count,steps[1].count"; columns.csv lists the tied paths)
    axis = axis.split(",")[0]
    rows.sort(key=lambda r: r[axis])
    return ([r[axis] for r in rows], [r["mean"] for r in rows],
            [r["ciLow"] for r in rows], [r["ciHigh"] for r in rows])


def fit(fit_rows, metric, variant=None):
    """The growth fit of fits.csv for a metric (and variant), or None if capsim fitted none."""
    for r in fit_rows:
        if r["metric"] == metric and (variant is None or r.get("variant") == variant):
            return r
    return None


def plot_band(ax, summary_rows, metric, axis, variant=None, label=None, fits=None, floor=0.0, **style):
    """The mean with its 95% confidence band; with `fits`, the fitted power law dashed and its
    exponent (± its 95% half-width) in the legend. The band is cut at `floor` (default 0: the
    metrics here are counts and times; with 2 replications Student's t makes wide intervals)."""
    x, mean, lo, hi = series(summary_rows, metric, axis, variant)
    if floor is not None:
        lo = [max(v, floor) for v in lo]
    label = label or variant or metric
    f = fit(fits, metric, variant) if fits else None
    if f:
        label += f"  (exponent {f['exponent']:.2f} ± {f['exponentHalfWidth']:.2f})"
    line, = ax.plot(x, mean, marker="o", label=label, **style)
    ax.fill_between(x, lo, hi, color=line.get_color(), alpha=0.2, linewidth=0)
    if f and isinstance(f.get("coefficient"), float):
        ax.plot(x, [f["coefficient"] * v ** f["exponent"] for v in x], linestyle="--",
                color=line.get_color(), linewidth=1, alpha=0.8)
    return line


def thousands(n):
    """12,345 for counts, 3 significant digits otherwise."""
    if isinstance(n, (int, float)) and float(n).is_integer():
        return f"{int(n):,}"
    if isinstance(n, float):
        return f"{n:,.3g}" if abs(n) < 1000 else f"{n:,.0f}"
    return str(n)


def table(rows, headers):
    """A Markdown table in the notebook (plain text outside Jupyter)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    text = "\n".join(lines)
    try:
        from IPython.display import Markdown, display
        display(Markdown(text))
    except ImportError:  # run as a plain script
        print(text)


def show_file(path, root=None):
    """Print a file written by capsim under a heading with its path."""
    path = Path(path)
    name = path.relative_to(root) if root else path
    print(f"==> {name} <==")
    print(path.read_text().rstrip())
    print()


def save(fig, name):
    """Save a figure next to the run's results too (PNG), so it can be put in a document."""
    figures = OUT / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    fig.savefig(figures / f"{name}.png", dpi=110, bbox_inches="tight")


if __name__ == "__main__":
    print(ROOT, OUT, QUICK, file=sys.stderr)
