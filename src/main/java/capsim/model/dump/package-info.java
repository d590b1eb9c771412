/** Crash dumps of the host: stand-alone dump and kdump times against host RAM, and the {@code dump} step kind. Imports {@code model.common}. */
package capsim.model.dump;
