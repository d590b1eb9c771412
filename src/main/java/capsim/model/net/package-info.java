/** Host networking: netdev creation, qeth MAC registration, bridges, IPv6 routes, neighbours, and the {@code add-interfaces} step kind. Imports {@code model.common}. */
package capsim.model.net;
