/**
 * This machine as a host model: every value read from /proc and /sys with its source
 * ({@code capsim host detect}), and the /proc readers the validation probes share.
 */
package capsim.hostdetect;
