package org.parley.api.media;

import java.util.Map;

/**
 * A debug view of the media server's state, for the admin API ({@code GET /api/admin/sfu}): plain maps and lists
 * ready to serialise as JSON. Offered by the SFU bundle; its shape is for people, not a stable contract.
 */
public interface MediaDiagnostics {
    /** Per meeting, per receiver: the bandwidth estimate and what each of its videos gets. */
    Map<String, Object> snapshot();
}
