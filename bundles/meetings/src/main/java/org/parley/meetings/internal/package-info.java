/**
 * The Meeting Service: meetings with 11-digit IDs, passcodes, settings, co-hosts and recurrence
 * ({@code /api/meetings}, {@code /api/me/meetings}), and the join check that hands out signed join tickets
 * for the room ({@code POST /api/meetings/{id}/join}).
 */
package org.parley.meetings.internal;
