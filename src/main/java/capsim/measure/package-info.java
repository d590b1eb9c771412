/**
 * Units and metric types: what a reported or configured number measures. A leaf: every layer may
 * use it, it uses none. Reports, charts, CSVs and {@code --json} take units and labels from here.
 */
package capsim.measure;
