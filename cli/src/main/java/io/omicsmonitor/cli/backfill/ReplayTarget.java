package io.omicsmonitor.cli.backfill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Where replay events go: the EventBridge bus, or the handlers in this process. */
interface ReplayTarget {

    /** How many events one {@link #send} takes at most. */
    int batchSize();

    /**
     * Delivers the events.
     *
     * @return one entry per event, in order: null when it was delivered, otherwise the reason it was not
     * @throws RuntimeException when nothing could be delivered for a reason every further call would meet too
     *                          (see {@link Failures#isFatal})
     */
    List<String> send(List<ObjectNode> events);
}
