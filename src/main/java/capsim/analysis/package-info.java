/**
 * What runs say: statistics of a batch (means and Student-t intervals per point, paired
 * differences of variants, growth exponents), the walls search on the way to a target (each
 * wall's knob raised by its typed conversion and proven by a run) and the tuning plan written in
 * each knob's real file format. Uses experiment, scenario and below; report and cli use it.
 */
package capsim.analysis;
