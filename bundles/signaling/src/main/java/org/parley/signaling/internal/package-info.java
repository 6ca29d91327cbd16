/**
 * The meeting room over signaling: join with a ticket, the roster, self mute and hand, reactions, host
 * controls, reconnect grace and the meeting's live status. Everything that must outlive an update of this
 * bundle (rosters, flags, counts) is kept in the {@link org.parley.api.state.StateStore}; the component
 * fields hold only locks and configuration.
 */
package org.parley.signaling.internal;
