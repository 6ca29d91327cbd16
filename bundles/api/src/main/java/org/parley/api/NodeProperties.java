package org.parley.api;

/**
 * Names of the framework properties the kernel sets at boot. Read them with
 * {@code BundleContext.getProperty(name)}.
 */
public final class NodeProperties {
    /** The installation folder (holds bin/, system/, deploy/, etc/). */
    public static final String HOME = "parley.home";
    /** The data folder: embedded databases, recordings, logs, run files ({@code PARLEY_DATA}). */
    public static final String DATA = "parley.data";
    /** The hot-deploy folder watched for plugin jars. */
    public static final String DEPLOY = "parley.deploy";
    /** The configuration folder watched for {@code *.cfg} files. */
    public static final String ETC = "parley.etc";
    /** Wall-clock milliseconds at which the kernel started; used to report start-up time. */
    public static final String START_MILLIS = "parley.start.millis";
    /**
     * Prefix under which the kernel publishes every {@code PARLEY_*} environment variable:
     * {@code PARLEY_HTTP_PORT} becomes {@code parley.env.http.port}. Components let these override their
     * {@code etc/*.cfg} values, so that a deployment can move a port without editing files.
     */
    public static final String ENV_PREFIX = "parley.env.";

    private NodeProperties() {
    }
}
