package org.parley.sfu.internal;

/**
 * A codec as one track carries it: the publisher's payload types (in) and the SFU's (out), which every
 * subscriber offer uses.
 *
 * @param fmtp format parameters as the publisher sent them (copied to subscribers), or null
 * @param inRtxPayloadType the publisher's RTX payload type for this codec, or -1
 * @param outRtxPayloadType the SFU's RTX payload type for this codec, or -1 when it has none (audio)
 */
record NegotiatedCodec(String name, int clockRate, int channels, String fmtp, int inPayloadType, int outPayloadType,
        int inRtxPayloadType, int outRtxPayloadType) {
}
