/**
 * The example plugin: a REST endpoint ({@code GET /api/hello}), a signaling message type
 * ({@code hello.echo}) and an event ({@code hello.echoed}), written against {@code org.parley.api} alone and
 * configured live from {@code etc/org.parley.plugins.hello.cfg}.
 */
package org.parley.plugins.hello;
