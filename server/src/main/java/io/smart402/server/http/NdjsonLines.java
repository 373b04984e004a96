package io.smart402.server.http;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Splits a byte stream into NDJSON lines as it arrives, with a per-line size limit. An over-long line
 * becomes one {@link Line} marked too long (its bytes are skipped up to the next newline), so one bad line
 * never ends the stream. Blank lines are counted but not emitted.
 */
final class NdjsonLines {

    /**
     * One line of input.
     *
     * @param number  1-based line number
     * @param bytes   the line without its terminator; null when {@code tooLong}
     */
    record Line(long number, byte[] bytes, boolean tooLong) {
    }

    private final int maxLineBytes;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private long number;
    private boolean overflow;

    private NdjsonLines(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** The operator: fresh splitter state per subscription. */
    static Flux<Line> split(Flux<byte[]> chunks, int maxLineBytes) {
        return Flux.defer(() -> {
            NdjsonLines splitter = new NdjsonLines(maxLineBytes);
            return chunks.concatMapIterable(splitter::accept)
                    .concatWith(Mono.fromSupplier(splitter::finish).flatMapIterable(l -> l));
        });
    }

    private List<Line> accept(byte[] chunk) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                append(chunk, start, i - start);
                end(out);
                start = i + 1;
            }
        }
        append(chunk, start, chunk.length - start);
        return out;
    }

    private List<Line> finish() {
        List<Line> out = new ArrayList<>(1);
        if (current.size() > 0 || overflow) {
            end(out);
        }
        return out;
    }

    private void append(byte[] chunk, int offset, int length) {
        if (overflow || length == 0) {
            return;
        }
        if (current.size() + length > maxLineBytes) {
            overflow = true;
            current.reset();
            return;
        }
        current.write(chunk, offset, length);
    }

    private void end(List<Line> out) {
        number++;
        if (overflow) {
            out.add(new Line(number, null, true));
        } else {
            byte[] bytes = current.toByteArray();
            int length = bytes.length;
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
            if (!isBlank(bytes, length)) {
                out.add(new Line(number, length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length), false));
            }
        }
        overflow = false;
        current.reset();
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
