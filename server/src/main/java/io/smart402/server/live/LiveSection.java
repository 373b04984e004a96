package io.smart402.server.live;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * An optional section of the live stats, contributed by a capability the server may or may not run (an auto
 * scaler's instances, say): {@code snapshot} is called on every tick and its value (a record, a map: anything
 * Jackson writes) appears under {@code sections.<name>}; null leaves the section out of that event. The page
 * shows a section it does not know as a table of its fields.
 */
public record LiveSection(String name, Supplier<Object> snapshot) {

    public LiveSection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(snapshot, "snapshot");
    }
}
