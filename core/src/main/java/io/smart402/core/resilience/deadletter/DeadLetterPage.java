package io.smart402.core.resilience.deadletter;

import java.util.List;

/**
 * One page of dead letters.
 *
 * @param unreachable storage nodes that did not answer: when not empty, letters kept there are missing
 */
public record DeadLetterPage(List<DeadLetter> letters, List<String> unreachable) {

    public DeadLetterPage {
        letters = List.copyOf(letters);
        unreachable = List.copyOf(unreachable);
    }

    /** The id to pass as {@code after} for the next page, or null when this page is not full. */
    public String nextAfter(int limit) {
        return letters.size() < limit ? null : letters.get(letters.size() - 1).id();
    }
}
