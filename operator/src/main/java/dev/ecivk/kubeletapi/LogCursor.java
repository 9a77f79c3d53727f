package dev.ecivk.kubeletapi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Remembers how far a followed log was delivered, so that each poll of the provider (which has no follow) yields
 * only the lines not yet sent. Two modes, chosen by what the provider returns:
 *
 * <ul>
 *   <li>lines carry RFC3339 timestamps: the position is the last timestamp plus how many lines with exactly that
 *       timestamp were sent; exact, also when several lines share a timestamp;
 *   <li>plain lines: each poll reads a window that overlaps the previous one; the window lines up to the longest
 *       run that equals the end of what was sent are dropped. Exact unless identical lines repeat across the
 *       overlap, which without timestamps nothing can disambiguate.
 * </ul>
 *
 * Pure: no I/O and no clock.
 */
final class LogCursor {
    /** How many sent lines the plain mode keeps to match the overlap against. */
    static final int MAX_REMEMBERED_LINES = 4096;

    /** How many lines are compared to find the overlap: enough to tell a position apart, bounded in cost. */
    static final int MAX_MATCH = 64;

    /** A line as the provider returned it (without its newline) and its parsed timestamp, if any. */
    record Line(String text, Instant timestamp, String withoutTimestamp) {}

    private Instant lastTimestamp;
    private int sentAtLastTimestamp;
    private final Deque<String> sentPlain = new ArrayDeque<>();

    /** The newest timestamp delivered, or null (no line yet, or plain lines). */
    Instant lastTimestamp() {
        return lastTimestamp;
    }

    /** Takes one provider answer and returns the lines not delivered before, in order. */
    List<Line> advance(String text) {
        List<Line> lines = split(text);
        if (lines.isEmpty()) {
            return lines;
        }
        boolean stamped = lines.stream().allMatch(line -> line.timestamp() != null);
        return stamped ? advanceStamped(lines) : advancePlain(lines);
    }

    private List<Line> advanceStamped(List<Line> lines) {
        List<Line> fresh = new ArrayList<>();
        int toSkip = sentAtLastTimestamp;
        for (Line line : lines) {
            Instant timestamp = line.timestamp();
            if (lastTimestamp != null && timestamp.isBefore(lastTimestamp)) {
                continue;
            }
            if (timestamp.equals(lastTimestamp)) {
                if (toSkip > 0) {
                    toSkip--;
                    continue;
                }
                sentAtLastTimestamp++;
            } else {
                lastTimestamp = timestamp;
                sentAtLastTimestamp = 1;
                toSkip = 0;
            }
            fresh.add(line);
        }
        return fresh;
    }

    private List<Line> advancePlain(List<Line> lines) {
        List<String> sent = new ArrayList<>(sentPlain);
        // where in the window the lines already sent end: the position after the longest run of window lines that
        // equals the end of what was sent (the earliest such position on a tie)
        int resumeAt = 0;
        int bestMatch = 0;
        for (int position = 1; position <= lines.size(); position++) {
            int match = matchLength(sent, lines, position);
            if (match > bestMatch) {
                bestMatch = match;
                resumeAt = position;
            }
        }
        List<Line> fresh = new ArrayList<>(lines.subList(resumeAt, lines.size()));
        for (Line line : fresh) {
            sentPlain.addLast(line.text());
            if (sentPlain.size() > MAX_REMEMBERED_LINES) {
                sentPlain.removeFirst();
            }
        }
        return fresh;
    }

    /** How many lines before {@code position} in the window equal the last lines sent (at most MAX_MATCH). */
    private static int matchLength(List<String> sent, List<Line> lines, int position) {
        int length = 0;
        while (length < MAX_MATCH
                && length < position
                && length < sent.size()
                && sent.get(sent.size() - 1 - length)
                        .equals(lines.get(position - 1 - length).text())) {
            length++;
        }
        return length;
    }

    static List<Line> split(String text) {
        List<Line> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return lines;
        }
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            String raw = end < 0 ? text.substring(start) : text.substring(start, end);
            lines.add(parse(raw));
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return lines;
    }

    static Line parse(String raw) {
        int space = raw.indexOf(' ');
        String head = space < 0 ? raw : raw.substring(0, space);
        if (head.length() >= 20 && Character.isDigit(head.charAt(0)) && head.charAt(10) == 'T') {
            try {
                Instant timestamp = OffsetDateTime.parse(head).toInstant();
                return new Line(raw, timestamp, space < 0 ? "" : raw.substring(space + 1));
            } catch (DateTimeParseException e) {
                // not a timestamp: a plain line that happens to start like one
            }
        }
        return new Line(raw, null, raw);
    }
}
