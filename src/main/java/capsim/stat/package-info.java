/** Statistics collected during a run: tallies with Student-t intervals, time-weighted values, counters. */
package capsim.stat;
