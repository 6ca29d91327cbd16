package org.parley.sfu.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley SFU", description = "The WebRTC media node: one UDP port for every participant")
public @interface SfuConfig {
    String PID = "org.parley.sfu";

    @AttributeDefinition(description = "Address the media UDP port binds to")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(description = "The media UDP port (one for all participants); 0 picks a free one")
    int port() default 10000;

    @AttributeDefinition(description = "Address put in ICE candidates; empty = the bind address (set it behind NAT)")
    String announced_address() default "";

    @AttributeDefinition(description = "Threads (and SO_REUSEPORT sockets) reading the media port; 0 = one per core")
    int io_threads() default 0;

    @AttributeDefinition(description = "Seconds without a STUN consent check before a connection is dropped")
    int consent_timeout_seconds() default 30;

    @AttributeDefinition(description = "Seconds a DTLS handshake may take")
    int dtls_timeout_seconds() default 10;

    @AttributeDefinition(description = "SRTP profiles, comma-separated, in order of preference (the DTLS server's choice wins)")
    String srtp_profiles() default "AEAD_AES_256_GCM,AEAD_AES_128_GCM,AES_CM_128_HMAC_SHA1_80";

    @AttributeDefinition(description = "Video codecs accepted from publishers, comma-separated, in order of preference")
    String video_codecs() default "VP8,VP9,H264";

    @AttributeDefinition(description = "Bitrate (bits/s) the SFU tells each video publisher it may send (REMB)")
    long max_video_bitrate() default 1_500_000;

    @AttributeDefinition(description = "Bitrate (bits/s) told (REMB) to a publisher that sends simulcast: room for all its layers")
    long max_simulcast_video_bitrate() default 2_500_000;

    @AttributeDefinition(description = "Minimum milliseconds between keyframe requests sent to one publisher's track")
    int keyframe_request_interval_ms() default 300;

    @AttributeDefinition(description = "Last-N video: cameras of this many most recent speakers go to each receiver in a large meeting (plus pinned videos and screen shares)")
    int last_n() default 25;

    @AttributeDefinition(description = "Top-N audio: microphones of this many loudest participants (plus the dominant speaker) go to each receiver in a large meeting")
    int top_n_audio() default 3;

    @AttributeDefinition(description = "A meeting with more publishers than this is large: last-N video and top-N audio apply")
    int large_meeting_threshold() default 20;

    @AttributeDefinition(description = "RTP packets/s the node forwards before it lowers last-N (back up by one a second below 80%); 0 = never")
    long max_forwarded_packet_rate() default 400_000;

    @AttributeDefinition(description = "Dynacast: tell simulcast publishers to stop encoding layers nobody receives")
    boolean dynacast() default true;

    @AttributeDefinition(description = "Diagnostic: a directory to record every subscriber's bandwidth-estimation trace in "
            + "(packets sent, transport-cc feedback and REMBs received, the estimate), one gzipped file per subscribe "
            + "connection; empty = off")
    String bwe_trace_dir() default "";

    @AttributeDefinition(description = "Diagnostic: a bandwidth trace stops at this many bytes of text (before gzip)")
    long bwe_trace_max_bytes() default 50_000_000;
    @AttributeDefinition(description = "Probe each receiver's downlink with padding (on a video's RTX stream) before stepping its videos up")
    boolean probing() default true;

    @AttributeDefinition(description = "Highest rate (bits/s) a bandwidth probe sends at")
    long probe_max_bitrate() default 5_000_000;

    @AttributeDefinition(description = "Longest wait (ms) between bandwidth probes while a receiver's videos want more than its estimate; failed probes back off up to it")
    int probe_interval_ms() default 5000;
}
