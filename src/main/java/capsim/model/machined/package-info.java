/** systemd-machined: its model record and its D-Bus queue with the pre-v219 message loop. Imports {@code model.common}. */
package capsim.model.machined;
