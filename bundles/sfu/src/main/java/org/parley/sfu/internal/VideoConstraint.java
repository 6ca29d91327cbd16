package org.parley.sfu.internal;

/**
 * What a receiver said about one video it receives ({@code receive-video}): whether it shows it, and at what
 * size in device pixels (0 = not said).
 */
record VideoConstraint(boolean visible, int width, int height) {
    /** Before the receiver said anything: shown, at no particular size. */
    static final VideoConstraint UNSPECIFIED = new VideoConstraint(true, 0, 0);
    static final VideoConstraint HIDDEN = new VideoConstraint(false, 0, 0);
    /** Larger than any camera or screen: caps what a client can make the selector compare. */
    static final int MAX_DIMENSION = 16384;

    VideoConstraint {
        if (width < 0 || height < 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new IllegalArgumentException("width and height must be 0.." + MAX_DIMENSION);
        }
    }

    boolean sized() {
        return width > 0 && height > 0;
    }
}
