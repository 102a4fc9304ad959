package org.bootnode.ipxe;

/**
 * How the ready-made scripts of {@link BootScripts} retry and fall back.
 *
 * @param attempts how many times a download is tried before falling back (1..20; default 3)
 * @param pauseSeconds the pause between attempts (0..3600; default 5)
 * @param menuTimeoutMillis how long the fallback menu waits before it boots the failsafe
 *     image (1..86400000 ms; default 30000)
 */
public record BootScriptOptions(int attempts, int pauseSeconds, long menuTimeoutMillis) {

    /** Three attempts 5 s apart; the menu boots the failsafe image after 30 s. */
    public static final BootScriptOptions DEFAULTS = new BootScriptOptions(3, 5, 30_000);

    /** Checks the ranges. */
    public BootScriptOptions {
        if (attempts < 1 || attempts > 20) {
            throw new IllegalArgumentException("attempts: " + attempts + " (expected: 1..20)");
        }
        if (pauseSeconds < 0 || pauseSeconds > 3600) {
            throw new IllegalArgumentException("pauseSeconds: " + pauseSeconds + " (expected: 0..3600)");
        }
        if (menuTimeoutMillis < 1 || menuTimeoutMillis > 86_400_000L) {
            throw new IllegalArgumentException("menuTimeoutMillis: " + menuTimeoutMillis
                    + " (expected: 1..86400000)");
        }
    }

    /** The same with another number of attempts. */
    public BootScriptOptions withAttempts(int newAttempts) {
        return new BootScriptOptions(newAttempts, pauseSeconds, menuTimeoutMillis);
    }

    /** The same with another pause between attempts. */
    public BootScriptOptions withPauseSeconds(int newPause) {
        return new BootScriptOptions(attempts, newPause, menuTimeoutMillis);
    }

    /** The same with another menu timeout. */
    public BootScriptOptions withMenuTimeoutMillis(long newTimeout) {
        return new BootScriptOptions(attempts, pauseSeconds, newTimeout);
    }
}
