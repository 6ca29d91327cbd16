package org.parley.client.load;

/**
 * What every receiving participant shows, as the web client's gallery page tells the SFU with
 * {@code receive-video} (docs/protocol.md): the first {@code pageSize} videos of its subscribe offer (in the
 * offer's order, the order they were published) shown at {@code width} x {@code height}, every other video
 * hidden. {@link #ALL}: no {@code receive-video} at all, every video at the SFU's default.
 */
public record ReceiveView(int pageSize, int width, int height) {
    public static final ReceiveView ALL = new ReceiveView(0, 0, 0);

    public ReceiveView {
        if (pageSize < 0 || width < 0 || height < 0 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("gallery page " + pageSize + " of " + width + "x" + height
                    + "; a page size of 0 or more, tiles of 0..16384 pixels");
        }
        if (pageSize > 0 && (width == 0 || height == 0)) {
            throw new IllegalArgumentException("gallery tiles need a size");
        }
    }

    public boolean all() {
        return pageSize == 0;
    }
}
