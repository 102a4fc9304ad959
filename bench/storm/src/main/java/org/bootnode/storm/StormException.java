package org.bootnode.storm;

/** Why a simulated node's boot went wrong, in one line (anything from the network escaped). */
final class StormException extends Exception {
    StormException(String message) {
        super(message);
    }
}
