package io.omicsmonitor.cli.redrive;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The exact outcome of a redrive: what was received, re-sent, left on the queue (and why), and what failed. */
final class Summary {

    /** A message left on the queue; {@code failed} unless it was left on purpose (a dry run, a stop before its turn). */
    record Left(String messageId, String eventId, String reason, boolean failed) {
    }

    /** The reason of a message a dry run leaves: listed as "would re-send" when handled, not again in the summary. */
    static final String DRY_RUN = "dry run";

    private final boolean dryRun;
    private int received;
    private int resent;
    private int wouldResend;
    private final List<Left> left = new ArrayList<>();
    private String stopped;
    private String released;

    Summary(boolean dryRun) {
        this.dryRun = dryRun;
    }

    void received() {
        received++;
    }

    void resent() {
        resent++;
    }

    void wouldResend() {
        wouldResend++;
    }

    void left(String messageId, String eventId, String reason, boolean failed) {
        left.add(new Left(messageId, eventId, reason, failed));
    }

    void stop(String reason) {
        if (stopped == null) {
            stopped = reason;
        }
    }

    /** What happened to the left messages' visibility at the end (null: made visible again at once). */
    void released(String note) {
        released = note;
    }

    int receivedCount() {
        return received;
    }

    int resentCount() {
        return resent;
    }

    List<Left> leftMessages() {
        return List.copyOf(left);
    }

    int failedCount() {
        return (int) left.stream().filter(Left::failed).count();
    }

    String stopped() {
        return stopped;
    }

    /** 0: everything received was re-sent (or, in a dry run, would be); 1: something failed; 2: stopped early. */
    int exitCode() {
        if (stopped != null) {
            return 2;
        }
        return failedCount() == 0 ? 0 : 1;
    }

    void print(PrintWriter out) {
        out.printf("received: %d%n", received);
        if (dryRun) {
            out.printf("re-sent:  0 (dry run: nothing was invoked or deleted; %d would be re-sent)%n", wouldResend);
        } else {
            out.printf("re-sent:  %d (accepted by Lambda, then deleted from the queue)%n", resent);
        }
        long byDryRun = left.stream().filter(l -> l.reason().equals(DRY_RUN)).count();
        out.printf("left:     %d%s%n", left.size(), left.isEmpty() ? "" : (released == null
                ? " (on the queue, visible again" : " (on the queue; " + released)
                + (byDryRun == 0 ? ")" : "; " + byDryRun + " by the dry run, listed above)"));
        for (Left l : left) {
            if (l.reason().equals(DRY_RUN)) {
                continue;
            }
            out.printf("  message %s%s: %s%n", l.messageId(), l.eventId() == null ? "" : " (event " + l.eventId() + ")",
                    l.reason());
        }
        out.printf("failed:   %d%n", failedCount());
        if (stopped != null) {
            out.printf("stopped early: %s%n", stopped);
        }
    }
}
