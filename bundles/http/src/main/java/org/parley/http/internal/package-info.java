/**
 * The node's web front: REST resources and WebSocket signaling handlers that any bundle offers as services
 * are served through two fixed servlets on Felix HTTP (Jetty 12). The servlets never change; what they
 * dispatch to is swapped atomically as services come and go, so plugins can be deployed, updated and
 * removed while clients stay connected.
 */
package org.parley.http.internal;
